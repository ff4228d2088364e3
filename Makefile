# Quick start (README): `make report` and `make test`. Each creates its own virtualenv in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
REGION ?= northeast
OUT    ?= out/northeast-report.html
# DATA_DIR: a directory laid out like shared/data (e.g. ../shared/data); empty = embedded default
DATA_DIR ?=

.PHONY: report test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## report: set up and run the main job (Northeast China; fact base only unless DATA_DIR is set)
report: $(VENV)/.installed
	$(BIN)/revitalize report --region $(REGION) --out $(OUT) $(if $(DATA_DIR),--data-dir $(DATA_DIR))

## test: set up, install test dependencies and run the whole test suite
test: $(VENV)/.installed
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
