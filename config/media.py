"""Where uploaded images are stored (docs/deployment.md#uploaded-images): the `default` storage
config/settings.py builds from the MEDIA_S3_* variables."""


def media_storage(
    bucket: str, endpoint_url: str, region: str, custom_domain: str, prefix: str
) -> dict:
    """An S3-compatible bucket when one is named, else the files under MEDIA_ROOT."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty (as compose passes an unset variable) is unset.
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": custom_domain or None,
            "location": prefix,
            # Public images at plain URLs: the bucket's policy makes them readable.
            "querystring_auth": False,
            "default_acl": None,
            # Every file name is new (a random directory per upload): cacheable for good.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
