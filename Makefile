# Quick start (README): `make report` and `make test`. Each creates its own virtualenv in .venv
# and installs what it needs: `report` the core package only (light: no duckdb/web/dask/statsmodels),
# `test` the test extra (every optional extra, the docs tools, the test tools and the peers).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
REGION ?= northeast
OUT    ?= out/northeast-report.html
# MIRROR: a directory laid out like shared/data (e.g. ../shared/data) overriding the datasets
# bundled in the package; empty = the bundle (offline, complete). DATA_DIR is its old name.
DATA_DIR ?=
MIRROR ?= $(DATA_DIR)
# One BLAS thread: the kernels are small and the machine is shared (see README).
THREADS := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: report test test-fast docs lint wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# core install (what `revitalize report` needs)
$(VENV)/.installed-core: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# everything: extras, docs tools, test tools and peers
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-core

## report: set up (core install) and run the main job (the Northeast report from the bundled data, offline)
report: $(VENV)/.installed-core
	$(THREADS) $(BIN)/revitalize report --region $(REGION) --output $(OUT) $(if $(MIRROR),--mirror $(MIRROR))

## test: set up, install the test dependencies and run the whole test suite (tutorials included)
test: $(VENV)/.installed
	$(THREADS) $(BIN)/python -m pytest -n 2 -q

## docs: build the documentation site (docs/ -> site/) with warnings as errors
docs: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(THREADS) $(BIN)/mkdocs build --strict --quiet -f docs/mkdocs.yml

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

## wheel: build the wheel into dist/ (examples, bundled datasets and py.typed inside)
wheel: $(VENV)/.installed
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) out site dist .pytest_cache
