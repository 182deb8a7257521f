"""Upload handlers: where the bytes of an uploaded file go while the body streams in.

The multipart parser hands each file part to the handlers in
``FILE_UPLOAD_HANDLERS`` order (Django's protocol): ``new_file`` when a file part
starts, ``receive_data_chunk`` for each chunk (a handler returning None keeps the
chunk from later handlers), ``file_complete`` at its end (the first handler to
return a file wins), ``upload_complete`` after the last part. A handler can stop
the upload (``StopUpload``), skip a file (``SkipFile``), or claim a file for itself
(``StopFutureHandlers`` from ``new_file``).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from io import SEEK_END, BytesIO
from typing import IO, Any

from scallion.conf import settings
from scallion.core.files.uploadedfile import (
    InMemoryUploadedFile,
    TemporaryUploadedFile,
    UploadedFile,
)
from scallion.core.files.utils import buffered_size
from scallion.utils.module_loading import import_string

__all__ = [
    "FileUploadHandler",
    "MemoryFileUploadHandler",
    "SkipFile",
    "StopFutureHandlers",
    "StopUpload",
    "TemporaryFileUploadHandler",
    "UploadFileException",
    "load_handler",
]


class UploadFileException(Exception):
    """Base of the exceptions an upload handler raises to steer the parser."""


class StopUpload(UploadFileException):
    """Stop parsing the upload.

    With ``connection_reset=False`` the rest of the body is read and discarded so the
    client can receive the response; with True it is left unread.
    """

    def __init__(self, connection_reset: bool = False) -> None:
        super().__init__(connection_reset)
        self.connection_reset = connection_reset

    def __str__(self) -> str:
        if self.connection_reset:
            return "StopUpload: Halt current upload."
        return "StopUpload: Consume request data, then halt."


class SkipFile(UploadFileException):
    """Skip the rest of the current file; the parser moves to the next part."""


class StopFutureHandlers(UploadFileException):
    """From ``new_file``: this handler takes the file, later handlers are not told."""


class FileUploadHandler:
    """The handler protocol, with no-op defaults; subclasses implement the two abstract steps."""

    chunk_size = 64 * 2**10

    def __init__(self, request: Any = None) -> None:
        self.file_name: str | None = None
        self.content_type: str | None = None
        self.content_length: int | None = None
        self.charset: str | None = None
        self.content_type_extra: Mapping[str, bytes] | None = None
        self.request = request

    @property
    def request(self) -> Any:
        """The request being parsed (None if none was given, or once it is gone)."""
        ref = self._request_ref
        return ref() if ref.__class__ is weakref.ref else ref

    @request.setter
    def request(self, request: Any) -> None:
        # Held weakly: request.upload_handlers holds the handler, and a strong link
        # back would make every upload's request, body and files wait for the
        # cyclic garbage collector. PERF: upload.
        try:
            self._request_ref: Any = weakref.ref(request) if request is not None else None
        except TypeError:
            self._request_ref = request  # not weak-referenceable: keep it

    def handle_raw_input(
        self,
        input_data: Any,
        META: Mapping[str, Any],
        content_length: int | None,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[Any, Any] | None:
        """Called before parsing; return ``(POST, FILES)`` to parse the body yourself.

        ``content_length`` is None for a chunked body of unknown length.
        """
        return None

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str | None,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: Mapping[str, bytes] | None = None,
    ) -> None:
        self.field_name = field_name
        self.file_name = file_name
        self.content_type = content_type
        self.content_length = content_length
        self.charset = charset
        self.content_type_extra = content_type_extra

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        raise NotImplementedError(
            f"{type(self).__name__} must provide a receive_data_chunk() method"
        )

    def file_complete(self, file_size: int) -> UploadedFile | None:
        raise NotImplementedError(f"{type(self).__name__} must provide a file_complete() method")

    def upload_complete(self) -> None:
        """All parts are parsed (clean up here)."""

    def upload_interrupted(self) -> None:
        """Parsing stopped on an error or StopUpload (release partial files here)."""


class TemporaryFileUploadHandler(FileUploadHandler):
    """Streams each file to a ``TemporaryUploadedFile`` in ``FILE_UPLOAD_TEMP_DIR``."""

    file: TemporaryUploadedFile

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        assert self.file_name is not None
        self.file = TemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        file = getattr(self, "file", None)
        if file is not None:
            file.close()


class MemoryFileUploadHandler(FileUploadHandler):
    """Keeps files in memory when the whole body is at most ``FILE_UPLOAD_MAX_MEMORY_SIZE``.

    A chunked body has no declared length, so it never activates: memory stays
    bounded whatever the client sends.
    """

    activated = False
    file: IO[bytes]

    def handle_raw_input(
        self,
        input_data: Any,
        META: Mapping[str, Any],
        content_length: int | None,
        boundary: str,
        encoding: str | None = None,
    ) -> tuple[Any, Any] | None:
        limit = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        self.activated = content_length is not None and content_length <= limit
        if self.activated:
            # The declared length may understate a body that is already at hand
            # (a file-like test payload, a body read whole): its real size counts.
            size = buffered_size(input_data)
            if size is not None:
                self.activated = size <= limit
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.activated:
            self.file = BytesIO()
            raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.activated:
            if start == 0 and raw_data.__class__ is bytes:
                # PERF: upload. A BytesIO made from bytes shares them until written
                # to: a file that arrives in one piece is stored without a copy.
                self.file = BytesIO(raw_data)
                self.file.seek(0, SEEK_END)
            else:
                self.file.write(raw_data)
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.activated:
            return None
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def load_handler(path: str, *args: Any, **kwargs: Any) -> FileUploadHandler:
    """Instantiate the upload handler class at dotted ``path``."""
    handler: FileUploadHandler = import_string(path)(*args, **kwargs)
    return handler
