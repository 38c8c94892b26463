# Naar Nul — the two commands a new user needs: `make run` and `make test`.
# Both create the virtual environment and install on first use; nothing needs installing by hand but Python 3.11+.
# They install exactly the versions in uv.lock (through requirements-test.txt), the same ones Streamlit Community
# Cloud installs from requirements.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# `uv export` with the flags that make requirements*.txt from uv.lock (tests/unit/test_packaging.py uses the same).
EXPORT := $(BIN)/uv export --frozen --quiet --format requirements-txt --no-hashes --no-emit-project --no-header
HEADER := \# Generated from uv.lock by `make lock`; do not edit by hand.

.PHONY: run test test-postgres test-fast lint lock bench install clean

$(STAMP): pyproject.toml requirements-test.txt
	@$(PYTHON) -c 'import sys; sys.exit("Naar Nul needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@# Remove what an older install left that the lock no longer lists, so the tests never lean on it.
	$(BIN)/uv pip sync --quiet --offline --python $(BIN)/python requirements-test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Starts the portal on http://localhost:$(PORT) with an SQLite database in ./data (NAARNUL_DATA_DIR, DATABASE_URL override).
run: $(STAMP)
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT) --server.fileWatcherType auto

# The gates first (layering, lint, types), then the whole suite: unit, store (SQLite file, and PostgreSQL when
# TEST_DATABASE_URL is set), AppTest, real browser. When TEST_DATABASE_URL is set (CI), a second pass runs every
# other test that uses a database (AppTest, browser servers) again on PostgreSQL, each on a fresh database
# (tests/conftest.py). pytest's "no tests collected" (exit 5) counts as a failure.
test: lint
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure here" >&2; fi; \
	[ $$status -eq 0 ] || exit $$status; \
	if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

# The database-using tests again, on PostgreSQL (needs TEST_DATABASE_URL); `make test` runs it when that is set.
test-postgres: $(STAMP)
	@started=$$(date +%s); NAARNUL_TEST_BACKEND=postgres $(BIN)/python -m pytest tests/integration tests/app tests/e2e \
	  $(PYTEST_ARGS); status=$$?; \
	echo "make test-postgres: PostgreSQL pass took $$(( $$(date +%s) - started )) s"; \
	if [ $$status -eq 5 ]; then echo "make test-postgres: pytest collected no tests; that is a failure here" >&2; fi; \
	exit $$status

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

# Import contracts ([tool.importlinter] in pyproject.toml), ruff and mypy ([tool.ruff], [tool.mypy]).
lint: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check --no-cache .
	$(BIN)/mypy

# After changing dependencies in pyproject.toml: resolve uv.lock again and regenerate both requirements files.
lock: $(STAMP)
	$(BIN)/uv lock
	{ echo '$(HEADER)'; $(EXPORT) --no-dev; } > requirements.txt
	{ echo '$(HEADER)'; $(EXPORT) --extra test; } > requirements-test.txt

# Speed measurements as JSON lines; information, never a pass/fail. BENCH_TIMEOUT bounds each script (seconds).
bench: $(STAMP)
	@for script in bench/bench_*.py; do timeout $${BENCH_TIMEOUT:-3600} $(BIN)/python $$script || echo "{\"name\": \"$$script\", \"error\": true}"; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
