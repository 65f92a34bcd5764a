#!/usr/bin/env bash
# Reading a large survey CSV: kpi's streaming reader beside pandas.read_csv, same file, same run.
#
#   bash Benchmarks/csv-read.sh [MEGABYTES]     (default 1024)
#
# Prints throughput (MB/s) and peak RSS of each, and the ratio kpi/pandas in speed.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
dir=${BENCH_DIR:-/tmp/kpi-bench}
mkdir -p "$dir"
file="$dir/csv-read-${size}mb/survey.csv"

swift build -c release --product kpi-bench >/dev/null
bench=.build/release/kpi-bench
# kpi-bench generate writes about 315 MB of survey per unit of --scale.
[ -f "$file" ] || "$bench" generate --jobs survey --scale "$(python3 -c "print($size / 315)")" \
  --out "$(dirname "$file")" >/dev/null
python3 -c "import pandas" 2>/dev/null || pip install -q pandas

kpi=$("$bench" read-csv "$file" | tail -1)
pandas=$(python3 - "$file" <<'PY'
import os, resource, sys, time
import pandas as pd
path = sys.argv[1]
start = time.perf_counter()
frame = pd.read_csv(path, sep=",", dtype=str, keep_default_na=False, engine="c")
field_bytes = int(sum(frame[c].str.len().sum() for c in frame.columns))
seconds = time.perf_counter() - start
size = os.path.getsize(path)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{size},{len(frame)},{field_bytes},{seconds},{size / 1e6 / seconds},{rss}")
PY
)

python3 - "$kpi" "$pandas" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" <<'PY'
import sys
kpi, pandas, cores, cpu = sys.argv[1].split(","), sys.argv[2].split(","), sys.argv[3], sys.argv[4]
assert kpi[1] == pandas[1], f"row counts differ: kpi {kpi[1]}, pandas {pandas[1]}"
print(f"file: {int(kpi[0]) / 1e6:.0f} MB, {int(kpi[1]):,} rows; machine: {cores} cores, {cpu}")
print("| reader | MB/s | peak RSS (MB) |")
print("|---|---:|---:|")
for name, r in (("kpi (TableReader)", kpi), ("pandas.read_csv (c engine, dtype=str)", pandas)):
    print(f"| {name} | {float(r[4]):.0f} | {float(r[5]):.0f} |")
print(f"kpi is {float(kpi[4]) / float(pandas[4]):.1f}x pandas in throughput")
PY
