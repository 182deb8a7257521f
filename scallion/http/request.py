"""``HttpRequest``: what travels into the onion, parsed lazily.

A request holds the raw material (the WSGI environ or the ASGI scope, and the
body stream) and parses each part the first time someone asks: ``GET``,
``COOKIES``, ``headers``, ``body``, ``POST`` and ``FILES``. A hello-world request
therefore parses nothing but its path. The interface edges (``core.handlers.wsgi``
and ``core.handlers.asgi``) subclass it; everything else sees only this class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from typing import IO, Any, NoReturn
from urllib.parse import quote, urljoin, urlsplit

from scallion.conf import settings, settings_cache
from scallion.core.exceptions import (
    BadRequest,
    DisallowedHost,
    ImproperlyConfigured,
    RequestDataTooBig,
)
from scallion.core.files.utils import buffered_size
from scallion.http.accept import MediaType
from scallion.http.cookie import parse_cookie
from scallion.http.hosts import (
    accepted_hosts,
    effective_allowed_hosts,
    host_validation_re,
    is_same_domain,
    split_domain_port,
    validate_host,
)
from scallion.http.querydict import QueryDict
from scallion.utils.datastructures import (
    CaseInsensitiveMapping,
    ImmutableList,
    MultiValueDict,
)
from scallion.utils.encoding import iri_to_uri
from scallion.utils.functional import cached_property

RAISE_ERROR = object()


class UnreadablePostError(OSError):
    """The client went away, or sent less than its Content-Length, mid-body."""


class RawPostDataException(Exception):
    """The body stream was read before ``request.body``; it cannot be read again.

    Read ``request.body`` first (it is cached), or use only the stream.
    """


class HttpHeaders(CaseInsensitiveMapping[str]):
    """The request headers, case-insensitive, built from META's ``HTTP_*`` keys."""

    HTTP_PREFIX = "HTTP_"
    # PEP 3333 gives these two without the HTTP_ prefix.
    UNPREFIXED_HEADERS = {"CONTENT_TYPE", "CONTENT_LENGTH"}

    def __init__(self, environ: Mapping[str, Any]) -> None:
        headers = {}
        for header, value in environ.items():
            name = self.parse_header_name(header)
            if name:
                headers[name] = value
        super().__init__(headers)

    def __getitem__(self, key: str) -> str:
        """Allow header lookup using underscores in place of hyphens."""
        return super().__getitem__(key.replace("_", "-"))

    @classmethod
    def parse_header_name(cls, header: str) -> str | None:
        if header.startswith(cls.HTTP_PREFIX):
            header = header[len(cls.HTTP_PREFIX) :]
        elif header not in cls.UNPREFIXED_HEADERS:
            return None
        return header.replace("_", "-").title()

    @classmethod
    def to_wsgi_names(cls, headers: Mapping[str, Any]) -> dict[str, Any]:
        return {cls.to_wsgi_name(name): value for name, value in headers.items()}

    @classmethod
    def to_wsgi_name(cls, header: str) -> str:
        header = header.replace("-", "_").upper()
        if header in cls.UNPREFIXED_HEADERS:
            return header
        return f"{cls.HTTP_PREFIX}{header}"


