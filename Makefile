# Naar Nul — the two commands a new user needs: `make run` and `make test`.
# Both create the virtual environment and install on first use; nothing needs installing by hand but Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-fast bench install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Naar Nul needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Starts the portal on http://localhost:$(PORT) with an SQLite database in ./data (NAARNUL_DATA_DIR, DATABASE_URL override).
run: $(STAMP)
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

# The whole suite: unit, store (SQLite file, and PostgreSQL when TEST_DATABASE_URL is set), AppTest, real browser.
test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

# Speed measurements as JSON lines; information, never a pass/fail.
bench: $(STAMP)
	@for script in bench/bench_*.py; do $(BIN)/python $$script || echo "{\"name\": \"$$script\", \"error\": true}"; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
