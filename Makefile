# Open Door: `make run` to try it, `make test` to check it. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Every absolute link the site makes (emails, certificates and their QR codes, join sheets) is
# built on SITE_URL: the address `make run` serves on, unless you set it (e.g. behind a proxy).
SITE_URL ?= http://$(HOST):$(PORT)

# Debian packages the site itself needs: Pango for WeasyPrint's PDFs, fonts for names in any script,
# gettext to compile the translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk gettext
# Compiled translations are built here, not committed. After changing UI text: `make messages`,
# translate the new entries in locale/es/LC_MESSAGES/django.po, then `make test`.
CATALOGS := locale/es/LC_MESSAGES/django.mo

.PHONY: run test lint format install system-packages migrate demo clean bench bench-journey messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What the site runs (requirements.txt) plus the tools that test and lint it (requirements-dev.txt).
# A production install is `pip install -r requirements.txt` alone: no Playwright, no pytest.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

system-packages:
	@scripts/ensure-debian-packages.sh $(SYSTEM_PACKAGES)

$(CATALOGS): locale/es/LC_MESSAGES/django.po | system-packages $(STAMP)
	$(BIN)/python manage.py compilemessages --locale es --ignore=$(VENV)

install: system-packages $(STAMP) $(CATALOGS)

messages: install
	$(BIN)/python manage.py makemessages --locale es --no-obsolete --add-location file \
		--ignore=$(VENV) --ignore=var --ignore=node_modules --ignore=tests --ignore=bench

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_curriculum
	$(BIN)/python manage.py load_practice_sets
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo_data

run: demo
	@echo ""
	@echo "Open Door is starting. Open these in your browser:"
	@echo "  Site:            http://$(HOST):$(PORT)/"
	@echo "  Sign in:         http://$(HOST):$(PORT)/accounts/login/"
	@echo "  CMS (trainers):  http://$(HOST):$(PORT)/cms/"
	@echo "  Emails are printed here, in this console."
	@echo ""
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Benchmarks (not part of `make test`): gunicorn under load, one JSON object, ratios to a baseline.
# `make bench FULL=1` (or BENCH_FULL=1) for the full data set; DATABASE_URL=postgres://… to run on PostgreSQL.
bench: install
	@scripts/ensure-debian-packages.sh wrk
	$(BIN)/python bench/run.py $(if $(FULL)$(BENCH_FULL),--full) $(BENCH_ARGS)

# Real learner journeys: 40 people walk a course at once against gunicorn, each step against a floor.
# JOURNEY_ARGS="--learners 40 --think 1 --output /tmp/journey.json"; DATABASE_URL/REDIS_URL as above.
bench-journey: install
	$(BIN)/python bench/journey.py $(JOURNEY_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
