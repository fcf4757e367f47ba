# harvest-coop: every command installs what it needs first, from pinned files only.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ANVIL_PORT ?= 8545
WEB_PORT ?= 8000
export APE_DATA_FOLDER := $(CURDIR)/.ape
export VVM_BINARY_PATH := $(CURDIR)/.vvm
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE := 1
export HYPOTHESIS_PROFILE ?= ci

.PHONY: setup system-packages ape-compiled demo test test-unit test-stateful test-integration test-web bench fmt lint typecheck generate clean

setup: $(VENV)/.installed node_modules/.installed system-packages

# Debian's packages the web tests need, installed only when missing:
# chromium (the browser tests; never a downloaded browser) and postgresql
# (the database tests run once on SQLite and once on a real PostgreSQL).
system-packages:
	@if ! command -v chromium >/dev/null 2>&1 || ! { ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1; }; then \
	  echo "installing Debian's chromium and postgresql (apt-get) ..."; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium postgresql >/dev/null; \
	fi

# The pinned dependencies, then the package itself (editable, so scripts and
# tests import `harvest_coop` without any path edits).
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# mypy in its own environment (see requirements-mypy.lock).
.venv-mypy/.installed: requirements-mypy.lock
	@test -x .venv-mypy/bin/python || $(PY) -m venv .venv-mypy
	.venv-mypy/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-mypy.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

demo: setup
	$(BIN)/python scripts/demo.py --port $(ANVIL_PORT) --web-port $(WEB_PORT)

# Every suite is its own job, and `make -j2` keeps both cores busy with them,
# longest first (minutes on 2 otherwise idle cores, 2026-11-30: integration
# ~5.3; unit ~5.2; web ~4.8; the machines, 1,000 sequences each, ~3.3 to ~5.3
# and varying by a third from run to run; the attack tests ~1.6; lint
# ~0.7), so the last jobs to start are short ones.
# Each machine runs in a process of its own: a module's deployments (the
# attack tests deploy many co-ops) slow every later titanoboa call of the
# same process.
# `make test-stateful` etc. run one layer.
PYTEST := $(BIN)/python -m pytest -p no:ape_test -p no:boa_test -q --durations=3
FIRST_SUITE := stateful-pool
LATER_SUITES := stateful-governance web stateful-federation stateful-exchange stateful-harvest stateful-attacks
SUITES := integration unit $(FIRST_SUITE) $(LATER_SUITES)

# The installs side by side (pip into two environments, npm, apt-get), then
# the lint as one more job beside the suites.
# `ape compile` (most of a minute on a fresh checkout) is a job of its own:
# only the suites that run Ape need it, and the first property-test suite
# (which compiles with titanoboa) keeps the other core busy meanwhile. The
# later suites wait for it too (order only): make starts a goal that waited
# on a prerequisite only after it has started every goal behind it, so
# without this the two longest suites, which need `ape compile`, would start
# last.
test:
	$(MAKE) --no-print-directory -j4 setup .venv-mypy/.installed
	$(MAKE) --no-print-directory -j2 -Otarget $(addprefix suite-,$(SUITES)) lint

$(addprefix suite-,$(LATER_SUITES)) lint: | ape-compiled

ape-compiled: setup
	$(BIN)/ape compile

suite-unit: setup ape-compiled
	$(BIN)/ape test tests/unit -q -p no:boa_test

# One property-test file (titanoboa + hypothesis); pytest's end-of-session
# garbage collection (seconds on a heap of compiled contracts) is skipped.
suite-stateful-%: setup
	$(PYTEST) -p no:unraisableexception tests/stateful/test_$*_*.py

suite-integration: setup ape-compiled
	$(PYTEST) tests/integration

suite-web: setup
	$(PYTEST) tests/web

test-unit: suite-unit

test-stateful: setup
	$(PYTEST) -p no:unraisableexception tests/stateful

test-integration: suite-integration

test-web: suite-web

bench: setup
	$(BIN)/ape compile
	$(BIN)/python -m benchmarks.gas
	$(BIN)/python -m benchmarks.bench_web

fmt: setup
	$(BIN)/ruff format scripts tests harvest_coop benchmarks frontend
	$(BIN)/mamushi -l 120 contracts

lint: setup typecheck
	$(BIN)/ruff check scripts tests harvest_coop benchmarks frontend
	$(BIN)/ruff format --check scripts tests harvest_coop benchmarks frontend
	$(BIN)/mamushi -l 120 --check contracts

# The core layer strictly, the rest of the package and the web service with
# the default checks.
typecheck: setup .venv-mypy/.installed
	.venv-mypy/bin/mypy --python-executable $(BIN)/python harvest_coop frontend

# Shipped artifacts, typed event records and docs/reference.md, from the
# contracts as compiled (a unit test fails when they are stale).
generate: setup
	$(BIN)/ape compile
	$(BIN)/python -m harvest_coop.ape_layer.generate

clean:
	rm -rf .build .ape/ .vvm .hypothesis .pytest_cache .venv-mypy .cache/boa
