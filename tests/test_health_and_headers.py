"""Health endpoints, security headers, request ids and the 500 handler, in process."""

import json
import logging
import os
import re

import pytest
from django.test import RequestFactory

from apps.multidb.replicas import replica_aliases
from config.web.errors import server_error
from config.web.request_id import RequestContextFilter, request_id_for

pytestmark = pytest.mark.django_db(databases=["default", "blog_db", "analytics"])


def test_healthz_touches_no_database(client, django_assert_num_queries):
    with (
        django_assert_num_queries(0, using="default"),
        django_assert_num_queries(0, using="blog_db"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_probes_each_alias(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    replicas = dict.fromkeys(replica_aliases(), "ok")  # the harness runs one replica per primary
    assert json.loads(response.content) == {
        "default": "ok", "blog_db": "ok", "analytics": "ok", **replicas, "cache:default": "ok"
    }  # fmt: skip


def test_probes_answer_any_host_other_pages_do_not(client):
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/admin/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_probes_refuse_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_every_response_has_the_policy_and_a_request_id(client):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="abc-123")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Request-ID"] == "abc-123"


def test_log_records_outside_requests_get_placeholders_and_keep_their_alias():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "msg", None, None)
    record.alias = "blog_db"
    assert RequestContextFilter().filter(record)
    assert (record.request_id, record.alias) == ("-", "blog_db")


def test_other_errors_stay_500_and_show_the_request_id():
    request = RequestFactory().get("/")
    request.id = "trace-500"
    try:
        raise RuntimeError("not a database outage")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert "trace-500" in response.content.decode()


def test_debug_error_pages_go_without_the_policy_other_pages_keep_it(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/no-such-page/").headers
    assert "Content-Security-Policy" in client.get("/healthz").headers


def test_made_request_ids_are_128_random_bits_and_replace_unusable_ones(client):
    ids = {client.get("/no-such-page/").headers["X-Request-ID"] for _ in range(3)}
    ids.add(client.get("/no-such-page/", HTTP_X_REQUEST_ID="not usable").headers["X-Request-ID"])
    assert len(ids) == 4
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids)


def test_forked_workers_make_different_request_ids():
    # gunicorn forks its workers from one master: each must draw its own ids.
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write_end, request_id_for(None).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read_end, 64).decode() != request_id_for(None)
