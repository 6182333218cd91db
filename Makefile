# Open Door: `make run` to try it, `make test` to check it. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages the site itself needs: Pango for WeasyPrint's PDFs, fonts for names in any script.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk

.PHONY: run test lint format install system-packages migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

system-packages:
	@scripts/ensure-debian-packages.sh $(SYSTEM_PACKAGES)

install: system-packages $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_curriculum
	$(BIN)/python manage.py load_demo_data

run: demo
	@echo ""
	@echo "Open Door is starting. Open these in your browser:"
	@echo "  Site:            http://$(HOST):$(PORT)/"
	@echo "  Sign in:         http://$(HOST):$(PORT)/accounts/login/"
	@echo "  CMS (trainers):  http://$(HOST):$(PORT)/cms/"
	@echo "  Emails are printed here, in this console."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
