# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# make run is for a laptop: DEBUG on unless the environment says otherwise; a list of more than 10
# rows exports in the background (导出任务), so the demo city's lists show it.
RUN_ENV := DEBUG=$${DEBUG:-true} EXPORTS_BACKGROUND_ABOVE=$${EXPORTS_BACKGROUND_ABOVE:-10}

.PHONY: run test test-postgres test-sqlite bench install migrate seed messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_document_types
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py seed_demo_items

# Web (gunicorn), Celery worker and Celery beat together; Ctrl-C stops all three.
run: migrate
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py seed_document_types
	$(RUN_ENV) $(PY) manage.py seed_demo --logins
	$(RUN_ENV) $(PY) manage.py seed_demo_items
	$(RUN_ENV) PATH=$(abspath $(BIN)):$$PATH $(BIN)/honcho start -f Procfile

# The whole suite: on PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI: always),
# then the SQLite-specific tests on the embedded default.
test: test-postgres test-sqlite

test-postgres: install
	$(PY) -m pytest -m "not sqlite" $(PYTEST_ARGS)

test-sqlite: install
	DATABASE_URL= $(PY) -m pytest -m sqlite $(PYTEST_ARGS)

bench: install
	@for f in bench/*.py; do [ -e "$$f" ] && $(PY) $$f; done; true

# The English catalog. tests/sampleapp is a real app (the test and bench settings install it), so of tests/ only the
# rest is skipped: 'tests/[!s]*' matches every entry directly under tests/ except sampleapp and
# settings.py, which the next pattern names. Templates also come as .txt (emails) and .md (group-bot posts).
messages: install
	$(RUN_ENV) $(PY) manage.py makemessages -l en --no-location -e html,txt,md,py --ignore=.venv --ignore='tests/[!s]*' \
		--ignore=tests/settings.py --ignore=staticfiles --ignore=var --ignore=test-artifacts --ignore=bench
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var staticfiles
