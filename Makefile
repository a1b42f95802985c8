# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make serve   build plans.db from corpus/ (reading only the PDFs that changed) and serve the site
#   make test    run the whole test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8001
DB     ?= plans.db
JOBS   ?= 2

.PHONY: serve test build lint bench clean

serve: build
	$(BIN)/plans serve --db $(DB) --port $(PORT)

# Always run: the build itself decides what to read again (a per-document cache keyed by
# each PDF's sha256, a hash of the code and the parsed content of the rule packs read for
# it, .plans-cache/), and returns at
# once when nothing changed. One rule of invalidation, in one place, instead of a list of
# sources here that could miss one. Exit status 1 means some files failed and were reported:
# the database was still built from the rest, so the site is still served.
build: $(VENV)/.installed
	$(BIN)/plans build --corpus corpus --db $(DB) --jobs $(JOBS) || test $$? -eq 1

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

bench: $(VENV)/.test-installed
	$(BIN)/python bench/bench_build.py

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
	rm -rf $(VENV) $(DB) .plans-cache .pytest_cache
