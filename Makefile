# The two commands of the README, and what they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app eventapp
PORT ?= 5000
# Links in e-mails point at the server make run starts, not at what a request claims.
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install install-dev run test test-sqlite test-postgres browsers db demo clean lint typecheck format translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# One Vietnamese catalogue for every feature. The compiled .mo is built here, at
# install time, never by the running app (workers starting together would race).
TRANSLATIONS := eventapp/translations
CATALOGUE := $(TRANSLATIONS)/vi/LC_MESSAGES/messages
# Keywords that mark translatable text (Text(...) carries the domain's messages).
# tests/functional/test_translations.py extracts with the same ones.
EXTRACT_KEYWORDS := -k _l -k lazy_gettext -k Text

$(CATALOGUE).mo: $(CATALOGUE).po | $(BIN)/python
	$(BIN)/pybabel --quiet compile -d $(TRANSLATIONS) -D messages

install: $(VENV)/.installed $(CATALOGUE).mo

install-dev: $(VENV)/.installed-dev $(CATALOGUE).mo

# After adding or changing a text: extract every msgid from the code and the
# templates, merge them into the catalogue (new ones arrive untranslated: write
# their Vietnamese, the tests fail until you do), compile. Sorted, without source
# lines and without a timestamp, so two branches adding texts rarely conflict.
translations: $(VENV)/.installed-dev
	$(BIN)/pybabel --quiet extract -F babel.cfg $(EXTRACT_KEYWORDS) \
		--no-location --sort-output --no-wrap -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -D messages \
		--no-fuzzy-matching --ignore-obsolete --no-wrap --ignore-pot-creation-date
	rm $(TRANSLATIONS)/messages.pot
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS) -D messages

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo --if-empty

run: demo
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Chromium, Redis and (for TEST_DATABASE_URL on this machine) PostgreSQL are
# installed or started by scripts/test-services, or it says what to run.
test: install-dev
	scripts/test-services
	env -u TEST_DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
		$(BIN)/pytest -q; \
	else \
		echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Files and strictness are in pyproject.toml ([tool.mypy]): domain/ and services/.
typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache
