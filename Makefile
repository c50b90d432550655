# yjanalysis: `make report` builds the demo report, `make test` runs the checks.
# Both create the virtual environment in .venv and install the locked libraries first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO := data/raw/demo
DEMO_DONE := $(DEMO)/.complete
PROCESSED := data/processed/indicators.parquet
YJS ?= Southampton
PERIOD_END ?= 2024-12

.DEFAULT_GOAL := help
.PHONY: help install demo build report test check types api lint format lab lock benchmark clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The lock (uv, hashed, for Windows, macOS and Linux) pins every library and its checksums:
# pip refuses a file whose hash differs. requirements.lock has the core, JupyterLab and the
# developers' tools; requirements-core.lock the core alone (the library, the command, the refresh).
$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(INSTALLED)

install: $(INSTALLED) ## Create .venv and install the locked libraries (hashes checked) and the package

$(DEMO_DONE): $(INSTALLED) $(wildcard src/yjanalysis/inputs/demo/*.py src/yjanalysis/inputs/demo/service_files/*.py src/yjanalysis/inputs/demo/service_files/*/*.toml src/yjanalysis/inputs/demo/service_files/*/commentary/* src/yjanalysis/inputs/demo/service_files/*/commentary/*/*)
	$(BIN)/yjanalysis demo --out $(DEMO)
	touch $(DEMO_DONE)

demo: $(DEMO_DONE) ## Write the synthetic demo inputs to data/raw/demo

$(PROCESSED): $(DEMO_DONE) $(shell find src -name '*.py' -o -name '*.csv' 2>/dev/null)
	$(BIN)/yjanalysis build --raw $(DEMO) --processed data/processed

build: $(PROCESSED) ## Build data/processed/indicators.parquet from the demo inputs

report: $(DEMO_DONE) ## Build the HTML report from the bundled demo data (YJS=, PERIOD_END=)
	$(BIN)/yjanalysis refresh --yjs "$(YJS)" --period-end $(PERIOD_END) --raw $(DEMO)
	@echo "open index.html in the folder published above"

test: $(INSTALLED) ## Lint, format check, types and every test (across the cores)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

check: $(INSTALLED) ## Lint, format check, types and the fast tests (within 90 s)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q -m "not e2e and not browser and not fault and not realdata and not slow"

types: $(INSTALLED) ## Check the package's types with mypy
	$(BIN)/python -m mypy

api: $(INSTALLED) ## Write the API reference (HTML, from the docstrings) to docs/api
	$(BIN)/python -m pdoc --docformat numpy -o docs/api yjanalysis

lint: $(INSTALLED) ## Lint with ruff
	$(BIN)/ruff check .

format: $(INSTALLED) ## Format with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: $(INSTALLED) ## Open JupyterLab with the project's kernel and jupytext pairing
	$(BIN)/jupyter lab --notebook-dir=.

benchmark: $(INSTALLED) ## Print the speed and memory benchmarks (build, case-level, refresh)
	$(BIN)/python benchmarks/build_benchmark.py
	$(BIN)/python benchmarks/caselevel_benchmark.py
	$(BIN)/python benchmarks/refresh_benchmark.py
	$(BIN)/python benchmarks/disclosure_benchmark.py
	$(BIN)/python benchmarks/stats_benchmark.py

UV_LOCK := $(BIN)/uv pip compile pyproject.toml --universal --fork-strategy fewest --generate-hashes \
	--python-version 3.11 --custom-compile-command "make lock" --quiet

lock: $(INSTALLED) ## Re-resolve the newest allowed libraries for every system (uv) into the locks
	$(UV_LOCK) --extra dev -o requirements.lock
	$(UV_LOCK) -o requirements-core.lock

clean: ## Remove the virtual environment and everything built
	rm -rf $(VENV) data/processed reports $(DEMO)/*.csv $(DEMO_DONE) build dist src/*.egg-info
