# kpi: the two commands of README.md, and their helpers.
#
#   make report   install what is missing, build, and run the main job on the bundled data
#   make interim  the same for the bundled interim report per 31 August 2023
#   make test     install what is missing, build (with the Postgres trait), and run every test
#   make fuzz     build the fuzz targets with libFuzzer and run each for FUZZ_SECONDS

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
KPI := .build/release/kpi

.PHONY: deps test-deps build test report interim bench lint clean fuzz fuzz-build

# GSL is the numeric core; Swift finds it through pkg-config.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/ (then put it on PATH)" >&2; exit 1; }
	@if ! { command -v pkg-config >/dev/null && pkg-config --exists gsl; }; then \
	  echo "Installing libgsl-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product kpi

# The tests also check every chart with xmllint and rsvg-convert, and the notebook with nbformat.
test-deps: deps
	@if ! { command -v xmllint && command -v rsvg-convert; } >/dev/null; then \
	  echo "Installing libxml2-utils and librsvg2-bin with apt-get (chart checks)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libxml2-utils librsvg2-bin; \
	fi
	@python3 -c "import nbformat" 2>/dev/null || python3 -m pip install -q nbformat \
	  || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-nbformat; }

# With the Postgres trait, so the shared store's tests run too (against the server in
# KPI_TEST_POSTGRES, which .ci/run starts; without one they say they were skipped).
test: test-deps
	$(SWIFT) test --traits Postgres

# The main job: the bundled project, every analysis, the goals, the page and the notebook.
report: build
	$(KPI) report datasets/sjuharad-2025.yaml --out out --notebook notebooks-export/sjuharad-2025.ipynb

# The interim report per 31 August 2023 (as_of: 2023-08-31), with its own store.
interim: build
	$(KPI) report datasets/sjuharad-2023-08.yaml --out out-2023-08 --notebook notebooks-export/sjuharad-2023-08.ipynb

# kpi beside DuckDB, Polars and pandas on the same generated inputs (issues 8, 15); writes
# Benchmarks/RESULTS.md. BENCH_ARGS=--quick for a run of about a minute.
BENCH_ARGS ?=
bench: deps
	@python3 -c "import pandas, duckdb, polars, statsmodels" 2>/dev/null \
	  || python3 -m pip install -q pandas duckdb polars statsmodels \
	  || python3 -m pip install -q --break-system-packages pandas duckdb polars statsmodels
	python3 Benchmarks/run.py $(BENCH_ARGS)

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift Fuzz

# Fuzzing (SPEC §8): the CSV reader, the XLSX reader and the YAML spec loader under libFuzzer
# and AddressSanitizer, each for FUZZ_SECONDS (10 minutes by default). Each target starts from
# a working copy of its committed seed corpus in $(FUZZ_WORK)/<target>/corpus, so the
# committed one is not flooded; crashes, hangs (over FUZZ_TIMEOUT seconds for one input) and
# runaway memory are written to $(FUZZ_WORK)/<target>/ and fail the run. Replay a finding with
# the normal build: `swift build --product fuzz-csv && .build/debug/fuzz-csv CRASH-FILE`.
# Fuzz/lsan.supp lists the third-party leaks LeakSanitizer reports; fuzz-xlsx runs without leak
# checks, because ZIPFoundation leaks the path of every archive it opens (see that file) and
# libFuzzer would then scan for leaks after every input, at a twentieth of the speed.
FUZZ_TARGETS := fuzz-csv fuzz-xlsx fuzz-spec
FUZZ_SECONDS ?= 600
FUZZ_TIMEOUT ?= 5
FUZZ_RSS_MB ?= 2048
FUZZ_BUILD := .build-fuzz
FUZZ_WORK := $(FUZZ_BUILD)/work

fuzz-build: deps
	@for target in $(FUZZ_TARGETS); do \
	  $(SWIFT) build -c debug --scratch-path $(FUZZ_BUILD) --product $$target \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 \
	    | grep -v "Cannot export local symbol '__asan"; \
	  test "$${PIPESTATUS[0]}" -eq 0 || exit 1; \
	done

fuzz: fuzz-build
	@failed=""; \
	for target in $(FUZZ_TARGETS); do \
	  work=$(FUZZ_WORK)/$$target; rm -rf $$work; mkdir -p $$work/corpus; \
	  cp Fuzz/corpus/$$target/* $$work/corpus/; \
	  echo "== $$target: $(FUZZ_SECONDS) s, log in $$work/fuzz.log"; \
	  extra=""; \
	  if [ $$target = fuzz-xlsx ]; then extra=-detect_leaks=0; fi; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan.supp \
	    $(FUZZ_BUILD)/debug/$$target $$work/corpus -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -print_final_stats=1 \
	    -artifact_prefix=$$work/ $$extra > $$work/fuzz.log 2>&1 || failed="$$failed $$target"; \
	done; \
	echo; echo "target      seconds  executions  exec/s  cov  ft  finding"; \
	for target in $(FUZZ_TARGETS); do \
	  log=$(FUZZ_WORK)/$$target/fuzz.log; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log); \
	  speed=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$log); \
	  last=$$(grep -E '^#[0-9]+' $$log | tail -1); \
	  cov=$$(echo "$$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p'); \
	  ft=$$(echo "$$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p'); \
	  finding=$$(ls $(FUZZ_WORK)/$$target | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | head -1); \
	  printf "%-11s %7s  %10s  %6s  %4s  %4s  %s\n" $$target $(FUZZ_SECONDS) "$$runs" "$$speed" \
	    "$$cov" "$$ft" "$${finding:-none}"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings in$$failed (see $(FUZZ_WORK))" >&2; exit 1; fi

clean:
	rm -rf .build $(FUZZ_BUILD) out out-2023-08
