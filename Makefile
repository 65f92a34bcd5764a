# kpi: the two commands of README.md, and their helpers.
#
#   make report   install what is missing, build, and run the main job on the bundled data
#   make test     install what is missing, build, and run every test

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
KPI := .build/release/kpi

.PHONY: deps test-deps build test report lint clean

# GSL is the numeric core; Swift finds it through pkg-config.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/ (then put it on PATH)" >&2; exit 1; }
	@if ! { command -v pkg-config >/dev/null && pkg-config --exists gsl; }; then \
	  echo "Installing libgsl-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product kpi

# The tests also check every chart with xmllint and rsvg-convert.
test-deps: deps
	@if ! { command -v xmllint && command -v rsvg-convert; } >/dev/null; then \
	  echo "Installing libxml2-utils and librsvg2-bin with apt-get (chart checks)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libxml2-utils librsvg2-bin; \
	fi

test: test-deps
	$(SWIFT) test

# Until `kpi report` exists (issue 7) the main job runs each analysis on the bundled datasets,
# writing its tables and summaries under out/.
report: build
	@echo "== Nätverksenkät 2025 jämfört med 2024 (out/natverksenkat)"
	@$(KPI) survey --data datasets/natverksenkat/2025.xlsx --spec datasets/natverksenkat/spec-2025.yaml \
	  --previous datasets/natverksenkat/2024.csv --previous-spec datasets/natverksenkat/spec-2024.yaml \
	  --out out/natverksenkat
	@echo "== Närvårdskontorets enkät, december 2025 (out/narvard)"
	@$(KPI) questionnaire --data datasets/narvard/2025-12.csv --spec datasets/narvard/spec-2025-12.yaml \
	  --out out/narvard
	@echo "== Målet för nätverksenkäten prövat: 134 nöjda av 143, mål 85 %"
	@$(KPI) stats proportion --positive 134 --n 143 --population 223 --goal 0.85

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build out
