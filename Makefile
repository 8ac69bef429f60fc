# The only set-up a newcomer needs: `make run` serves the product, `make test` runs the whole suite.
# Both create .venv, install the package and the Debian packages it needs, and are safe to re-run.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# Pango/HarfBuzz for WeasyPrint (harfbuzz-subset: without it font subsetting is 12–16x slower on CJK),
# the Noto CJK fonts the reports name, poppler for PDF checks; python3-venv for a fresh Debian.
RUN_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils
TEST_PACKAGES := $(RUN_PACKAGES) chromium

.PHONY: run test bench lint translations system-run system-test clean

system-run:
	@scripts/ensure-system-packages.sh $(RUN_PACKAGES)

system-test:
	@scripts/ensure-system-packages.sh $(TEST_PACKAGES)

# Re-install only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

# SQLite in instance/, migrated and loaded with the demo park (idempotent), then served over plain http.
run: system-run $(VENV)/.installed
	$(BIN)/maturity db upgrade
	$(BIN)/maturity seed --demo
	@for f in seeds/demo/demo-*.json; do echo "== $$f"; $(BIN)/maturity score "$$f" | head -2; done
	MATURITY_SESSION_COOKIE_SECURE=false MATURITY_REGISTRATION_CONFIRM_BY_EMAIL=false $(BIN)/maturity serve --host $(HOST) --port $(PORT)

test: system-test $(VENV)/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile

bench: system-run $(VENV)/.installed
	$(BIN)/python bench/cli.py
	$(BIN)/python bench/score.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/batch_import.py
	$(BIN)/python bench/bulk_reports.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/park.py  # needs PostgreSQL (MATURITY_TEST_DATABASE_URL, else postgres@127.0.0.1)

lint: $(VENV)/.installed
	$(BIN)/ruff check maturity tests bench
	$(BIN)/mypy maturity

# Re-extract the UI strings, merge them into the zh/en catalogues (no source locations, 110 columns, as
# committed) and compile the .mo files that are committed beside them. Translate new zh entries, then re-run.
translations: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F maturity/translations/babel.cfg -k _l --no-location --omit-header \
		-o maturity/translations/messages.pot maturity
	$(BIN)/pybabel -q update -i maturity/translations/messages.pot -d maturity/translations \
		--ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date -w 110
	$(BIN)/pybabel -q compile -d maturity/translations

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
