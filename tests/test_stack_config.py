"""The deployment files agree with the code: every variable the stack reads is documented in
docs/deployment.md's table and in .env.example, and passed to the `web` service by
docker-compose.yml."""

import re

from support import PROJECT_DIR

# Fixed inside the image or by compose itself, so compose does not pass them through: the media
# volume is mounted at MEDIA_ROOT's default and the proxy serves it at MEDIA_URL's.
NOT_PASSED_BY_COMPOSE = {"STATIC_ROOT", "GUNICORN_BIND", "MEDIA_ROOT", "MEDIA_URL"}
# Read by compose only (interpolated into the service definitions).
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "POSTGRES_REPLICATION_PASSWORD", "WEB_PORT", "MAILPIT_PORT"}


def _read(path: str) -> str:
    return (PROJECT_DIR / path).read_text()


def variables_read_by_the_stack() -> set[str]:
    """What config/*.py reads: through the django-environ object (`env.int("NAME", ...)`) or
    os.environ (`environ.get("NAME")`, `environ["NAME"]`), as gunicorn.py and healthcheck.py do."""
    read = set()
    for module in sorted((PROJECT_DIR / "config").glob("*.py")):
        text = module.read_text()
        read |= set(re.findall(r'\benv\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', text))
        read |= set(re.findall(r'environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]*)"', text))
    return read


def variables_read_by_nginx() -> set[str]:
    """The names envsubst fills into config/nginx.conf (nginx's own `${...}` are lower case)."""
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", _read("config/nginx.conf")))


def test_the_scan_finds_the_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "BLOG_DATABASE_URL", "GUNICORN_WORKERS"} <= (
        variables_read_by_the_stack()
    )
    assert {"QUIRE_LISTEN", "QUIRE_UPSTREAM"} <= variables_read_by_nginx()


def test_the_deployment_doc_lists_every_variable_in_its_table():
    doc = _read("docs/deployment.md")
    table = doc[doc.index("\n## Every environment variable\n") :]
    table = table[: table.index("\n## ", 1)]
    first_cells = re.findall(r"^\| ([^|]*) \|", table, re.M)
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)}
    missing = (
        variables_read_by_the_stack() | variables_read_by_nginx() | COMPOSE_ONLY
    ) - documented
    assert not missing, f"docs/deployment.md's table of variables lacks {sorted(missing)}"


def test_env_example_lists_every_variable():
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", _read(".env.example"), re.M))
    missing = (variables_read_by_the_stack() | COMPOSE_ONLY) - documented
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_compose_passes_every_variable_to_web():
    compose = _read("docker-compose.yml")
    web = compose[compose.index("\n  web:") :]
    passed = set(re.findall(r"^      ([A-Z][A-Z0-9_]*):", web, re.M))
    missing = variables_read_by_the_stack() - NOT_PASSED_BY_COMPOSE - passed
    assert not missing, f"docker-compose.yml does not pass {sorted(missing)} to web"
    for variable in COMPOSE_ONLY:
        assert "${" + variable in compose


def test_compose_delivers_mail_to_a_catcher_never_to_the_log():
    """Reset links never reach a log: compose's development default is the Mailpit service."""
    compose = _read("docker-compose.yml")
    assert "consolemail" not in compose
    assert re.search(r"^EMAIL_URL=smtp://mailpit:1025$", _read(".env.example"), re.M)
    assert "EMAIL_URL: ${EMAIL_URL:-smtp://mailpit:1025}" in compose
    mailpit = compose[compose.index("\n  mailpit:") :]
    assert "image: axllent/mailpit:" in mailpit
    assert '"127.0.0.1:${MAILPIT_PORT:-8025}:8025"' in mailpit  # the inbox stays on the host
    web = compose[compose.index("\n  web:") : compose.index("\n  mailpit:")]
    assert "mailpit:\n        condition: service_healthy" in web
