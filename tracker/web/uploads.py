"""Receiving an uploaded file: never more of it than the largest import reads.

Django keeps a small upload in memory and writes a larger one to a temporary file, whole,
before any view sees it: a form that refuses a file by its size has already let it fill the
memory or the disk. `BoundedUpload` comes first among the upload handlers (settings
FILE_UPLOAD_HANDLERS) and hands the others no more of a file than the largest upload limit
(`UploadLimits`: a document's, 5 MB by default). The rest of a larger file is read from the
request and thrown away, and the form gets the file's name and size alone (`SizeOnly`),
which it refuses by its size as it refuses any file over its limit, naming the limit.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from tracker.uploads import UploadLimits


class SizeOnly(UploadedFile):
    """A file too large to receive: its name and size, and no content."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class BoundedUpload(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        limits = UploadLimits.from_settings()
        self.bound = max(limits.spreadsheet_bytes, limits.document_bytes)
        self.over = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.over or start + len(raw_data) > self.bound:
            self.over = True
            return None  # the handlers after this one get no more of the file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over:
            return None  # the file the next handler kept, in memory or on disk
        return SizeOnly(self.file_name, self.content_type, file_size, self.charset)
