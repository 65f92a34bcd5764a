# A throwaway PostgreSQL server for the store tests (issue 19), sourced by .ci/run.
#
#   postgres_start   initdb a fresh data folder under a temp dir, start the server on a free
#                    loopback port as a non-root user, and export KPI_TEST_POSTGRES (the
#                    superuser's URL, without password) and KPI_TEST_PGPASSWORD for the tests
#   postgres_stop    stop it and remove the folder
#
# postgres_start returns non-zero, having said why on one line, where no server can be
# started; the tests then print that the PostgreSQL store tests were skipped.

postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

postgres_start() {
  local bin
  if ! bin=$(postgres_bin); then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      echo "Installing postgresql with apt-get (store tests)"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
        >/dev/null 2>&1 || true
    fi
    bin=$(postgres_bin) || { echo "postgres-server: no PostgreSQL server installed"; return 1; }
  fi
  # The server refuses to run as root: as root, run it as the postgres system user.
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    run=(runuser -u postgres --)
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/kpi-postgres.XXXXXX)
  chmod 755 "$PG_TEST_DIR"
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$PG_TEST_DIR/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$PG_TEST_DIR"
  if ! "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U kpi_admin --auth=scram-sha-256 \
    --pwfile="$PG_TEST_DIR/pwfile" -E UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1; then
    echo "postgres-server: initdb failed (see $PG_TEST_DIR/initdb.log)"
    return 1
  fi
  rm -f "$PG_TEST_DIR/pwfile"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if ! "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -k $PG_TEST_DIR -c max_connections=200 -c fsync=off" \
    start >/dev/null; then
    echo "postgres-server: the server did not start (see $PG_TEST_DIR/server.log)"
    return 1
  fi
  PG_TEST_CTL=("${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data")
  export KPI_TEST_POSTGRES="postgres://kpi_admin@127.0.0.1:$port/postgres"
  export KPI_TEST_PGPASSWORD="$password"
  echo "postgres-server: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

postgres_stop() {
  if [ -n "${PG_TEST_DIR:-}" ]; then
    [ -n "${PG_TEST_CTL:-}" ] && "${PG_TEST_CTL[@]}" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
