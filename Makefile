# Weerstand: `make run` starts the demo, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-only bench lint typecheck install messages browser-deps clean seed \
	screenshots check-faults check-backup check-cluster bench-load

$(STAMP): requirements.lock pyproject.toml
	@set -e; PYBIN="$$(scripts/find-python)"; \
	  test -x $(PY) || "$$PYBIN" -m venv $(VENV); \
	  $(PY) -m pip install -q --upgrade pip; \
	  $(PY) -m pip install -q -r requirements.lock; \
	  $(PY) -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	@cd src/weerstand && ../../$(VENV)/bin/weerstand compilemessages -v0

browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null)

# The demo runs on the production server (`weerstand serve`: gunicorn, whitenoise for the
# hashed, compressed static files), with the job runner beside it.
run: install
	@$(VENV)/bin/weerstand migrate -v0
	@WEERSTAND_STATIC_MANIFEST=1 $(VENV)/bin/weerstand collectstatic --noinput -v0
	@$(VENV)/bin/weerstand seed-demo --if-empty
	@$(VENV)/bin/weerstand demo-users
	@echo ""
	@echo "Weerstand draait op http://127.0.0.1:$(PORT)/  (stoppen: Ctrl+C)"
	@echo "Geplande taken (escalaties, besluiten, auditcheckpoints) draaien mee; log: var/jobs.log"
	@$(VENV)/bin/weerstand run-jobs --loop > var/jobs.log 2>&1 & jobs_pid=$$!; \
	  trap 'kill $$jobs_pid 2>/dev/null' EXIT INT TERM; \
	  WEERSTAND_STATIC_MANIFEST=1 $(VENV)/bin/weerstand serve --bind 127.0.0.1:$(PORT)

test: install browser-deps test-only

# Two workers, whole modules each, in the order the root conftest.py sets (the modules that read
# the shared demo world together and first, then the slow ones): not re-sorted by xdist.
test-only:
	@$(VENV)/bin/ruff check src tests bench deploy
	@$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q $(PYTEST_ARGS)

bench: install
	@$(PY) bench/run_all.py

# Load test (minutes; not in `make test`): a generated national world on PostgreSQL (own
# database, dropped afterwards), mixed traffic of every role through locust against
# `weerstand serve`, and pgbench -S as the database's ceiling. docs/benchmarks.md section 6.
# Options through LOADTEST_ARGS, e.g. LOADTEST_ARGS="--seconds 120 --users 30 --keep".
bench-load: install
	@$(PY) -m pip install -q -r requirements.lock -r requirements-bench.lock
	@$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# Operator checks on a throw-away PostgreSQL cluster (minutes each; not in `make test`):
# an immediate shutdown under write load, and backup + restore into a fresh cluster.
check-faults: install
	@$(PY) deploy/check_crash_recovery.py

check-backup: install
	@$(PY) deploy/check_backup_restore.py

# Two app servers behind HAProxy, a primary with a streaming replica, two job runners.
check-cluster: install
	@$(PY) deploy/check_cluster.py

# mypy as a ratchet: no more errors than scripts/mypy-baseline.txt, which only goes down.
lint: $(STAMP)
	@$(VENV)/bin/ruff check src tests bench deploy
	@$(VENV)/bin/ruff format --check src tests bench deploy
	@$(PY) scripts/mypy_baseline.py
	@$(PY) -m pytest -q -p no:randomly tests/test_lint_rules.py tests/test_mypy_baseline.py

typecheck: $(STAMP)
	@$(VENV)/bin/mypy src/weerstand

# A picture of every role's start page and main job page (docs/ui/), from the demo world on a
# scratch database in a temporary folder; run again after a change to the interface.
screenshots: install browser-deps
	@$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
