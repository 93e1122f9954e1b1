# Quire: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: run test install migrate lint format clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	# --inexact keeps uv itself in the environment it installs into.
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=true $(BIN)/python manage.py migrate_all

# Serve the site on the embedded SQLite default at http://127.0.0.1:8000/
run: migrate
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# Lint, checks and the whole suite on two real PostgreSQL servers (started here unless
# DATABASE_URL and BLOG_DATABASE_URL are set). Extra pytest arguments: make test ARGS="-k feed"
test: install
	$(BIN)/python -m tests.harness $(ARGS)

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