class HttpRequest:
    """A request, with Django's attributes and methods.

    Constructed empty (as ``RequestFactory`` and tests do) or by an interface
    edge, which fills ``META``, ``path``, ``path_info``, ``method`` and the body
    stream, and leaves the rest to lazy properties.
    """

    _encoding: str | None = None
    _upload_handlers: list[Any] = []
    _body_limits: dict[str, int | None] | None = None
    # The URLconf used for this request; a middleware may set another one.
    urlconf: str | None = None
    resolver_match: Any = None
    content_type: str | None = None
    content_params: dict[str, str] | None = None
    _read_started = False
    # What the body stream raised when it failed mid-read, kept so that every
    # later read of the body or the form raises again (see _unreadable).
    _body_error: OSError | None = None

    def __init__(self) -> None:
        self.GET = QueryDict(mutable=True)
        self.POST = QueryDict(mutable=True)
        self.COOKIES: dict[str, str] = {}
        self.META: dict[str, Any] = {}
        self.FILES: MultiValueDict[str, Any] = MultiValueDict()
        self.path = ""
        self.path_info = ""
        self.method: str | None = None
        self.resolver_match = None
        self.content_type = None
        self.content_params = None
        self._stream: IO[bytes] = BytesIO()
        self._read_started = False

    def __repr__(self) -> str:
        if self.method is None or not self.get_full_path():
            return f"<{self.__class__.__name__}>"
        return f"<{self.__class__.__name__}: {self.method} {self.get_full_path()!r}>"

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for attr in ("_stream", "resolver_match"):
            state.pop(attr, None)
        return state

    @cached_property
    def headers(self) -> HttpHeaders:
        return HttpHeaders(self.META)

    @cached_property
    def accepted_types(self) -> list[Any]:
        from scallion.http.accept import parse_accept_header

        return parse_accept_header(self.headers.get("Accept", "*/*"))

    @cached_property
    def accepted_types_by_precedence(self) -> list[Any]:
        """The accepted media ranges, most specific first (then most preferred)."""
        from scallion.http.accept import by_precedence

        return by_precedence(self.accepted_types)

    def accepted_type(self, media_type: str) -> Any:
        """The accepted range that decides for ``media_type`` (the most specific one
        it matches), or None when the client does not accept it."""
        from scallion.http.accept import accepted_type

        return accepted_type(self.accepted_types_by_precedence, media_type)

    def accepts(self, media_type: str) -> bool:
        """True if the client's Accept header admits ``media_type``."""
        return self.accepted_type(media_type) is not None

    def get_preferred_type(self, media_types: Iterable[str]) -> str | None:
        """The entry of ``media_types`` the client prefers, or None."""
        from scallion.http.accept import preferred_type

        return preferred_type(self.accepted_types, self.accepted_types_by_precedence, media_types)

    # Host and scheme ----------------------------------------------------

    def _get_raw_host(self) -> str:
        """The host from headers, without validation (honours USE_X_FORWARDED_HOST)."""
        if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in self.META:
            host = str(self.META["HTTP_X_FORWARDED_HOST"]).rsplit(",", 1)[-1].strip()
        elif "HTTP_HOST" in self.META:
            host = str(self.META["HTTP_HOST"])
        else:
            host = str(self.META.get("SERVER_NAME", ""))
            server_port = self.get_port()
            if server_port != ("443" if self.is_secure() else "80"):
                host = f"{host}:{server_port}"
        return host

    def get_host(self) -> str:
        """The host, validated against ``ALLOWED_HOSTS`` (DisallowedHost -> 400)."""
        # The settings through settings_cache: the same values, read quickly.
        # PERF: stack, cached.
        cached = settings_cache
        host = None if cached.USE_X_FORWARDED_HOST else self.META.get("HTTP_HOST")
        host = self._get_raw_host() if host is None else str(host)
        # PERF: stack. A Host accepted before under the same ALLOWED_HOSTS and
        # DEBUG (compared by value) gets the same verdict without the regex.
        memo = accepted_hosts
        allowed, debug = cached.ALLOWED_HOSTS, cached.DEBUG
        if host in memo.hosts and allowed == memo.allowed and debug == memo.debug:
            return host
        allowed_hosts = effective_allowed_hosts(allowed, debug)
        domain, _port = split_domain_port(host)
        if domain and validate_host(domain, allowed_hosts):
            accepted_hosts.add(host)
            return host
        msg = f"Invalid HTTP_HOST header: {host!r}."
        if domain:
            msg += f" You may need to add {domain!r} to ALLOWED_HOSTS."
        else:
            msg += " The domain name provided is not valid according to RFC 1034/1035."
        raise DisallowedHost(msg)

    def get_port(self) -> str:
        if settings.USE_X_FORWARDED_PORT and "HTTP_X_FORWARDED_PORT" in self.META:
            return str(self.META["HTTP_X_FORWARDED_PORT"])
        return str(self.META.get("SERVER_PORT", ""))

    def get_full_path(self, force_append_slash: bool = False) -> str:
        return self._get_full_path(self.path, force_append_slash)

    def get_full_path_info(self, force_append_slash: bool = False) -> str:
        return self._get_full_path(self.path_info, force_append_slash)

    def _get_full_path(self, path: str, force_append_slash: bool) -> str:
        slash = "/" if force_append_slash and not path.endswith("/") else ""
        query = self.META.get("QUERY_STRING", "")
        # A path starting with "//" stays as it is, as in Django: the redirects built
        # from it (CommonMiddleware's) escape it themselves (escape_leading_slashes).
        return "{}{}{}".format(
            quote(path, safe="/:@&+$,-_.!~*'()"),
            slash,
            ("?" + quote(query, safe="/#%[]=:;$&()+,!?*@'~")) if query else "",
        )

    def get_signed_cookie(
        self,
        key: str,
        default: Any = RAISE_ERROR,
        salt: str = "",
        max_age: int | None = None,
    ) -> Any:
        """The value of a cookie set with ``set_signed_cookie``, checked and unsigned.

        A missing or tampered cookie raises (KeyError / BadSignature) unless a
        ``default`` is given.
        """
        from scallion.core import signing

        try:
            cookie_value = self.COOKIES[key]
        except KeyError:
            if default is not RAISE_ERROR:
                return default
            raise
        try:
            value = signing.unsign_cookie(cookie_value, cookie_name=key, salt=salt, max_age=max_age)
        except signing.BadSignature:
            if default is not RAISE_ERROR:
                return default
            raise
        return value

    def build_absolute_uri(self, location: str | None = None) -> str:
        """An absolute URI for ``location`` (default: this request's full path)."""
        location = f"//{self.get_full_path()}" if location is None else str(location)
        bits = urlsplit(location)
        if not (bits.scheme and bits.netloc):
            if (
                bits.path.startswith("/")
                and not bits.scheme
                and not bits.netloc
                and "/./" not in bits.path
                and "/../" not in bits.path
            ):
                if location.startswith("//"):
                    location = location[2:]
                location = self._current_scheme_host + location
            else:
                location = urljoin(self._current_scheme_host + self.path, location)
        return iri_to_uri(location)

    @property
    def _current_scheme_host(self) -> str:
        return f"{self.scheme}://{self.get_host()}"

    def _get_scheme(self) -> str:
        """The scheme the interface reports (overridden by the edges)."""
        return "http"

    @property
    def scheme(self) -> str:
        """``https`` or ``http``, honouring ``SECURE_PROXY_SSL_HEADER``."""
        proxy_header = settings_cache.SECURE_PROXY_SSL_HEADER  # PERF: cached, stack
        if proxy_header:
            try:
                header, secure_value = proxy_header
            except ValueError:
                raise ImproperlyConfigured(
                    "The SECURE_PROXY_SSL_HEADER setting must be a tuple containing two "
                    "values, e.g. ('HTTP_X_FORWARDED_PROTO', 'https')."
                ) from None
            header_value = self.META.get(header)
            if header_value is not None:
                header_value, *_ = str(header_value).split(",", 1)
                return "https" if header_value.strip() == secure_value else "http"
        return self._get_scheme()

    def is_secure(self) -> bool:
        return self.scheme == "https"

    # Encoding -------------------------------------------------------------

    @property
    def encoding(self) -> str | None:
        return self._encoding

    @encoding.setter
    def encoding(self, val: str) -> None:
        """Re-decode GET and POST with another charset on next access."""
        self._encoding = val
        self.__dict__.pop("GET", None)
        if hasattr(self, "_post"):
            del self._post

    # Body ------------------------------------------------------------------

    #: Set through ``multipart_parser_class``; None is ``MultiPartParser``.
    _multipart_parser_class: Any = None

    @property
    def multipart_parser_class(self) -> Any:
        """The class that parses a ``multipart/form-data`` body into ``POST`` and ``FILES``.

        ``MultiPartParser`` unless a request subclass names another (a class
        attribute of the same name) or a middleware or view sets one before the
        form is read. It is built as ``MultiPartParser`` is, with ``META``, the
        body stream, the upload handlers and the encoding, and must return
        ``(POST, FILES)`` from ``parse()``.
        """
        parser_class = self._multipart_parser_class
        if parser_class is None:
            from scallion.http.multipartparser import MultiPartParser

            parser_class = MultiPartParser
        return parser_class

    @multipart_parser_class.setter
    def multipart_parser_class(self, parser_class: Any) -> None:
        if hasattr(self, "_files"):
            raise RuntimeError(
                "You cannot set the multipart parser class after the upload has been "
                "processed. Set it before POST or FILES is first read."
            )
        self._multipart_parser_class = parser_class

    @property
    def upload_handlers(self) -> list[Any]:
        if not self._upload_handlers:
            self._initialize_handlers()
        return self._upload_handlers

    @upload_handlers.setter
    def upload_handlers(self, upload_handlers: list[Any]) -> None:
        if hasattr(self, "_files"):
            raise AttributeError(
                "You cannot set the upload handlers after the upload has been processed."
            )
        self._upload_handlers = upload_handlers

    def _upload_handlers_for_parse(self) -> Sequence[Any]:
        """The upload handlers a multipart parse uses; from then on they cannot change.

        A handler added once the parse has begun would see only part of the
        body: inserting or removing one raises ``AttributeError`` (as in Django).
        """
        handlers: Sequence[Any] = self.upload_handlers
        if not isinstance(handlers, ImmutableList):
            handlers = self._upload_handlers = ImmutableList(  # type: ignore[assignment]
                handlers,
                warning="You cannot alter upload handlers after the upload has been processed.",
            )
        return handlers

    def _initialize_handlers(self) -> None:
        paths = tuple(settings.FILE_UPLOAD_HANDLERS)
        classes = _upload_handler_classes.get(paths)
        if classes is None:
            classes = _import_upload_handlers(paths)
        self._upload_handlers = [handler_class(self) for handler_class in classes]

    def body_limit(self, name: str) -> int | None:
        """A body limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``...), as raised or lowered for the
        view by ``scallion.views.decorators.body.body_limits``, else the setting."""
        if self._body_limits is not None and name in self._body_limits:
            return self._body_limits[name]
        value: int | None = getattr(settings, name)
        return value

    def set_body_limits(self, **limits: int | None) -> None:
        """Change body limits for this request (before the body is read)."""
        self._body_limits = {**(self._body_limits or {}), **limits}

    @property
    def body(self) -> bytes:
        """The whole body, read once and cached; bounded by DATA_UPLOAD_MAX_MEMORY_SIZE."""
        # getattr, not try/except: the first access would raise. PERF: form.
        body: bytes | None = getattr(self, "_body", None)
        if body is not None:
            return body
        if self._read_started:
            if self._body_error is not None:  # (only a read started can have failed)
                self._unreadable_again()
            raise RawPostDataException(
                "You cannot access body after reading from request's data stream"
            )
        limit = self.body_limit("DATA_UPLOAD_MAX_MEMORY_SIZE")
        if limit is not None:
            try:
                declared = int(self.META.get("CONTENT_LENGTH") or 0)
            except (ValueError, TypeError):
                declared = 0
            if declared > limit:
                raise RequestDataTooBig(
                    "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
                )
            # A body already buffered in a file (one handed to ASGIRequest, as
            # Django's handler does) is measured before it is read: the
            # Content-Length may be absent or understated.
            buffered = buffered_size(self._stream)
            if buffered is not None and buffered > limit:
                raise RequestDataTooBig(
                    "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
                )
        # The stream is read here, not through self.read(): this try already turns
        # an OSError into UnreadablePostError. PERF: form.
        self._read_started = True
        try:
            if limit is None:
                self._body = self._stream.read()
            else:
                data = self._stream.read(limit + 1)
                if len(data) > limit:
                    raise RequestDataTooBig(
                        "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
                    )
                self._body = data
        except OSError as e:
            raise self._unreadable(e) from e
        finally:
            self._stream.close()
        self._stream = BytesIO(self._body)
        return self._body

    def _mark_post_parse_error(self) -> None:
        self._post = QueryDict()
        self._files: MultiValueDict[str, Any] = MultiValueDict()

    def _load_post_and_files(self) -> None:
        """Parse a form body into ``_post`` and ``_files`` (POST requests only).

        The parsing itself lives in :mod:`scallion.http.formparser`, which is
        handed the parts of the request it reads (``_run_form_parser``).
        """
        if self.method != "POST":
            self._post, self._files = QueryDict(encoding=self._encoding), MultiValueDict()
            return
        try:  # _parse_form_body, inlined. PERF: form.
            self._post, self._files = self._run_form_parser()
        except Exception:
            self._after_form_error()
            raise

    def parse_form_body(self) -> tuple[QueryDict, MultiValueDict[str, Any]]:
        """Parse a urlencoded or multipart body whatever the method.

        Django fills ``POST`` only for POST; a PUT or PATCH view that receives a
        form calls ``request.parse_form_body()`` (scallion's addition) and gets
        ``(data, files)`` with the same limits and the same parser.
        """
        if self.method != "POST" and hasattr(self, "_post") and hasattr(self, "_files"):
            return self._post, self._files
        return self._parse_form_body()

    def _parse_form_body(self) -> tuple[QueryDict, MultiValueDict[str, Any]]:
        try:
            self._post, self._files = self._run_form_parser()
        except Exception:
            self._after_form_error()
            raise
        return self._post, self._files

    def _after_form_error(self) -> None:
        """What a later read of ``POST``/``FILES`` gives after the body failed to parse.

        A body the server could not deliver whole (the client went away
        mid-body) raises ``UnreadablePostError`` again on every later read, of
        any form: a view reached after a middleware swallowed the first error
        (``CsrfViewMiddleware`` does) must not take the part that arrived, or
        nothing, for the form. Otherwise, a multipart body is consumed as it is
        parsed: what is left cannot be parsed again, and half of it must not be
        taken for the form, so later reads give the empty form (as in Django,
        where the error pages read it). Any other failure (a urlencoded body
        refused before it was decoded: a charset other than UTF-8, too many
        fields, too large) is raised again by the next read, so that no code
        takes the bad request for an empty form.
        """
        if self._body_error is not None:
            return
        media_type = str(self.META.get("CONTENT_TYPE", "")).partition(";")[0]
        if media_type.strip().lower() == "multipart/form-data":
            self._mark_post_parse_error()

    def _unreadable(self, error: OSError) -> UnreadablePostError:
        """The error to raise for a body the server could not deliver, remembered.

        Django gives an empty form, and then RawPostDataException (a 500), to
        the reads after the first; here each read raises this again (a 400).
        The stream counts as read: what is left of it is not the body.
        """
        self._read_started = True
        self._body_error = error
        return UnreadablePostError(*error.args)

    def _unreadable_again(self) -> NoReturn:
        """Raise what the body stream raised the first time, for a later read."""
        error = self._body_error
        assert error is not None
        raise UnreadablePostError(*error.args) from error

    def _run_form_parser(self) -> tuple[QueryDict, MultiValueDict[str, Any]]:
        # A body read whole is parsed from its copy, even if the stream was read
        # since; one read as a stream (not through ``body``) has nothing left,
        # and one whose read failed raises again.
        body: bytes | None = getattr(self, "_body", None)
        if body is not None:
            stream: Any = BytesIO(body)
        elif not self._read_started:
            stream = self
        elif self._body_error is not None:
            self._unreadable_again()
        else:
            stream = None
        return (_parse_form or _load_parse_form())(
            self.META,
            stream,
            read_body=lambda: self.body,
            encoding=self._encoding,
            limits=self.body_limit,
            upload_handlers=self._upload_handlers_for_parse,
            multipart_parser_class=lambda: self.multipart_parser_class,
        )

    def json(self) -> Any:
        """The body parsed as JSON: 400 for a wrong content type, bad JSON or deep nesting."""
        from scallion.http.jsonbody import parse_json_body

        return parse_json_body(
            str(self.META.get("CONTENT_TYPE", "")), lambda: self.body, self.body_limit
        )

    def close(self) -> None:
        """Close uploaded files (temporary files are deleted on close)."""
        files = getattr(self, "_files", None)
        if files:
            for f in (f for lst in files.lists() for f in lst[1]):
                close = getattr(f, "close", None)
                if close is not None:
                    close()

    # File-like interface to the body stream ---------------------------------

    def read(self, size: int = -1) -> bytes:
        if self._body_error is not None:  # the stream failed before: nothing to resume
            self._unreadable_again()
        self._read_started = True
        try:
            return self._stream.read(size)
        except OSError as e:
            raise self._unreadable(e) from e

    def readline(self, size: int = -1) -> bytes:
        if self._body_error is not None:  # the stream failed before: nothing to resume
            self._unreadable_again()
        self._read_started = True
        try:
            return self._stream.readline(size)
        except OSError as e:
            raise self._unreadable(e) from e

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def readlines(self) -> list[bytes]:
        return list(self)


