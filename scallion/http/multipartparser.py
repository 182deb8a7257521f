"""Streaming ``multipart/form-data`` parsing into ``request.POST`` and ``request.FILES``.

The byte-level work (finding boundaries, splitting part headers) is done by the
``multipart`` package's push parser, which skips preambles and epilogues and scans
part bodies in linear time. This module adds what Django's parser promises on
top: upload handlers, Django's limits (checked as the body streams in, never after
it is buffered), base64 parts, and sanitised file names.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import multipart

from scallion.conf import global_settings, settings
from scallion.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from scallion.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
    StopFutureHandlers,
    StopUpload,
)
from scallion.core.files.utils import buffered_size, sanitize_upload_name
from scallion.http.charsets import is_text_encoding
from scallion.http.querydict import QueryDict
from scallion.utils.datastructures import MultiValueDict
from scallion.utils.http import MAX_HEADER_LENGTH, parse_header_parameters
from scallion.utils.log import escape_control_chars

__all__ = [
    "FIELD",
    "FILE",
    "MAX_BOUNDARY_LENGTH",
    "MAX_HEADER_LENGTH",
    "MAX_TOTAL_HEADER_SIZE",
    "RAW",
    "InputStreamExhausted",
    "MultiPartParser",
    "MultiPartParserError",
    "Parser",
    "parse_header_parameters",
]

MAX_BOUNDARY_LENGTH = 200
#: Django's name for the bound on a part's headers. scallion bounds each header line
#: of a part by ``DATA_UPLOAD_MAX_PART_HEADER_SIZE`` (this is its default) and their
#: number by ``DATA_UPLOAD_MAX_PART_HEADER_COUNT``.
MAX_TOTAL_HEADER_SIZE: int = global_settings.DATA_UPLOAD_MAX_PART_HEADER_SIZE
# Longer Content-Type/Accept-style values are refused rather than parsed.

_WHITESPACE = b" \t\r\n\x0b\x0c"
# Codec names (as codecs.lookup() spells them) in which ASCII bytes decode to themselves.
_ASCII_COMPATIBLE = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252", "latin-1"})


class MultiPartParserError(BadRequest):
    """The multipart body is malformed (a 400, like every BadRequest)."""


class InputStreamExhausted(Exception):
    """No more reads are allowed from the input stream."""


def _valid_boundary(boundary: str | None) -> bool:
    """Printable ASCII, 1 to 200 characters, not ending in a space (RFC 2046, as Django)."""
    return (
        boundary is not None
        and 0 < len(boundary) <= MAX_BOUNDARY_LENGTH
        and boundary.isascii()
        and boundary.isprintable()
        and not boundary.endswith(" ")
    )


# -- part bodies --------------------------------------------------------------


class _Base64Decoder:
    """Decodes a base64 part as it streams, carrying at most three bytes between chunks.

    Whitespace is deleted with one ``bytes.translate`` per chunk, so a part made of
    line breaks costs linear time (Django once re-read it byte by byte).
    """

    __slots__ = ("_carry",)

    def __init__(self) -> None:
        self._carry = b""

    def feed(self, data: bytes) -> bytes:
        data = self._carry + data.translate(None, _WHITESPACE)
        usable = len(data) - len(data) % 4
        self._carry = data[usable:]
        return self._decode(data[:usable])

    def finish(self) -> bytes:
        carry, self._carry = self._carry, b""
        return self._decode(carry) if carry else b""

    @staticmethod
    def _decode(data: bytes) -> bytes:
        try:
            return base64.b64decode(data, validate=True)
        except binascii.Error as err:
            raise MultiPartParserError("Could not decode base64 data.") from err


class _FieldPart:
    __slots__ = ("chunks", "name", "transfer_encoding")

    def __init__(self, name: str, transfer_encoding: str) -> None:
        self.name = name
        self.chunks: list[bytes] = []
        self.transfer_encoding = transfer_encoding


class _FilePart:
    __slots__ = ("counters", "decoder", "name", "whole")

    def __init__(
        self, name: str, decoder: _Base64Decoder | None, handler_count: int, whole: bool = False
    ) -> None:
        self.name = name
        self.decoder = decoder
        self.counters = [0] * handler_count
        #: The first handler stores pieces of any size (see MultiPartParser._feed_file).
        self.whole = whole


class _SkippedPart:
    """A part whose bytes are read and dropped (no name, no file, or SkipFile)."""

    __slots__ = ()


_SKIPPED = _SkippedPart()
_Part = _FieldPart | _FilePart | _SkippedPart


def _settings_limit(name: str) -> int | None:
    value: int | None = getattr(settings, name)
    return value


class MultiPartParser:
    """Parse a ``multipart/form-data`` body from ``input_data`` into ``(POST, FILES)``.

    ``input_data`` needs only ``read(size)``. ``limits`` looks up a body limit by
    setting name (``request.body_limit``, so a view's ``@body_limits`` apply);
    by default the settings are used.
    """

    def __init__(
        self,
        META: Mapping[str, Any],
        input_data: Any,
        upload_handlers: Sequence[FileUploadHandler],
        encoding: str | None = None,
        limits: Callable[[str], int | None] | None = None,
        content_params: Mapping[str, str] | None = None,
    ) -> None:
        self._meta = META
        self._input = input_data
        self._handlers = list(upload_handlers)
        self._encoding = encoding if encoding and is_text_encoding(encoding) else "utf-8"
        self._ascii_compatible = (
            self._encoding == "utf-8" or codecs.lookup(self._encoding).name in _ASCII_COMPATIBLE
        )
        limit = limits or _settings_limit
        self._max_memory = limit("DATA_UPLOAD_MAX_MEMORY_SIZE")
        self._max_fields = limit("DATA_UPLOAD_MAX_NUMBER_FIELDS")
        self._max_files = limit("DATA_UPLOAD_MAX_NUMBER_FILES")
        self._max_header_size = limit("DATA_UPLOAD_MAX_PART_HEADER_SIZE")
        self._max_header_count = limit("DATA_UPLOAD_MAX_PART_HEADER_COUNT")

        content_type = str(META.get("CONTENT_TYPE", ""))
        if not content_type.startswith("multipart/"):
            # As Django words it; escaped so control characters cannot reach a log line.
            raise MultiPartParserError(
                f"Invalid Content-Type: {escape_control_chars(content_type[:100])}"
            )
        if not content_type.isascii():
            raise MultiPartParserError(
                "Invalid non-ASCII Content-Type in multipart: "
                f"{escape_control_chars(content_type[:200])}"
            )
        if content_params is not None:
            params = content_params  # parsed by the caller. PERF: upload.
        else:
            try:
                _, params = parse_header_parameters(content_type)
            except ValueError as err:
                raise MultiPartParserError(str(err)) from None
        boundary = params.get("boundary")
        if not _valid_boundary(boundary):
            cut = None if boundary is None else boundary[: MAX_BOUNDARY_LENGTH + 1]
            raise MultiPartParserError(f"Invalid boundary in multipart: {cut!r}")
        assert boundary is not None
        self._boundary = boundary
        self._content_length = self._declared_length(META.get("CONTENT_LENGTH"))
        # A body already buffered in a file (handed to ASGIRequest, as Django's
        # ASGI handler does) is as long as the file, whatever the header says;
        # a server's stream enforces the Content-Length itself.
        # ``_content_length`` stays what was declared (as in Django);
        # ``_body_length`` is what will be read.
        buffered = buffered_size(getattr(input_data, "_stream", input_data))
        self._body_length = self._content_length if buffered is None else buffered
        self._chunk_size = min([2**31 - 4] + [h.chunk_size for h in self._handlers])
        # PERF: upload. A body small enough for the in-memory handler is read in
        # one call (the data is kept in memory anyway): one boundary search and
        # one event per part instead of one per chunk. Handlers still receive at
        # most ``chunk_size`` bytes a call, except the built-in in-memory
        # handler, which stores a larger piece as it would the same bytes in
        # several pieces (see _feed_file).
        self._read_size = self._chunk_size
        if (
            self._body_length is not None
            and self._body_length <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        ):
            self._read_size = max(self._chunk_size, self._body_length)

        self._post: Any = None
        self._files: MultiValueDict[str, Any] = MultiValueDict()
        self._part_count = 0
        self._file_count = 0
        self._field_bytes = 0

    @staticmethod
    def _declared_length(value: Any) -> int | None:
        """The Content-Length, None when absent (chunked), 0 when unusable (as Django)."""
        if value is None or value == "":
            return None
        try:
            length = int(value)
        except (ValueError, TypeError):
            return 0
        if length < 0:
            raise MultiPartParserError(f"Invalid content length: {value!r}")
        return length

    def parse(self) -> tuple[Any, MultiValueDict[str, Any]]:
        """Read the body and return ``(QueryDict, MultiValueDict)``."""
        self._post = QueryDict(mutable=True, encoding=self._encoding)
        if self._content_length == 0:
            self._post._mutable = False
            return self._post, self._files

        for handler in self._handlers:
            result = handler.handle_raw_input(
                self._input, self._meta, self._body_length, self._boundary, self._encoding
            )
            if result is not None:
                return result[0], result[1]

        try:
            self._run()
        except StopUpload as stop:
            self._close_unfinished_files()
            if not stop.connection_reset:
                self._drain()
        except BaseException:
            self._interrupt()
            raise
        for handler in self._handlers:
            handler.upload_complete()
        self._post._mutable = False
        return self._post, self._files

    # -- the event loop ----------------------------------------------------------

    def _run(self) -> None:
        # One loop for reading, parsing and dispatching, with the common event (a
        # chunk of a file part's body) tested first: a 1 MiB upload is 17 reads
        # and as many events, and every layer per event shows. PERF: upload.
        # Part headers are decoded as latin-1 (every byte is valid), then re-decoded
        # with the request encoding, so odd bytes in a file name never fail the parse.
        parser = multipart.PushMultipartParser(
            self._boundary,
            content_length=-1 if self._body_length is None else self._body_length,
            max_header_size=self._max_header_size or 2**31,
            max_header_count=self._max_header_count or 2**31,
            header_charset="latin-1",
        )
        read = self._input.read
        remaining = self._body_length
        chunk_size = self._read_size
        received = False
        part: _Part | None = None
        try:
            while True:
                size = chunk_size if remaining is None else min(chunk_size, remaining)
                chunk = read(size) if size > 0 else b""
                if not chunk:
                    if received:
                        parser.close()  # Raises ParserError if the final boundary is missing.
                    return  # (An empty chunked body is an empty form.)
                received = True
                if remaining is not None:
                    remaining -= len(chunk)
                for event in parser.parse(chunk):
                    if event.__class__ is bytes:
                        if part.__class__ is _FilePart:
                            part = self._file_data(part, event)
                        elif part.__class__ is _FieldPart:
                            self._count_field_bytes(len(event))
                            part.chunks.append(event)
                    elif event is None:
                        assert part is not None
                        self._end_part(part)
                        part = None
                    elif isinstance(event, multipart.MultipartSegment):
                        part = self._start_part(event)
        except multipart.ParserLimitReached as err:
            if str(err) == "Maximum segment header length exceeded":
                # Django's error and words for the same limit (a 400 either way).
                raise MultiPartParserError(
                    "Request max total header size exceeded. A header line of a part is "
                    "longer than DATA_UPLOAD_MAX_PART_HEADER_SIZE."
                ) from None
            raise SuspiciousMultipartForm(f"Multipart body refused: {err}.") from None
        except multipart.MultipartError as err:
            raise MultiPartParserError(f"Malformed multipart body: {err}.") from None

    def _drain(self) -> None:
        """Read and drop the rest of the body, in bounded chunks."""
        while self._input.read(self._chunk_size):
            pass

    def _close_unfinished_files(self) -> None:
        """Close the files handlers were still writing when a handler stopped the upload.

        What a handler stopped is not in ``FILES``: closing its file removes a
        temporary file from disk at once, instead of leaving it to the garbage
        collector. The files finished before the stop stay open, in ``FILES``.
        """
        finished = {id(file) for _name, files in self._files.lists() for file in files}
        for handler in self._handlers:
            file = getattr(handler, "file", None)
            if file is not None and id(file) not in finished:
                file.close()

    def _interrupt(self) -> None:
        for handler in self._handlers:
            handler.upload_interrupted()
        for files in self._files.lists():
            for file in files[1]:
                file.close()

    # -- parts ---------------------------------------------------------------------

    def _decode_header(self, value: str) -> str:
        if self._ascii_compatible and value.isascii():
            return value  # decodes to itself. PERF: upload.
        return value.encode("latin-1").decode(self._encoding, errors="replace")

    def sanitize_file_name(self, file_name: str) -> str | None:
        """The upload's file name made safe to use as a base name, or None (Django's API).

        Path separators and control characters go, HTML character references are
        decoded; ``""``, ``.`` and ``..`` give None. The result is still untrusted
        input for the storage that saves the file.
        """
        return sanitize_upload_name(file_name)

    IE_sanitize = sanitize_file_name

    def _start_part(self, segment: Any) -> _Part:
        self._part_count += 1
        if self._max_fields is not None and self._part_count > self._max_fields:
            raise TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )
        name = self._decode_header(segment.name or "")
        # The segment's headers by (title-cased) name, first one winning, as
        # segment.header() finds them; one pass instead of one per look-up.
        headers: dict[str, str] = {}
        for header, value in segment.headerlist:
            headers.setdefault(header, value)
        disposition = headers.get("Content-Disposition", "")
        if "*=" in disposition:
            # An RFC 2231 parameter (``filename*=charset''...``) with a charset
            # Python does not know cannot be read: the part is refused, not taken
            # for a plain field or skipped (the sender would never learn).
            try:
                parse_header_parameters(disposition)
            except ValueError as err:
                raise MultiPartParserError(
                    f"Invalid Content-Disposition of a part: {err}"
                ) from None
        transfer_encoding = headers.get("Content-Transfer-Encoding", "").strip().lower()
        # RFC 7578 4.2: only the plain ``filename`` counts (``filename*`` is ignored).
        # An empty one (a browser's empty file input) makes a field, as in Django.
        if not segment.filename:
            self._count_field_bytes(len(name) + 2)
            if not name:
                return _SKIPPED
            return _FieldPart(name, transfer_encoding)

        self._file_count += 1
        if self._max_files is not None and self._file_count > self._max_files:
            raise TooManyFilesSent(
                "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES."
            )
        file_name = sanitize_upload_name(self._decode_header(segment.filename))
        if not file_name or not name:
            return _SKIPPED
        return self._new_file(name, file_name, headers, transfer_encoding)

    def _new_file(
        self, name: str, file_name: str, headers: Mapping[str, str], encoding: str
    ) -> _Part:
        content_type, extra = "", dict[str, str]()
        raw_type = headers.get("Content-Type")
        if raw_type:
            if ";" not in raw_type and '"' not in raw_type and len(raw_type) <= MAX_HEADER_LENGTH:
                content_type = raw_type.strip().lower()  # no parameters. PERF: upload.
            else:
                try:
                    content_type, extra = parse_header_parameters(raw_type)
                except ValueError:
                    pass
        part_length = headers.get("Content-Length")
        try:
            content_length = int(part_length) if part_length else None
        except ValueError:
            content_length = None
        # The parameters as bytes, as Django hands them to upload handlers (ported
        # code decodes them); the charset as text.
        extra_bytes = {key: value.encode() for key, value in extra.items()}
        try:
            for handler in self._handlers:
                try:
                    handler.new_file(
                        name,
                        file_name,
                        content_type,
                        content_length,
                        extra.get("charset"),
                        extra_bytes,
                    )
                except StopFutureHandlers:
                    break
        except SkipFile:
            return _SKIPPED
        decoder = _Base64Decoder() if encoding == "base64" else None
        first = self._handlers[0] if self._handlers else None
        whole = type(first) is MemoryFileUploadHandler and first.activated
        return _FilePart(name, decoder, len(self._handlers), whole)

    def _count_field_bytes(self, size: int) -> None:
        self._field_bytes += size
        if self._max_memory is not None and self._field_bytes > self._max_memory:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def _file_data(self, part: _FilePart, data: bytes) -> _Part:
        if part.decoder is not None:
            data = part.decoder.feed(data)
        try:
            self._feed_file(part, data)
        except SkipFile:
            return _SKIPPED
        return part

    def _feed_file(self, part: _FilePart, data: bytes) -> None:
        """Feed ``data`` to the handlers, at most ``chunk_size`` bytes a call.

        The built-in in-memory handler, when it takes the file, gets the piece
        whole: it stores it without a copy (PERF: upload), and the stored bytes
        are the same as if it had been fed the pieces in order.
        """
        size = self._chunk_size
        if len(data) <= size or part.whole:
            self._feed_handlers(part, data)
            return
        for start in range(0, len(data), size):
            self._feed_handlers(part, data[start : start + size])

    def _feed_handlers(self, part: _FilePart, data: bytes | None) -> None:
        for i, handler in enumerate(self._handlers):
            if not data:
                return
            size = len(data)
            data = handler.receive_data_chunk(data, part.counters[i])
            part.counters[i] += size

    def _end_part(self, part: _Part) -> None:
        if isinstance(part, _FieldPart):
            raw = b"".join(part.chunks)
            if part.transfer_encoding == "base64":
                try:
                    raw = base64.b64decode(raw)
                except binascii.Error:
                    pass  # Keep the raw value, as Django does for fields.
            # The parser's own mutable QueryDict: appended to as a dict. PERF: upload.
            dict.setdefault(self._post, part.name, []).append(
                raw.decode(self._encoding, errors="replace")
            )
        elif isinstance(part, _FilePart):
            if part.decoder is not None:
                try:
                    self._feed_file(part, part.decoder.finish())
                except SkipFile:
                    return
            for i, handler in enumerate(self._handlers):
                file_obj = handler.file_complete(part.counters[i])
                if file_obj is not None:
                    dict.setdefault(self._files, part.name, []).append(file_obj)
                    break


#: The kinds of part ``Parser`` yields (Django's names).
FIELD, FILE, RAW = "field", "file", "raw"


class Parser:
    """The parts of a multipart body, one by one: Django's low-level API.

    ``for item_type, meta_data, part in Parser(stream, boundary)``: ``item_type``
    is ``FILE`` for a part with a file name, ``FIELD`` for another form-data
    part, ``RAW`` for one without ``Content-Disposition``; ``meta_data`` maps each
    part header, lower-cased, to ``(value, params)``, the parameters as bytes;
    ``part`` is a file positioned at the start of the part's body (kept in memory
    up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``, on disk beyond). It applies none of the
    request limits: a request body goes through ``MultiPartParser`` (what
    ``request.POST`` uses), which streams into upload handlers and enforces them.
    """

    def __init__(self, stream: Any, boundary: bytes | str) -> None:
        self._stream = stream
        self._boundary = boundary.decode("latin-1") if isinstance(boundary, bytes) else boundary

    def __iter__(self) -> Any:
        parser = multipart.PushMultipartParser(self._boundary, header_charset="latin-1")
        spool_size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        segment: multipart.MultipartSegment | None = None
        body: Any = None
        try:
            while chunk := self._stream.read(64 * 1024):
                for event in parser.parse(chunk):
                    if isinstance(event, multipart.MultipartSegment):
                        segment = event
                        body = tempfile.SpooledTemporaryFile(max_size=spool_size)  # noqa: SIM115
                    elif event is None:
                        assert segment is not None
                        body.seek(0)
                        yield (*_part_meta(segment), body)
                        segment = body = None
                    else:
                        body.write(event)
            parser.close()
        except multipart.MultipartError as err:
            raise MultiPartParserError(f"Malformed multipart body: {err}.") from None
        finally:
            if body is not None:
                body.close()  # a part cut short: never handed out


def _part_meta(segment: multipart.MultipartSegment) -> tuple[str, dict[str, Any]]:
    meta: dict[str, Any] = {}
    for name, raw in segment.headerlist:
        try:
            value, params = parse_header_parameters(raw)
        except ValueError:
            continue  # an unreadable header, left out as Django does
        meta[name.lower()] = (value, {key: item.encode() for key, item in params.items()})
    if "content-disposition" not in meta:
        return RAW, meta
    return (FILE if segment.filename else FIELD), meta
