# syntax=docker/dockerfile:1
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    GUNICORN_BIND=0.0.0.0:8000

RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --system --create-home --uid 1000 quire

WORKDIR /app

# Dependencies first, exactly as locked, in their own layer: rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# The code is owned by root and read-only for the runtime user; only var/ (the file cache,
# uploaded media, the SQLite fallback unused in compose) and /srv/static (the copy of the static
# files nginx serves in compose) are writable.
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p var/media /srv/static && chown quire:quire var var/media /srv/static

USER quire
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"]
