# Suits: `make run` for the embedded default, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

# The test suite runs on the real services of this machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/suits
TEST_BROKER_URL ?= redis://127.0.0.1:6379/1
PROD_CHECK_ENV := DEBUG=false ALLOWED_HOSTS=suits.example.com \
	SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ

.PHONY: run test setup lint bench loadtest messages clean worker beat

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo_if_empty
	@echo ""
	@echo "Suits runs at http://127.0.0.1:8000/login/ (Ctrl+C to stop)."
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(STAMP) node_modules/.package-lock.json
	$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: setup
	bash .ci/services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	$(PROD_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(BIN)/pytest --create-db $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Scale benchmark on PostgreSQL (see README).
BENCH_ENV := $(PROD_CHECK_ENV) SECURE_SSL_REDIRECT=false \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/suits_bench
bench: setup
	bash .ci/services
	createdb -h 127.0.0.1 -U postgres suits_bench 2>/dev/null || true
	$(BENCH_ENV) $(PY) manage.py collectstatic --no-input -v 0
	$(BENCH_ENV) CELERY_BROKER_URL=redis://127.0.0.1:6379/3 $(PY) manage.py bench $(BENCH_ARGS)

# Load test: gunicorn on loopback in front of suits_bench, Locust as a manager (see README).
LOADTEST_USERS ?= 20
LOADTEST_TIME ?= 60s
LOADTEST_PORT ?= 8765
# The later ALLOWED_HOSTS wins. Plain HTTP on loopback: cookies without the Secure flag.
# One database connection per worker for the whole run, so PostgreSQL's CPU can be counted.
LOADTEST_ENV := $(BENCH_ENV) ALLOWED_HOSTS=suits.example.com,127.0.0.1 \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false CONN_MAX_AGE=600 \
	LOADTEST_USERS=$(LOADTEST_USERS) LOADTEST_TIME=$(LOADTEST_TIME) LOADTEST_PORT=$(LOADTEST_PORT)
loadtest: setup
	bash .ci/services
	createdb -h 127.0.0.1 -U postgres suits_bench 2>/dev/null || true
	$(LOADTEST_ENV) bash loadtest/run.sh $(LOADTEST_ARGS)

messages: setup
	$(PY) manage.py makemessages -l de --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules

worker: setup
	$(BIN)/celery -A agency worker --loglevel=INFO --concurrency=2

beat: setup
	$(BIN)/celery -A agency beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
