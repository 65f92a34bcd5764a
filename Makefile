# kpi: the two commands of README.md, and their helpers.
#
#   make report   install what is missing, build, and run the main job on the bundled data
#   make test     install what is missing, build, and run every test

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
KPI := .build/release/kpi

.PHONY: deps test-deps build test report bench lint clean

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

test: test-deps
	$(SWIFT) test

# The main job: the bundled project, every analysis, the goals, the page and the notebook.
report: build
	$(KPI) report datasets/sjuharad-2025.yaml --out out --notebook notebooks-export/sjuharad-2025.ipynb

# kpi beside pandas and DuckDB on the same generated inputs (issue 8); writes
# Benchmarks/RESULTS.md. BENCH_ARGS=--quick for a run of about a minute.
BENCH_ARGS ?=
bench: deps
	@python3 -c "import pandas, duckdb, statsmodels" 2>/dev/null \
	  || python3 -m pip install -q pandas duckdb statsmodels \
	  || python3 -m pip install -q --break-system-packages pandas duckdb statsmodels
	python3 Benchmarks/run.py $(BENCH_ARGS)

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build out
