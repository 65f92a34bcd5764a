# kpi: the two commands of README.md, and their helpers.
#
#   make report   install what is missing, build, and run the main job on the bundled data
#   make test     install what is missing, build, and run every test

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
KPI := .build/release/kpi

.PHONY: deps build test report lint clean

# GSL is the numeric core; Swift finds it through pkg-config.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/ (then put it on PATH)" >&2; exit 1; }
	@if ! { command -v pkg-config >/dev/null && pkg-config --exists gsl; }; then \
	  echo "Installing libgsl-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgsl-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product kpi

test: deps
	$(SWIFT) test

# Until `kpi report` exists (issue 7) the main job is the goal test of the nätverksenkät 2025:
# 134 of 143 respondents satisfied, goal at least 85 %.
report: build
	@echo "kpi report finns ännu inte; kör kpi stats på nätverksenkäten 2025 (134 nöjda av 143, mål 85 %):"
	$(KPI) stats proportion --positive 134 --n 143 --goal 0.85

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

clean:
	rm -rf .build out
