# The two commands: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
SEARCH_ENGINE_PORT ?= 9201
export SEARCH_ENGINE_PORT

.PHONY: demo serve test bench lint check-migrations browser search-engine search-engine-stop install install-dev lock clean

## Python packages: requirements*.in are the lists people edit; requirements*.txt are the
## locks made from them by `make lock` (every package pinned, with hashes, for CPython 3.11
## on Linux x86_64). Installing needs only pip: it refuses any file whose hash is not in
## the lock and, with --no-deps, anything the lock does not name.
PIP_VERSION := 26.3
UV_VERSION := 0.13.8
LOCK_TARGET := --python-version 3.11 --python-platform x86_64-unknown-linux-gnu
LOCK_ARGS ?=
UV_COMPILE = $(strip $(BIN)/uv pip compile --quiet --generate-hashes $(LOCK_TARGET) \
	--custom-compile-command "make lock" $(LOCK_ARGS))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## lock: re-pin requirements.txt and requirements-dev.txt from the .in files; pins already
## in a lock are kept unless its .in asks otherwise (`make lock LOCK_ARGS=--upgrade`
## moves every package to the newest version the .in files allow)
lock: | $(BIN)/python
	@$(BIN)/uv --version 2>/dev/null | grep -qx 'uv $(UV_VERSION)' \
		|| $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

## map libraries (Leaflet and plugins) from the npm registry, served by the site itself
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

## demo: install, migrate, load the demo collection and serve on http://127.0.0.1:8000
demo: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/, user admin, password $${DEMO_PASSWORD:-heritage-demo})"
	$(MANAGE) runserver 127.0.0.1:8000

## serve: the production layout on this machine (gunicorn, the task worker, the database
## cache, compressed hashed static files) on http://127.0.0.1:8000; see scripts/serve.sh
serve: install
	scripts/serve.sh

## browser: Debian's Chromium (and libmagic) for the live-server tests, installed when missing
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium from Debian packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; \
	fi
	@# libmagic: the IIIF image validator (iiif-validator) loads it through python-magic.
	@if ! ls /usr/lib/*/libmagic.so.1 /usr/lib/libmagic.so.1 2>/dev/null | grep -q .; then \
		echo "Installing libmagic1 from Debian packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libmagic1; \
	fi

## search-engine: a single-node OpenSearch from Maven Central on 127.0.0.1:$(SEARCH_ENGINE_PORT)
search-engine:
	search/engine/opensearch.sh start

search-engine-stop:
	search/engine/opensearch.sh stop

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: install-dev
	DJANGO_SETTINGS_MODULE=heritage.settings.test $(MANAGE) makemigrations --check --dry-run

## test: lint, migration check, then the whole suite on SQLite against the database
## fallback and a real OpenSearch node, and the site, search, map and input suites again on a real
## PostgreSQL (both servers started here and stopped afterwards, even when tests fail)
SEARCH_CLUSTER_URL ?= opensearch://127.0.0.1:9211,127.0.0.1:9212?replicas=1
test: install-dev browser lint check-migrations
	search/engine/opensearch.sh start
	scripts/postgres.sh start || { search/engine/opensearch.sh stop; exit 1; }
	search/engine/cluster.sh start || { scripts/postgres.sh stop; search/engine/opensearch.sh stop; exit 1; }
	status=0; \
	SEARCH_CLUSTER_URL=$(SEARCH_CLUSTER_URL) POSTGRES_TEST_URL=$$(scripts/postgres.sh url) \
	SEARCH_TEST_URL=opensearch://127.0.0.1:$(SEARCH_ENGINE_PORT) $(BIN)/pytest || status=$$?; \
	SEARCH_CLUSTER_URL=$(SEARCH_CLUSTER_URL) \
	SEARCH_TEST_URL=opensearch://127.0.0.1:$(SEARCH_ENGINE_PORT) DATABASE_URL=$$(scripts/postgres.sh url) \
		$(BIN)/pytest tests/heritage tests/media tests/search tests/gis tests/exchange tests/opendata tests/festivals tests/dictionary tests/research tests/reporting tests/linkeddata tests/bulk tests/audit tests/accounts tests/api tests/test_public_inputs.py || status=$$?; \
	search/engine/cluster.sh stop; scripts/postgres.sh stop; search/engine/opensearch.sh stop; exit $$status

## bench: every benchmark in bench/ at BENCH_SIZES records (each prints its figures beside
## the issue's targets and writes JSON under var/bench/); the engine ones run against the
## OpenSearch node started here. Hours at 100 000 on two cores: `make bench BENCH_SIZES=10000`
## for a quick pass. Not part of `make test`: figures are measured here, not asserted.
BENCH_SIZES ?= 10000 100000
BENCH_ENGINE := opensearch://127.0.0.1:$(SEARCH_ENGINE_PORT)
bench: install-dev
	search/engine/opensearch.sh start
	status=0; \
	for script in pages gis opendata yearly_report linkeddata; do \
		$(BIN)/python bench/$$script.py --sizes $(BENCH_SIZES) || status=$$?; \
	done; \
	$(BIN)/python bench/search.py --sizes $(BENCH_SIZES) || status=$$?; \
	$(BIN)/python bench/search.py --sizes $(BENCH_SIZES) --engine-url $(BENCH_ENGINE) --no-stock || status=$$?; \
	$(BIN)/python bench/reindex.py --sizes $(BENCH_SIZES) --engine-url $(BENCH_ENGINE) || status=$$?; \
	$(BIN)/python bench/media.py || status=$$?; \
	$(BIN)/python bench/oai.py --count $(lastword $(BENCH_SIZES)) || status=$$?; \
	$(BIN)/python bench/dictionary.py --entries 50000 || status=$$?; \
	$(BIN)/python bench/research_export.py || status=$$?; \
	$(BIN)/python bench/bulk_import.py --rows 10000 || status=$$?; \
	$(BIN)/python bench/load.py || status=$$?; \
	$(BIN)/python bench/phone.py || status=$$?; \
	search/engine/opensearch.sh stop; exit $$status

clean:
	rm -rf var $(VENV)