#: ``formparser.parse_form``, imported on first use (it imports the multipart
#: parser, which a request without a form never needs) and kept, so later
#: requests skip the import statement. PERF: form.
_parse_form: Callable[..., tuple[QueryDict, MultiValueDict[str, Any]]] | None = None


def _load_parse_form() -> Callable[..., tuple[QueryDict, MultiValueDict[str, Any]]]:
    global _parse_form
    from scallion.http.formparser import parse_form

    _parse_form = parse_form
    return parse_form


#: FILE_UPLOAD_HANDLERS imported once per value of the setting (the paths are the
#: key, so override_settings needs no signal). PERF: upload.
_upload_handler_classes: dict[tuple[str, ...], tuple[Any, ...]] = {}


def _import_upload_handlers(paths: tuple[str, ...]) -> tuple[Any, ...]:
    from scallion.utils.module_loading import import_string

    classes = tuple(import_string(path) for path in paths)
    if len(_upload_handler_classes) < 16:
        _upload_handler_classes[paths] = classes
    return classes


def _get_post(self: HttpRequest) -> QueryDict:
    if not hasattr(self, "_post"):
        self._load_post_and_files()
    return self._post


def _set_post(self: HttpRequest, post: QueryDict) -> None:
    self._post = post


def _get_files(self: HttpRequest) -> MultiValueDict[str, Any]:
    if not hasattr(self, "_files"):
        self._load_post_and_files()
    return self._files


def _set_files(self: HttpRequest, files: MultiValueDict[str, Any]) -> None:
    self._files = files


HttpRequest.POST = property(_get_post, _set_post)  # type: ignore[assignment]
HttpRequest.FILES = property(_get_files, _set_files)  # type: ignore[assignment]


__all__ = [
    "BadRequest",
    "HttpHeaders",
    "HttpRequest",
    "ImmutableList",
    "MediaType",
    "QueryDict",
    "RawPostDataException",
    "UnreadablePostError",
    "host_validation_re",
    "is_same_domain",
    "parse_cookie",
    "split_domain_port",
    "validate_host",
]
