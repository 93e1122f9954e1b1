"""Where images are stored is configuration alone: MEDIA_ROOT by default, an S3 bucket when
MEDIA_S3_BUCKET is set (django-storages), with plain cacheable URLs."""

import json
import os
import subprocess
import sys

from support import PROJECT_DIR

SHOW_STORAGE = """
import json
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "backend": type(storage).__module__ + "." + type(storage).__name__,
    "url": storage.url("covers/0123456789abcdef0123456789abcdef/1600.jpg"),
    "options": {k: v for k, v in storages.backends["default"].get("OPTIONS", {}).items()},
}))
"""


def storage_with(**environ: str) -> dict:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_STORAGE],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_images_are_stored_under_media_root_by_default():
    storage = storage_with(MEDIA_S3_BUCKET="", MEDIA_URL="/media/")
    assert storage["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert storage["url"] == "/media/covers/0123456789abcdef0123456789abcdef/1600.jpg"


def test_a_bucket_name_stores_them_in_s3_with_public_cacheable_urls():
    storage = storage_with(
        MEDIA_S3_BUCKET="quire-media",
        MEDIA_S3_ENDPOINT_URL="",  # as compose passes an unset variable
        MEDIA_S3_CUSTOM_DOMAIN="media.blog.example.com",
        MEDIA_S3_PREFIX="site",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert storage["backend"] == "storages.backends.s3.S3Storage"
    assert storage["url"] == (
        "https://media.blog.example.com/site/covers/0123456789abcdef0123456789abcdef/1600.jpg"
    )
    options = storage["options"]
    assert options["bucket_name"] == "quire-media"
    assert options["endpoint_url"] is None
    assert options["querystring_auth"] is False
    assert options["object_parameters"] == {"CacheControl": "public, max-age=31536000, immutable"}
