"""Uploads through the stack compose runs (nginx in front of gunicorn, real databases): what nginx
serves has no EXIF, an over-size file is a form error that stores nothing, a body over the
proxy's limit is refused before it is read."""

import io
import os
import re
import urllib.parse

import pytest
from PIL import Image

from config.gunicorn_worker import MAX_UPLOAD_BODY_BYTES
from support.live import ADMIN_PASSWORD, ADMIN_USERNAME, proxied_site
from tests.images import files
from tests.images.helpers import assert_no_metadata, stored_files
from tests.slow_clients import response_head, stalled_connections

BOUNDARY = "quire-test-boundary"


@pytest.fixture(scope="module")
def site(production_environ):
    with proxied_site(production_environ, workers=1, threads=2) as site:
        yield site


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _multipart(fields: dict[str, str], file_name: str, content: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="{file_name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@pytest.fixture(scope="module")
def signed_in(site):
    login = site.proxy.request("/accounts/login/")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": _token(login.text), "username": ADMIN_USERNAME,
         "password": ADMIN_PASSWORD}
    ).encode()  # fmt: skip
    response = site.proxy.request(
        "/accounts/login/", data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert response.status == 302
    return site


def _upload(site, file_name: str, content: bytes):
    library = site.proxy.request("/dashboard/images/")
    body = _multipart({"csrfmiddlewaretoken": _token(library.text)}, file_name, content)
    return site.proxy.request(
        "/dashboard/images/", data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )  # fmt: skip


def test_an_uploaded_photo_is_served_by_nginx_without_its_gps_position(signed_in):
    site = signed_in
    response = _upload(site, "holiday.jpg", files.jpeg_bytes(2400, 1600))
    assert response.status == 302
    page = site.proxy.request("/dashboard/images/").text
    url = re.search(r"!\[Describe the image\]\((/media/images/[0-9a-f]{32}/1024\.jpg)\)", page)[1]
    served = site.proxy.request(url)
    assert served.status == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert_no_metadata(served.body)
    assert Image.open(io.BytesIO(served.body)).size == (1024, 683)
    for name in stored_files(site.media_root):
        assert_no_metadata(site.media_root / name)
    assert url not in site.gunicorn.log()


def test_a_file_over_the_image_limit_is_a_form_error_and_nothing_is_kept(signed_in):
    site = signed_in
    before = stored_files(site.media_root)
    content = os.urandom(10 * 1024 * 1024 + 100)  # IMAGE_UPLOAD_MAX_MB is 10 by default
    response = _upload(site, "huge.jpg", content)
    assert response.status == 200
    assert "This file is larger than 10.0\xa0MB: upload a smaller one." in response.text
    assert stored_files(site.media_root) == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    list(files.REFUSED_UPLOADS.values()),
)
def test_a_bad_file_through_the_stack_is_a_form_error(signed_in, content, name, message):
    site = signed_in
    before = stored_files(site.media_root)
    response = _upload(site, name, content)
    assert response.status == 200
    assert message in response.text
    assert stored_files(site.media_root) == before


def test_a_body_over_the_proxy_limit_is_refused_before_it_is_read(site):
    head = (
        "POST /dashboard/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {MAX_UPLOAD_BODY_BYTES + 1}\r\n\r\n"
    )
    with stalled_connections(site.proxy.base_url, 1, sent=head.encode()) as [sock]:
        answer = response_head(sock, timeout=5)
    assert answer.startswith(b"HTTP/1.1 413 ")
