# The two commands: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test lint check-migrations browser serve install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: install, migrate, load the demo collection and serve on http://127.0.0.1:8000
demo: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/, user admin, password $${DEMO_PASSWORD:-heritage-demo})"
	$(MANAGE) runserver 127.0.0.1:8000

## browser: Debian's Chromium for the browser tests, installed when missing
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium from Debian packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: install-dev
	DJANGO_SETTINGS_MODULE=heritage.settings.test $(MANAGE) makemigrations --check --dry-run

## test: lint, migration check and the whole suite (browser tests included)
test: install-dev browser lint check-migrations
	$(BIN)/pytest

clean:
	rm -rf var $(VENV)
