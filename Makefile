# Quire: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
# The local site: SQLite files in var/, development settings (no SECRET_KEY needed).
LOCAL_MANAGE := DEBUG=true $(BIN)/python manage.py

.PHONY: run demo test install install-run migrate lint format clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

# What running the site needs, without the test and browser tooling of the dev group.
# --inexact keeps uv itself (and a dev install made earlier) in the environment.
$(VENV)/.installed-run: $(BIN)/uv pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --no-dev --inexact
	touch $@

# Everything, the dev group included: what `make test` and `make format` need.
$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact
	touch $@

install-run: $(VENV)/.installed-run

install: $(VENV)/.installed

migrate: install-run
	$(LOCAL_MANAGE) migrate_all

# Serve the site on the embedded SQLite default at http://127.0.0.1:8000/
run: migrate
	$(LOCAL_MANAGE) runserver 127.0.0.1:8000

# An administrator and demo content for the `make run` site; safe to run twice.
# DJANGO_SUPERUSER_USERNAME (default admin), DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD
# choose the administrator; without a password one is generated and printed. An administrator
# who exists already keeps their password.
demo: migrate
	@set -e; \
	export DJANGO_SUPERUSER_USERNAME="$${DJANGO_SUPERUSER_USERNAME:-admin}"; \
	export DJANGO_SUPERUSER_EMAIL="$${DJANGO_SUPERUSER_EMAIL:-$$DJANGO_SUPERUSER_USERNAME@example.com}"; \
	$(LOCAL_MANAGE) seed_demo; \
	if $(LOCAL_MANAGE) shell -v 0 -c "$$ADMIN_EXISTS"; then \
		echo "Administrator $$DJANGO_SUPERUSER_USERNAME exists already; password unchanged" \
			"(new one: $(LOCAL_MANAGE) changepassword $$DJANGO_SUPERUSER_USERNAME)"; \
	else \
		password="from DJANGO_SUPERUSER_PASSWORD"; \
		if [ -z "$$DJANGO_SUPERUSER_PASSWORD" ]; then \
			DJANGO_SUPERUSER_PASSWORD="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))')"; \
			password="$$DJANGO_SUPERUSER_PASSWORD"; \
		fi; \
		DJANGO_SUPERUSER_PASSWORD="$$DJANGO_SUPERUSER_PASSWORD" $(LOCAL_MANAGE) createsuperuser --noinput; \
		echo "Administrator: $$DJANGO_SUPERUSER_USERNAME  password: $$password"; \
	fi; \
	echo "Sign in at http://127.0.0.1:8000/admin/ once \`make run\` serves the site."

# Exit status 0 when a superuser named DJANGO_SUPERUSER_USERNAME exists.
export ADMIN_EXISTS := import os, sys; from django.contrib.auth import get_user_model; \
sys.exit(not get_user_model().objects.filter(username=os.environ["DJANGO_SUPERUSER_USERNAME"], \
is_superuser=True).exists())

# Lint, checks and the whole suite on two real PostgreSQL servers (started here unless
# DATABASE_URL and BLOG_DATABASE_URL are set). Extra pytest arguments: make test ARGS="-k feed"
test: install
	$(BIN)/python -m support.harness $(ARGS)

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
