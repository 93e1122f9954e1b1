"""docker-compose.yml puts nginx in front of gunicorn as tests/test_nginx_proxy.py runs them: nginx
is the only way in, with the file and variables the tests use, and the proxy count matches."""

import re

from support import PROJECT_DIR
from support.nginx_process import SITE_TEMPLATE

COMPOSE = (PROJECT_DIR / "docker-compose.yml").read_text()


def _services() -> dict[str, str]:
    """Each service's block of docker-compose.yml, by name."""
    services = re.search(r"^services:\n((?:(?: .*)?\n)*)", COMPOSE, re.M).group(1)
    parts = re.split(r"^  ([a-z_]+):\n", services, flags=re.M)[1:]
    return dict(zip(parts[::2], parts[1::2], strict=True))


# `      NAME: value`, the value unquoted and without a trailing comment.
_VARIABLE = re.compile(r"^      ([A-Z][A-Z0-9_]*): *\"?([^\"#\n]*?)\"?(?: +#.*)?$", re.M)


def _environment(block: str) -> dict[str, str]:
    return dict(_VARIABLE.findall(block))


def _published(block: str) -> list[str]:
    """The `ports:` entries of a service's block."""
    ports = re.search(r"^    ports:\n((?:      - .*\n)*)", block, re.M)
    return re.findall(r'^      - "?([^"\n]+)"?$', ports.group(1), re.M) if ports else []


def test_the_site_is_published_through_the_proxy_only():
    services = _services()
    assert {"db", "blog_db", "web", "proxy"} <= set(services)
    assert _published(services["proxy"]) == ["${WEB_PORT:-8000}:80"]
    for name in ("web", "db", "blog_db"):
        assert _published(services[name]) == [], name
    # Development tools (the mail catcher) listen on the host's loopback, out of clients' reach.
    for name, block in services.items():
        if name != "proxy":
            assert all(port.startswith("127.0.0.1:") for port in _published(block)), name


def test_the_proxy_reaches_gunicorn_where_the_image_binds_it():
    services = _services()
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert "GUNICORN_BIND=0.0.0.0:8000" in dockerfile
    assert re.search(r'^    expose:\n      - "8000"$', services["web"], re.M)
    assert _environment(services["proxy"])["QUIRE_UPSTREAM"] == "web:8000"


def test_the_proxy_count_is_the_one_nginx_in_front():
    services = _services()
    proxies = [name for name, block in services.items() if "image: nginx:" in block]
    assert proxies == ["proxy"]
    assert _environment(services["web"])["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    env_example = (PROJECT_DIR / ".env.example").read_text()
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", env_example, re.M)


def test_the_proxy_runs_the_tested_nginx_file_with_every_variable_it_needs():
    proxy = _services()["proxy"]
    assert "- ./config/nginx.conf:/etc/nginx/templates/default.conf.template:ro" in proxy
    needed = set(re.findall(r"\$\{(QUIRE_\w+)\}", SITE_TEMPLATE.read_text()))
    environment = _environment(proxy)
    assert needed <= set(environment)
    assert environment["NGINX_ENVSUBST_FILTER"] == "^QUIRE_"  # nginx's own $variables untouched


def test_static_and_media_volumes_are_shared_with_the_proxy():
    services = _services()
    web, proxy = services["web"], services["proxy"]
    environment = _environment(proxy)
    assert "cp -R staticfiles/. /srv/static/" in web
    assert "- static:/srv/static\n" in web
    assert f"- static:{environment['QUIRE_STATIC_ROOT']}:ro" in proxy
    assert "- media:/app/var/media\n" in web
    assert f"- media:{environment['QUIRE_MEDIA_ROOT']}:ro" in proxy


def test_web_shares_the_redis_service_as_its_cache():
    services = _services()
    assert _environment(services["web"])["CACHE_URL"] == "${CACHE_URL:-redis://redis:6379/0}"
    assert "image: redis:" in services["redis"]
    assert 'test: ["CMD", "redis-cli", "ping"]' in services["redis"]
    assert _published(services["redis"]) == []
