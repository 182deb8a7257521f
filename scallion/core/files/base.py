"""``File``: a file object with a name, a size and chunked reading; ``ContentFile``.

Uploads, storage back ends and responses all pass files around; giving them one
wrapper means a view can call ``chunks()`` without caring whether the bytes sit in
memory or on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import BytesIO, StringIO, UnsupportedOperation
from types import TracebackType
from typing import IO, Any, AnyStr


class File:
    """A named file object, read in chunks.

    Attribute access falls through to the wrapped file, so ``read``, ``seek``,
    ``write`` and friends work as on the file itself.
    """

    DEFAULT_CHUNK_SIZE = 64 * 2**10

    def __init__(self, file: Any, name: str | None = None) -> None:
        self.file = file
        if name is None:
            name = getattr(file, "name", None)
        self.name: str | None = name
        if hasattr(file, "mode"):
            self.mode = file.mode

    def __getattr__(self, attr: str) -> Any:
        # Only called for attributes File itself lacks: delegate to the file.
        if attr == "file":
            raise AttributeError(attr)
        return getattr(self.file, attr)

    def __str__(self) -> str:
        return self.name or ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self or 'None'}>"

    def __bool__(self) -> bool:
        return bool(self.name)

    def __len__(self) -> int:
        return self.size

    @property
    def size(self) -> int:
        cached: int | None = self.__dict__.get("_size")
        if cached is None:
            cached = self._measure_size()
            self.__dict__["_size"] = cached
        return cached

    @size.setter
    def size(self, value: int) -> None:
        self.__dict__["_size"] = value

    def _measure_size(self) -> int:
        size = getattr(self.file, "size", None)
        if isinstance(size, int):
            return size
        name = getattr(self.file, "name", None)
        if isinstance(name, str) and os.path.exists(name):
            return os.path.getsize(name)
        if hasattr(self.file, "tell") and hasattr(self.file, "seek"):
            pos = self.file.tell()
            self.file.seek(0, os.SEEK_END)
            end: int = self.file.tell()
            self.file.seek(pos)
            return end
        raise AttributeError(f"Unable to determine the size of {self!r}.")

    @property
    def closed(self) -> bool:
        return not self.file or bool(self.file.closed)

    def _rewind(self) -> None:
        try:
            self.seek(0)
        except (AttributeError, UnsupportedOperation):
            pass

    def chunks(self, chunk_size: int | None = None) -> Iterator[Any]:
        """The content from the start, ``chunk_size`` at a time (64 KiB by default)."""
        chunk_size = chunk_size or self.DEFAULT_CHUNK_SIZE
        self._rewind()
        while data := self.read(chunk_size):
            yield data

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        """True if ``chunks()`` would yield more than one chunk."""
        return self.size > (chunk_size or self.DEFAULT_CHUNK_SIZE)

    def __iter__(self) -> Iterator[Any]:
        """Lines, across chunk boundaries, with ``\\n``, ``\\r\\n`` or ``\\r`` endings kept."""
        buffer: Any = None
        for chunk in self.chunks():
            for line in chunk.splitlines(True):
                if buffer is not None:
                    if _ends_with_cr(buffer):
                        # A "\r\n" split across two chunks is one line ending.
                        if _starts_with_lf(line):
                            buffer, line = buffer + line[:1], line[1:]
                        yield buffer
                        buffer = None
                        if not line:
                            continue
                    else:
                        line, buffer = buffer + line, None
                if _ends_line(line) and not _ends_with_cr(line):
                    yield line
                else:
                    buffer = line
        if buffer:
            yield buffer

    def __enter__(self) -> File:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def open(self, mode: str | None = None) -> File:
        """Rewind an open file, or reopen a closed one by name."""
        if not self.closed:
            self.seek(0)
        elif self.name and os.path.exists(self.name):
            self.file = open(self.name, str(mode or getattr(self, "mode", "rb")))  # noqa: SIM115
        else:
            raise ValueError(f"The file {self.name!r} cannot be reopened.")
        return self

    def close(self) -> None:
        self.file.close()


def _ends_line(line: AnyStr) -> bool:
    return line[-1:] in ("\n", "\r", b"\n", b"\r")


def _ends_with_cr(line: AnyStr) -> bool:
    return line[-1:] in ("\r", b"\r")


def _starts_with_lf(line: AnyStr) -> bool:
    return line[:1] in ("\n", b"\n")


class ContentFile(File):
    """A ``File`` over a str or bytes held in memory (tests, generated content)."""

    def __init__(self, content: str | bytes, name: str | None = None) -> None:
        stream: IO[Any] = StringIO(content) if isinstance(content, str) else BytesIO(content)
        super().__init__(stream, name=name)
        self.size = len(content)

    def __str__(self) -> str:
        return "Raw content"

    def __bool__(self) -> bool:
        return True

    def open(self, mode: str | None = None) -> ContentFile:
        self.seek(0)
        return self

    def close(self) -> None:
        """Nothing to release: the content lives in memory."""

    def write(self, data: Any) -> int:
        self.__dict__.pop("_size", None)
        written: int = self.file.write(data)
        return written
