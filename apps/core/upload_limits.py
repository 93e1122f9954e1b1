"""Uploaded files bounded in bytes while they arrive, so an over-size file costs no memory or disk.

`UploadSizeLimitHandler` runs first among FILE_UPLOAD_HANDLERS: past IMAGE_UPLOAD_MAX_BYTES it
passes no more of the file to the handlers that keep it, and hands the form an `OversizeUpload`
instead, which the form field refuses with a message (a form error, not a failed request). The
request body as a whole is bounded before it is read, by nginx and gunicorn
(docs/deployment.md#uploaded-images).
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizeUpload(UploadedFile):
    """A file that was larger than IMAGE_UPLOAD_MAX_BYTES: its name, and none of its bytes."""

    def __init__(self, *, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadSizeLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.IMAGE_UPLOAD_MAX_BYTES:
            self.too_large = True
        # None: the handlers after this one receive nothing more of this file.
        return None if self.too_large else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None  # the next handler's file
        return OversizeUpload(name=self.file_name, content_type=self.content_type, size=file_size)
