# The two commands a newcomer needs: `make run` and `make test`. Only Python 3.11 is required.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
DEMO_HOUSEHOLDS ?= 30000

.PHONY: run test lint format migrations-check setup migrate demo worker beat bench clean backup restore

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo --households $(DEMO_HOUSEHOLDS)

run: demo
	@echo "守线已启动: http://$(HOST)/  (Ctrl-C 停止)"
	$(PY) manage.py runserver $(HOST)

# pytest exits 5 when it collects nothing; make treats any non-zero exit as failure.
test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

worker: setup
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: setup
	$(VENV)/bin/celery -A config beat --loglevel=info

# Backups (PostgreSQL + media): DATABASE_URL, MEDIA_ROOT and BACKUP_DIR from the environment or .env.
#   make backup                       -> backups/shouxian-<stamp>.dump + -media.tar.gz
#   make restore BACKUP=backups/shouxian-<stamp>.dump   (into the database DATABASE_URL names)
BACKUP_DIR ?= backups
backup:
	BACKUP_DIR=$(BACKUP_DIR) deploy/backup.sh

restore:
	@test -n "$(BACKUP)" || { echo "用法: make restore BACKUP=backups/shouxian-<时间>.dump [MEDIA=...-media.tar.gz]"; exit 2; }
	deploy/restore.sh $(BACKUP) $(MEDIA)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
