# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make serve   build plans.db from corpus/ (only when a PDF or the code changed) and serve the site
#   make test    run the whole test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8001
DB     ?= plans.db
JOBS   ?= 2

SOURCES := $(shell find kernel extractor rules graph council_plans site -name '*.py' -o -name '*.yaml' 2>/dev/null) \
           pyproject.toml datasette_metadata.json
CORPUS  := $(wildcard corpus/*.pdf corpus/*.PDF corpus/manifest.json)

.PHONY: serve test build lint bench clean

serve: $(DB)
	$(BIN)/plans serve --db $(DB) --port $(PORT)

build: $(DB)

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

bench: $(VENV)/.test-installed
	$(BIN)/python bench/bench_build.py

$(DB): $(VENV)/.installed $(SOURCES) $(CORPUS)
	$(BIN)/plans build --corpus corpus --db $(DB) --jobs $(JOBS)
	@touch $(DB)

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements.lock -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
