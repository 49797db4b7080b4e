"""An upload handler that counts what it is handed: to show what the handlers after
`BoundedUpload` receive of a file."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler


class Counting(FileUploadHandler):
    received: int = 0  # bytes of files handed to it, since the test set it to 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        Counting.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
