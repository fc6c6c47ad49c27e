# Smart Region – the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/smartregion

.PHONY: run serve test test-sqlite test-postgres lint format bench audit lock messages install install-test assets clean

$(STAMPS):
	@mkdir -p $(STAMPS)

# The virtualenv's own pip (the one Python bundles) installs only pip itself, from a lock with hashes.
$(STAMPS)/venv: requirements/pip.txt | $(STAMPS)
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/pip.txt
	@touch $@

# Every package, transitive ones included, comes from a lock with hashes (requirements/*.txt, made from
# the *.in files by `make lock`); pip refuses a file whose hash differs.
$(STAMPS)/base: requirements/base.txt $(STAMPS)/venv
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

# test.txt holds base.txt's packages at the same versions, plus the test tools.
$(STAMPS)/test: requirements/test.txt $(STAMPS)/base
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets/vendor/.copied: $(STAMPS)/npm scripts/copy_assets.sh
	./scripts/copy_assets.sh
	@touch $@

install: $(STAMPS)/base assets/vendor/.copied
install-test: $(STAMPS)/test assets/vendor/.copied system-packages

# Serve the demo at http://$(HOST):$(PORT) with the background task worker beside it. Links in the
# demo's e-mails point there too, unless SITE_URL is set.
RUN_SITE_URL = $(if $(SITE_URL),$(SITE_URL),http://$(HOST):$(PORT))
run: install
	$(BIN)/python manage.py migrate --no-input
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py load_demo
	$(BIN)/python manage.py retention
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SITE_URL=$(RUN_SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests use Debian's Chromium (never a downloaded browser); document tests read PDFs with
# poppler-utils (pdftotext, pdffonts); the test of several servers runs nginx with deploy/nginx/.
.PHONY: system-packages
system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/pdftotext ] || missing="$$missing poppler-utils"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(STAMPS)/test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy smartregion
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check ALLOWED_HOSTS=example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

format: $(STAMPS)/test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every test on SQLite, then again on PostgreSQL when it answers on 127.0.0.1:5432. The browser tests
# drive the same pages through a live server whichever database is below; they run once, on PostgreSQL
# when it answers, else on SQLite. The production tests (gunicorn on PostgreSQL) run in the PostgreSQL
# pass only: they use PostgreSQL in either. So do the tests marked one_pass (permission matrix, backup),
# whose result does not depend on the database the suite runs on. Not --dist loadgroup: it keeps one of
# several items with the same node id, and schemathesis gives all its API operations one.
test: install-test lint test-sqlite test-postgres

test-sqlite: install-test
	@if ./scripts/ensure_postgres.sh; then \
	  echo "== Tests on SQLite (browser, production and one-pass tests follow on PostgreSQL) =="; \
	  env -u DATABASE_URL $(BIN)/pytest -n 2 --dist load -m "not browser and not production and not one_pass"; \
	else \
	  echo "== Tests on SQLite =="; \
	  env -u DATABASE_URL $(BIN)/pytest -n 2 --dist load; \
	fi

test-postgres: install-test
	@./scripts/ensure_postgres.sh || { echo "== PostgreSQL not reachable on 127.0.0.1:5432: tests ran on SQLite only =="; exit 0; }; \
	echo "== Tests on PostgreSQL ($(PG_URL)) =="; \
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist load

bench: install-test
	$(BIN)/python bench/run.py

# Known vulnerabilities in the pinned dependencies. --strict fails when a package could not be looked up,
# so an unreachable vulnerability database is an error, never a silent "no known vulnerabilities".
$(STAMPS)/audit: requirements/audit.txt $(STAMPS)/venv
	$(BIN)/pip install --quiet --require-hashes -r requirements/audit.txt
	@touch $@

audit: $(STAMPS)/audit
	$(BIN)/pip-audit --strict --progress-spinner off --require-hashes --disable-pip -r requirements/test.txt

# Re-lock after changing a requirements/*.in file: every package, transitive ones included, pinned with the
# hashes of all its files on PyPI, for Python 3.11 and newer on any platform (markers instead of one machine's set).
# test.txt and audit.txt go into the same virtualenv as base.txt, so each is locked within the one before.
LOCK = $(VENV)/bin/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet --no-header
lock: $(STAMPS)/venv
	$(BIN)/pip install --quiet --require-hashes -r requirements/uv.txt
	$(LOCK) requirements/pip.in -o requirements/pip.txt
	$(LOCK) requirements/uv.in -o requirements/uv.txt
	$(LOCK) requirements/base.in -o requirements/base.txt
	$(LOCK) requirements/test.in -c requirements/base.txt -o requirements/test.txt
	$(LOCK) requirements/audit.in -c requirements/test.txt -o requirements/audit.txt

messages: $(STAMPS)/test
	$(BIN)/python manage.py makemessages -l de -l en --ignore '.venv/*' --ignore 'node_modules/*' \
	  --ignore 'bench/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'assets/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules $(STAMPS) assets/vendor staticfiles
