"""The files a view finds in ``request.FILES``.

``InMemoryUploadedFile`` holds a small upload in a BytesIO; ``TemporaryUploadedFile``
spools a large one to ``FILE_UPLOAD_TEMP_DIR`` so memory stays flat whatever the
upload size. Both sanitise the name they are given (see ``core.files.utils``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from io import BytesIO
from typing import IO, Any

from scallion.conf import settings
from scallion.core.files.base import File
from scallion.core.files.utils import base_name, cap_file_name, validate_file_name

__all__ = (
    "InMemoryUploadedFile",
    "SimpleUploadedFile",
    "TemporaryUploadedFile",
    "UploadedFile",
)


class UploadedFile(File):
    """A file uploaded in a request, with its client-declared type and charset."""

    def __init__(
        self,
        file: Any = None,
        name: str | None = None,
        content_type: str | None = None,
        size: int | None = None,
        charset: str | None = None,
        content_type_extra: Mapping[str, bytes] | None = None,
    ) -> None:
        super().__init__(file, name)
        if size is not None:
            self.size = size
        self.content_type = content_type
        self.charset = charset
        self.content_type_extra = dict(content_type_extra or {})

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.name} ({self.content_type})>"

    @property
    def name(self) -> str | None:
        return self._name

    @name.setter
    def name(self, name: str | None) -> None:
        # The client chose this name: keep only a capped base name.
        if name is not None:
            name = validate_file_name(cap_file_name(base_name(name)))
        self._name = name


class TemporaryUploadedFile(UploadedFile):
    """An upload streamed to a named temporary file (deleted when closed)."""

    def __init__(
        self,
        name: str,
        content_type: str | None,
        size: int | None,
        charset: str | None,
        content_type_extra: Mapping[str, bytes] | None = None,
    ) -> None:
        _, ext = os.path.splitext(base_name(name))
        file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by close()
            suffix=".upload" + ext[:32], dir=settings.FILE_UPLOAD_TEMP_DIR
        )
        super().__init__(file, name, content_type, size, charset, content_type_extra)

    def temporary_file_path(self) -> str:
        """The path of the temporary file (to move it instead of copying it)."""
        path: str = self.file.name
        return path

    def close(self) -> None:
        try:
            self.file.close()
        except FileNotFoundError:
            # The application moved the file away; nothing left to delete.
            pass


class InMemoryUploadedFile(UploadedFile):
    """An upload small enough to keep in memory."""

    def __init__(
        self,
        file: IO[bytes],
        field_name: str | None,
        name: str | None,
        content_type: str | None,
        size: int | None,
        charset: str | None,
        content_type_extra: Mapping[str, bytes] | None = None,
    ) -> None:
        super().__init__(file, name, content_type, size, charset, content_type_extra)
        self.field_name = field_name

    def open(self, mode: str | None = None) -> InMemoryUploadedFile:
        self.file.seek(0)
        return self

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        self.file.seek(0)
        yield self.read()

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        return False


class SimpleUploadedFile(InMemoryUploadedFile):
    """An in-memory upload built from bytes, for tests and programmatic uploads."""

    def __init__(self, name: str, content: bytes | None, content_type: str = "text/plain") -> None:
        content = content or b""
        super().__init__(BytesIO(content), None, name, content_type, len(content), None, None)

    @classmethod
    def from_dict(cls, file_dict: Mapping[str, Any]) -> SimpleUploadedFile:
        """Build from ``{"filename": ..., "content": ..., "content-type": ...}``."""
        return cls(
            file_dict["filename"],
            file_dict["content"],
            file_dict.get("content-type", "text/plain"),
        )
