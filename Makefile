# Quick start (README): `make report` and `make test`. Each creates its own virtualenv in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
REGION ?= northeast
OUT    ?= out/northeast-report.html
# MIRROR: a directory laid out like shared/data (e.g. ../shared/data) overriding the datasets
# bundled in the package; empty = the bundle (offline, complete). DATA_DIR is its old name.
DATA_DIR ?=
MIRROR ?= $(DATA_DIR)

.PHONY: report test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## report: set up and run the main job (the full Northeast report from the bundled data, offline)
report: $(VENV)/.installed
	$(BIN)/revitalize report --region $(REGION) --output $(OUT) $(if $(MIRROR),--mirror $(MIRROR))

## test: set up, install test dependencies and run the whole test suite
test: $(VENV)/.installed
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
