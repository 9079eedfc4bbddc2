# make run: a local server with the demo; make test: the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := LOCAL_SECRET_KEY=1 $(BIN)/flask --app app

.PHONY: run test check lint types evaluate train benchmark translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt requirements-train.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@$(FLASK) mail-where
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Two processes by default (pytest-xdist); PYTEST_ARGS="-n 0" runs in one, for a debugger.
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# The statement reader: figures by leave-one-writer-out (about 2 minutes), and refitting the
# shipped model file from corpus/ (commit partnership/domain/language/model.json afterwards).
evaluate: $(VENV)/.test-installed
	$(BIN)/python -m partnership.domain.language.evaluate

train: $(VENV)/.test-installed
	$(BIN)/python -m partnership.domain.language.train

benchmark: $(VENV)/.test-installed
	$(BIN)/python -m benchmarks.import_large
	$(BIN)/python -m benchmarks.serve_large

# After changing user-facing strings: extract, merge into each language, translate, compile.
translations: $(VENV)/.run-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k NP_:1,2 -k lazy_ngettext:1,2 --project="Partnership Tracker" -o partnership/translations/messages.pot .
	$(BIN)/pybabel update -i partnership/translations/messages.pot -d partnership/translations --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d partnership/translations --statistics

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(VENV)/.test-installed
	$(BIN)/mypy

# The quick loop, well under a minute: lint, formatting, types and the domain's own tests.
check: lint types
	$(BIN)/python -m pytest -n auto -q tests/domain

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
