# Shortcuts for scripts/dev.py, which does the real work (and needs only Python 3.11).
# Extra arguments: make test ARGS="-k vacancy -x"

PYTHON ?= python3
DEV := $(PYTHON) scripts/dev.py
ARGS ?=

.PHONY: help run test lint services setup ci messages

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

run:  ## web server + Celery worker + beat with demo data (embedded PostgreSQL/Redis unless configured)
	$(DEV) run $(ARGS)

test:  ## the whole test suite against real PostgreSQL
	$(DEV) test $(ARGS)

lint:  ## ruff check
	$(DEV) lint $(ARGS)

services:  ## only PostgreSQL and Redis; prints the variables to use them from another shell
	$(DEV) services

setup:  ## only create .venv and install requirements-dev.txt
	$(DEV) setup

ci:  ## what CI runs (installs Chromium with apt when missing: needs root)
	bash .ci/run

messages:  ## refresh locale/id/LC_MESSAGES/django.po from the code (then translate the new entries)
	$(DEV) manage makemessages -l id --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests
