# Human commands for the news portal. `make run` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
FONT_PACKAGE := @fontsource/noto-naskh-arabic@5.3.0

.PHONY: run serve test bench bench-search bench-import load-faults worker-check replica replica-stop replica-check lint format messages fonts setup clean axe vnu

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## setup: virtualenv, dependencies and compiled message catalogues
setup: $(STAMP)
	$(BIN)/pybabel compile --domain="django djangojs" --directory=locale --statistics

## run: set up, migrate, load the demo content and serve http://127.0.0.1:8000
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## serve: the production set-up here: gunicorn, Varnish on http://127.0.0.1:8080, DEBUG=0
serve: setup
	deploy/serve.sh

## test: set up and run the whole suite (DATABASE_URL / CACHE_URL pick the backends)
test: setup axe vnu
	$(BIN)/pytest $(PYTEST_ARGS)

## axe: axe-core from npm for the accessibility browser tests (skipped when npm is missing)
AXE := .cache/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  rm -rf .cache/axe-core && mkdir -p .cache/axe-core && cd .cache/axe-core && \
	  npm pack --silent axe-core@4 >/dev/null && tar xzf axe-core-*.tgz && \
	  cp package/axe.min.js . && rm -rf package axe-core-*.tgz; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

## vnu: the Nu Html Checker from npm (vnu-jar, needs Java) for the markup tests
VNU := .cache/vnu/vnu.jar
vnu: $(VNU)
$(VNU):
	@if command -v npm >/dev/null 2>&1; then \
	  rm -rf .cache/vnu && mkdir -p .cache/vnu && cd .cache/vnu && \
	  npm pack --silent vnu-jar@26 >/dev/null && tar xzf vnu-jar-*.tgz && \
	  cp package/build/dist/vnu.jar . && rm -rf package vnu-jar-*.tgz; \
	else echo "npm not found: the markup tests will be skipped"; fi

## bench: speed figures (printed, not asserted): pages under load (wrk, Varnish, nginx), then
## related stories, the admin list and an image upload at 100,000 stories
bench: setup
	$(PY) -m bench.pages
	$(PY) -m bench.run

## bench-search: search latency at 1,000,000 stories (BENCH_ARTICLES), on DATABASE_URL
bench-search: setup
	BENCH_ONLY=search BENCH_ARTICLES=$${BENCH_ARTICLES:-1000000} $(PY) -m bench.run

## bench-import: a 10,000-post WordPress export with 50,000 comments: time and peak memory
bench-import: setup
	$(PY) -m bench.wordpress

## load-faults: 50 readers post comments to gunicorn + PostgreSQL while a worker is killed
load-faults: setup
	$(PY) -m bench.faults

## worker-check: a Celery worker on Redis killed mid-task loses nothing (PostgreSQL, Redis)
worker-check: setup
	$(PY) -m bench.worker

## replica: a PostgreSQL streaming replica of the local server on 127.0.0.1:5433 (as root)
replica:
	deploy/replica.sh

## replica-stop: stop and remove the replica `make replica` made (as root)
replica-stop:
	deploy/replica.sh stop

## replica-check: readers' pages against the real replica (after `make replica`)
replica-check: setup
	$(PY) -m bench.replica

## lint: ruff, formatting and migration checks
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the ar and en catalogues from the code and templates
messages: setup
	$(PY) manage.py makemessages --locale=ar --locale=en --ignore=.venv --ignore=tests --no-obsolete
	$(PY) manage.py makemessages --domain=djangojs --locale=ar --locale=en --ignore=.venv \
	  --ignore=staticfiles --ignore=.cache --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

## fonts: copy the self-hosted Arabic font from its npm package into static/fonts
fonts:
	rm -rf .fonts && mkdir -p .fonts static/fonts
	cd .fonts && npm pack --silent $(FONT_PACKAGE) >/dev/null && tar xzf *.tgz
	for weight in 400 700; do for subset in arabic latin; do \
	  cp .fonts/package/files/noto-naskh-arabic-$$subset-$$weight-normal.woff2 static/fonts/; done; done
	cp .fonts/package/LICENSE static/fonts/LICENSE-noto-naskh-arabic.txt
	rm -rf .fonts

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
