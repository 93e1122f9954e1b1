"""Read-your-writes and replica failover under gunicorn with the production settings, on the
real replicas: a paused replica never shows a client its own missing write, a stopped one is
skipped without a failed request and read from again once it is back."""

import contextlib
import re
import time
import urllib.parse
import uuid

import pytest

from support.live import LiveSite, gunicorn_site
from support.replication import replicas_caught_up

REPLICA_CHECK_SECONDS = 1
COOKIES = {"wal_position_default", "wal_position_blog_db"}


@pytest.fixture(scope="module")
def replicated_site(production_environ):
    environ = {
        **production_environ,
        "REPLICA_CHECK_SECONDS": str(REPLICA_CHECK_SECONDS),
        # Pages and fragments rendered for each request: these tests are about where reads go.
        "PAGE_CACHE_SECONDS": "0",
        "CONTENT_CACHE_SECONDS": "0",
    }
    with gunicorn_site(environ, workers=1, threads=2) as site:
        assert site.request("/").status == 200  # starts the worker's first replica check
        time.sleep(REPLICA_CHECK_SECONDS)
        yield site


def a_new_client(site: LiveSite) -> LiveSite:
    return LiveSite(site.base_url, site.process, site.log_path)


def submit(client: LiveSite, path: str, fields: dict[str, str]):
    form = client.request(path)
    assert form.status == 200, form.text[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    return client.request(path, data=data, headers={"Referer": client.base_url + path})


def cookie_names(client: LiveSite) -> set[str]:
    return {cookie.name for cookie in client.cookies}


@contextlib.contextmanager
def paused(*servers):
    for server in servers:
        server.replay_pause()
    try:
        yield
    finally:
        for server in servers:
            server.replay_resume()


def test_a_writer_sees_its_writes_while_the_replicas_lag(
    replicated_site, default_replica_server, blog_replica_server
):
    writer, reader = a_new_client(replicated_site), a_new_client(replicated_site)
    username, title = f"writer{uuid.uuid4().hex[:8]}", f"Draft {uuid.uuid4().hex[:8]}"
    password = "a-long-password-for-replicas"
    with paused(default_replica_server, blog_replica_server):
        signup = submit(writer, "/accounts/signup/", {
            "username": username, "email": f"{username}@example.com",
            "password1": password, "password2": password,
        })  # fmt: skip
        assert signup.status == 302, signup.text[:500]
        assert cookie_names(writer) >= COOKIES  # the user row, the session, the welcome post
        dashboard = writer.request("/dashboard/")
        assert dashboard.status == 200
        assert username in dashboard.text

        created = submit(
            writer, "/posts/new/", {"title": title, "body": "Body.", "status": "draft"}
        )
        assert created.status == 302, created.text[:500]
        post = writer.request(created.headers["location"])
        assert post.status == 200
        assert title in post.text
        assert title in writer.request("/dashboard/").text

        token = next(cookie.value for cookie in writer.cookies if cookie.name == "csrftoken")
        logout = writer.request(
            "/accounts/logout/",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
            headers={"Referer": writer.base_url + "/dashboard/"},
        )
        assert logout.status == 302
        assert writer.request("/dashboard/").status == 302  # signed out: to the login page
        login = submit(writer, "/accounts/login/", {"username": username, "password": password})
        assert login.status == 302, login.text[:500]
        assert username in writer.request("/dashboard/").text

        # Someone who wrote nothing reads the paused replica: the new author is not there yet.
        assert reader.request(f"/authors/{username}/").status == 404
        assert not COOKIES & cookie_names(reader)

    replicas_caught_up()
    assert writer.request("/dashboard/").status == 200
    assert not COOKIES & cookie_names(writer)  # dropped once a replica had caught up
    assert reader.request(f"/authors/{username}/").status == 200


@pytest.mark.faults
def test_a_stopped_replica_is_skipped_and_read_from_again(replicated_site, blog_replica_server):
    reader = a_new_client(replicated_site)
    page = "/posts/demo-post-1/"
    assert reader.request(page).status == 200
    blog_replica_server.stop()
    try:
        assert [reader.request(page).status for _ in range(5)] == [200] * 5
        replicated_site.wait_for_log(r"Replica blog_db_replica_1 (failed|is now down)")
    finally:
        blog_replica_server.start()
        blog_replica_server.wait_until_streaming()
    blog_replica_server.log_statements(True)
    try:
        deadline = time.monotonic() + REPLICA_CHECK_SECONDS + 2
        while "demo-post-1" not in blog_replica_server.server_log():
            assert time.monotonic() < deadline, "the replica was not read from again"
            assert reader.request(page).status == 200
            time.sleep(0.1)
    finally:
        blog_replica_server.log_statements(False)
