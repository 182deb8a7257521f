"""Response objects: what travels back out through the onion.

Names and behaviour are Django's. Headers live in one dict keyed by the
lower-cased name (holding the name as written and the value), so that the WSGI
and ASGI edges can emit them without another pass. Values are checked once, when
set: a value containing CR or LF is refused (header injection).
"""

from __future__ import annotations

import datetime
import json
import pickle
import re
import time
import warnings
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Mapping
from email.header import Header
from http.client import responses
from http.cookies import Morsel, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from scallion.conf import settings
from scallion.core.exceptions import DisallowedRedirect
from scallion.core.signals import request_finished
from scallion.utils.encoding import iri_to_uri
from scallion.utils.http import MAX_URL_REDIRECT_LENGTH, http_date

# Morsel rejects unknown attributes; SameSite and Partitioned are newer than it.
Morsel._reserved.setdefault("samesite", "SameSite")  # type: ignore[attr-defined]
Morsel._reserved.setdefault("partitioned", "Partitioned")  # type: ignore[attr-defined]
Morsel._flags.add("partitioned")  # type: ignore[attr-defined]


class BadHeaderError(ValueError):
    """A header name or value would split the response (contains CR, LF or NUL)."""


class Http404(Exception):
    """Raised anywhere to answer with 404 Not Found."""


def _to_header_value(name: str, value: str | bytes | int, charset: str = "latin-1") -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    elif not isinstance(value, str):
        value = str(value)
    if "\n" in value or "\r" in value or "\x00" in value:
        raise BadHeaderError(f"Header values can't contain newlines or NUL ({name!r}: {value!r})")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        # RFC 2047 encoding for non-latin-1 text (Content-Disposition file names).
        value = Header(value, "utf-8", maxlinelen=10**6).encode()
    return value


#: C0 and C1 control characters: none may appear in a status line's reason
#: phrase (CR/LF would start a header of the response).
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _checked_reason(value: str) -> str:
    if value and _CONTROL_CHARS.search(value):
        raise BadHeaderError(f"reason_phrase can't contain control characters. Got {value!r}.")
    return value


def _cookie_attribute(name: str, value: str) -> str:
    """Refuse a cookie attribute that would add attributes or headers of its own.

    ``Morsel`` writes attribute values as given, so ``path="/; Domain=evil"`` or a
    newline would otherwise reach the Set-Cookie header.
    """
    if ";" in value or not value.isprintable():
        raise BadHeaderError(
            f"Cookie attribute {name!r} can't contain ';' or control characters: {value!r}"
        )
    return value


# RFC 9110 field names are tokens. One compiled match per header set, instead of
# a Python-level loop over its characters. PERF: stack.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


class NonASCIIHeaderName(BadHeaderError, UnicodeError):
    """A header name with non-ASCII characters (a UnicodeError too, as in Django)."""


def _to_header_name(name: str | bytes) -> str:
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    if _HEADER_NAME.match(name) is None:
        if "\n" in name or "\r" in name or "\x00" in name:
            raise BadHeaderError(f"Header values can't contain newlines or NUL ({name!r})")
        if not name.isascii():
            raise NonASCIIHeaderName(f"Invalid header name {name!r}: it is not ASCII")
        raise BadHeaderError(f"Invalid header name {name!r}")
    return name


# Header names already found valid, with their lower-cased form: names repeat
# (Content-Type, Age, Vary...) and the check is a regular expression. Bounded;
# past the limit a name is checked every time. PERF: cached.
_CHECKED_NAMES: dict[str, str] = {}
_CHECKED_NAMES_MAX = 512


class ResponseHeaders(Mapping[str, str]):
    """Case-insensitive, mutable header mapping that keeps the name as written."""

    __slots__ = ("_store",)

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None) -> None:
        self._store: dict[str, tuple[str, str]] = {}
        if data is not None:
            pairs = data.items() if isinstance(data, Mapping) else data
            for header, value in pairs:
                self[header] = value

    def __getitem__(self, key: str) -> str:
        return self._store[key.lower()][1]

    def __setitem__(self, key: str, value: str | bytes | int) -> None:
        lower = _CHECKED_NAMES.get(key)
        if lower is None:
            name = _to_header_name(key)
            lower = name.lower()
            if len(_CHECKED_NAMES) < _CHECKED_NAMES_MAX and name.__class__ is str:
                _CHECKED_NAMES[name] = lower
        else:
            name = key
        if value.__class__ is str and value.isascii() and value.isprintable():
            # Printable ASCII has no CR, LF or NUL and is latin-1: the value
            # _to_header_value would return, unchanged. PERF: cached.
            self._store[lower] = (name, value)
        else:
            self._store[lower] = (name, _to_header_value(name, value))

    def get(self, key: str, default: Any = None) -> Any:
        # Mapping.get goes through __getitem__ and KeyError. PERF: cached.
        item = self._store.get(key.lower())
        return default if item is None else item[1]

    def __delitem__(self, key: str) -> None:
        self._store.pop(key.lower(), None)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._store

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._store.values())

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return repr(dict(self._store.values()))

    def setdefault(self, key: str, value: str | bytes | int) -> str:
        if key.lower() not in self._store:
            self[key] = value
        return self[key]

    def pop(self, key: str, *default: Any) -> Any:
        try:
            return self._store.pop(key.lower())[1]
        except KeyError:
            if default:
                return default[0]
            raise

    def update(self, other: Mapping[str, Any]) -> None:
        for key, value in other.items():
            self[key] = value

    def items_list(self) -> list[tuple[str, str]]:
        """The headers as ``(name, value)`` pairs, as the WSGI edge sends them."""
        return list(self._store.values())

    # Checked headers: validated once, added many times. PERF: stack - a middleware
    # that adds the same headers to every response checks them when it loads and
    # then pays one dict look-up per response, not a name and value check.

    @staticmethod
    def checked(key: str, value: str | bytes | int) -> CheckedHeader:
        """``key: value`` validated now, for :meth:`setdefault_checked` to add later."""
        name = _to_header_name(key)
        return name.lower(), (name, _to_header_value(name, value))

    def setdefault_checked(self, header: CheckedHeader) -> None:
        """Add a header made by :meth:`checked` unless one of that name is set."""
        key, pair = header
        store = self._store
        if key not in store:
            store[key] = pair

    def setdefault_all_checked(self, headers: Iterable[CheckedHeader]) -> None:
        """:meth:`setdefault_checked` for each header in turn."""
        store = self._store
        for key, pair in headers:
            if key not in store:
                store[key] = pair


class _SharedHeaders(ResponseHeaders):
    """Response headers reading a store they share, copied on their first change.

    What a response thawed from a cached page gets (see ``FrozenResponse.thaw``):
    most are sent as they are, and copying the store for each would be work for
    nothing. The first change gives them a store of their own, and from then on
    they are an ordinary ``ResponseHeaders``. PERF: cached.
    """

    __slots__ = ()

    def _own(self) -> None:
        self._store = dict(self._store)
        self.__class__ = ResponseHeaders  # type: ignore[assignment]

    def __setitem__(self, key: str, value: str | bytes | int) -> None:
        self._own()
        ResponseHeaders.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._own()
        ResponseHeaders.__delitem__(self, key)

    def setdefault(self, key: str, value: str | bytes | int) -> str:
        self._own()
        return ResponseHeaders.setdefault(self, key, value)

    def pop(self, key: str, *default: Any) -> Any:
        self._own()
        return ResponseHeaders.pop(self, key, *default)

    def update(self, other: Mapping[str, Any]) -> None:
        self._own()
        ResponseHeaders.update(self, other)

    def setdefault_checked(self, header: CheckedHeader) -> None:
        self._own()
        ResponseHeaders.setdefault_checked(self, header)

    def setdefault_all_checked(self, headers: Iterable[CheckedHeader]) -> None:
        self._own()
        ResponseHeaders.setdefault_all_checked(self, headers)


#: A header validated by :meth:`ResponseHeaders.checked`: the lower-cased name, then
#: the name as written and the value.
CheckedHeader = tuple[str, tuple[str, str]]


def content_length_header(length: int) -> CheckedHeader:
    """A ``Content-Length`` header (a decimal number needs no check)."""
    return "content-length", ("Content-Length", str(length))


_new_headers = object.__new__


# The charset named by each Content-Type value seen ("" for none): values repeat,
# and the parse costs more than the look-up. Bounded. PERF: form, json.
_CHARSETS: dict[str, str] = {}
_CHARSETS_MAX = 256


def _charset_in(content_type: str) -> str:
    """The ``charset=`` parameter of a Content-Type value, or "" when it has none."""
    marker = "charset="
    index = content_type.lower().find(marker)
    charset = ""
    if index >= 0:
        charset = content_type[index + len(marker) :].split(";")[0].strip().strip('"')
    if len(_CHARSETS) < _CHARSETS_MAX:
        _CHARSETS[content_type] = charset
    return charset


def _set_read_defaults(response: HttpResponseBase) -> None:
    """Give ``response`` its own copy of the class defaults the edge reads on every
    response: CPython 3.11 reads an instance's attribute quickly and a class
    default through the slow, generic path (about 190 instructions a read).
    PERF: hello."""
    response._reason_phrase = None
    response._cookies = None
    response._resource_closers = ()


class HttpResponseBase:
    """Status, headers and cookies shared by every response class."""

    status_code = 200
    streaming = False
    _has_been_logged = False
    #: A file the server may send with ``wsgi.file_wrapper`` (FileResponse sets it).
    file_to_stream: Any = None
    #: Whether the handler answers a ``Range`` header with ``apply_range(request)``.
    ranged = False
    # Defaults kept on the class, so that a plain response sets only what it
    # was given. PERF: hello.
    _charset: str | None = None
    _reason_phrase: str | None = None
    _cookies: SimpleCookie | None = None
    _handler_class: type | None = None
    closed = False
    #: Closed with the response (files, generators), created on first use.
    _resource_closers: list[Callable[[], Any]] | tuple[()] = ()
    #: The request this response answers; closed with it (its uploaded files).
    _closable_request: Any = None

    def __init__(
        self,
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
    ) -> None:
        _set_read_defaults(self)
        if charset is not None:
            self._charset = charset
        if headers:
            self.headers = ResponseHeaders(headers)
            if "content-type" in self.headers._store:
                if content_type:
                    raise ValueError(
                        "'headers' must not contain 'Content-Type' when the 'content_type' "
                        "parameter is provided."
                    )
                content_type = None
            elif not content_type:
                content_type = f"text/html; charset={self.charset}"
        else:
            # PERF: hello - no mapping to walk, one header to set, no __init__ call.
            self.headers = headers = _new_headers(ResponseHeaders)
            headers._store = {}
            if not content_type:
                content_type = f"text/html; charset={self.charset}"
        if content_type:
            plain = content_type.__class__ is str and content_type.isascii()
            if not (plain and content_type.isprintable()):
                content_type = _to_header_value("Content-Type", content_type)
            self.headers._store["content-type"] = ("Content-Type", content_type)
        if status is not None:
            try:
                self.status_code = int(status)
            except (ValueError, TypeError):
                raise TypeError("HTTP status code must be an integer.") from None
            if not 100 <= self.status_code <= 599:
                raise ValueError("HTTP status code must be an integer from 100 to 599.")
        if reason is not None:
            self._reason_phrase = _checked_reason(reason)

    # Pickling (the page cache stores responses): what the handler and the test
    # client attach (the request, the client, resolver_match...) is left out, as
    # Django does; the headers travel as their plain dict and an empty cookie jar
    # not at all, so a cached page is quick to load. PERF: cached.
    _unpicklable_state = frozenset(
        ["_closable_request", "_handler_class", "_resource_closers", "_has_been_logged"]
    )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for attr in self._unpicklable_state.union(getattr(self, "non_picklable_attrs", ())):
            state.pop(attr, None)
        if not state.get("_cookies", True):
            del state["_cookies"]
        if "_reason_phrase" in state and state["_reason_phrase"] is None:
            del state["_reason_phrase"]  # the class default: a cached page stays small
        headers = state.get("headers")
        if headers.__class__ is ResponseHeaders or headers.__class__ is _SharedHeaders:
            state["headers"] = headers._store
        return state

    def __copy__(self) -> Any:
        # ``copy.copy`` would go through ``__getstate__`` and lose what pickling
        # leaves out (the test client's ``client``, ``wsgi_request``...); a copy is
        # not pickling, so it keeps every attribute, as a plain object's copy does.
        duplicate = self.__class__.__new__(self.__class__)
        duplicate.__dict__.update(self.__dict__)
        return duplicate

    def __setstate__(self, state: dict[str, Any]) -> None:
        store = state.get("headers")
        if store.__class__ is dict:
            headers = _new_headers(ResponseHeaders)
            headers._store = store
            state["headers"] = headers
        self.__dict__.update(state)

    @property
    def cookies(self) -> SimpleCookie:
        """The cookies to set, created on first use. PERF: hello (most responses set none)."""
        cookies = self._cookies
        if cookies is None:
            cookies = self._cookies = SimpleCookie()
        return cookies

    @cookies.setter
    def cookies(self, value: SimpleCookie) -> None:
        self._cookies = value

    @property
    def reason_phrase(self) -> str:
        if self._reason_phrase is not None:
            return self._reason_phrase
        return responses.get(self.status_code, "Unknown Status Code")

    @reason_phrase.setter
    def reason_phrase(self, value: str) -> None:
        self._reason_phrase = _checked_reason(value)

    @property
    def charset(self) -> str:
        if self._charset is not None:
            return self._charset
        content_type = (
            self.headers._store.get("content-type", ("", ""))[1] if hasattr(self, "headers") else ""
        )
        charset = _CHARSETS.get(content_type)
        if charset is None:
            charset = _charset_in(content_type)
        return charset or str(settings.DEFAULT_CHARSET)

    @charset.setter
    def charset(self, value: str) -> None:
        self._charset = value

    def serialize_headers(self) -> bytes:
        """HTTP headers as a bytestring (for caches and debugging)."""
        return b"\r\n".join(
            f"{name}: {value}".encode("latin-1") for name, value in self.header_items()
        )

    __bytes__ = serialize_headers

    def header_items(self) -> list[tuple[str, str]]:
        """Headers plus one ``Set-Cookie`` per cookie, in the order they go out."""
        items = list(self.headers._store.values())
        if self._cookies:
            items.extend(("Set-Cookie", c.OutputString()) for c in self._cookies.values())
        return items

    # Dict-like header access, as Django's HttpResponse has it.
    def __setitem__(self, header: str, value: str | bytes | int) -> None:
        self.headers[header] = value

    def __delitem__(self, header: str) -> None:
        del self.headers[header]

    def __getitem__(self, header: str) -> str:
        return self.headers[header]

    def has_header(self, header: str) -> bool:
        return header in self.headers

    __contains__ = has_header

    def items(self) -> Iterable[tuple[str, str]]:
        return self.headers.items()

    def get(self, header: str, alternate: str | None = None) -> str | None:
        value: str | None = self.headers.get(header, alternate)
        return value

    def setdefault(self, key: str, value: str) -> None:
        self.headers.setdefault(key, value)

    @property
    def _content_type_for_repr(self) -> str:
        ct = self.headers.get("Content-Type")
        return f', "{ct}"' if ct else ""

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: int | float | datetime.timedelta | None = None,
        expires: str | datetime.datetime | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Set a cookie with Django's parameters.

        ``expires`` is a datetime (naive is taken as UTC) or a preformatted string;
        ``max_age`` in seconds (or a timedelta) also sets ``expires`` for old clients.
        """
        try:
            str(value).encode("latin-1")
        except UnicodeEncodeError:
            # Morsel escapes latin-1 but passes other characters through, and the
            # server could not encode the header: fail here, naming the cookie.
            raise BadHeaderError(
                f"Cookie {key!r} has a value with characters outside latin-1 ({value!r}); "
                "percent-encode it first, for example with urllib.parse.quote()."
            ) from None
        _to_header_value("Set-Cookie", f"{key}={value}")
        self.cookies[key] = value
        morsel = self.cookies[key]
        if expires is not None:
            if isinstance(expires, datetime.datetime):
                if expires.tzinfo is not None:
                    expires = expires.astimezone(datetime.UTC).replace(tzinfo=None)
                delta = expires - datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
                # Django's rule: one second more, since the time spent between
                # the caller's now() and this one is lost (now + 10 s is 10).
                delta += datetime.timedelta(seconds=1)
                expires = None
                if max_age is not None:
                    raise ValueError("'expires' and 'max_age' can't be used together.")
                max_age = max(0, delta.days * 86400 + delta.seconds)
            else:
                morsel["expires"] = _cookie_attribute("expires", expires)
        elif max_age is None:
            # Setting a cookie again (after delete_cookie(), say) starts it afresh:
            # the earlier expiry must not outlive the new value.
            morsel["expires"] = ""
            morsel["max-age"] = ""
        if max_age is not None:
            if isinstance(max_age, datetime.timedelta):
                max_age = max_age.total_seconds()
            morsel["max-age"] = int(max_age)
            if not expires:
                morsel["expires"] = http_date(time.time() + int(max_age))
        if path is not None:
            morsel["path"] = _cookie_attribute("path", path)
        if domain is not None:
            morsel["domain"] = _cookie_attribute("domain", domain)
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        if samesite:
            if samesite.lower() not in ("lax", "none", "strict"):
                raise ValueError('samesite must be "lax", "none", or "strict".')
            morsel["samesite"] = samesite
        if partitioned:
            morsel["partitioned"] = True

    def set_signed_cookie(self, key: str, value: str, salt: str = "", **kwargs: Any) -> None:
        """Set a cookie signed with ``SECRET_KEY`` (see ``request.get_signed_cookie``)."""
        from scallion.core.signing import cookie_salt, get_cookie_signer

        value = get_cookie_signer(salt=cookie_salt(key, salt)).sign(value)
        self.set_cookie(key, value, **kwargs)

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        samesite: str | None = None,
    ) -> None:
        """Expire a cookie; ``__Secure-``/``__Host-`` cookies keep their Secure flag."""
        secure = key.startswith(("__Secure-", "__Host-")) or bool(
            samesite and samesite.lower() == "none"
        )
        self.set_cookie(
            key,
            max_age=0,
            path=path,
            domain=domain,
            secure=secure,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            samesite=samesite,
        )

    def make_bytes(self, value: object) -> bytes:
        """Turn a piece of content into bytes in the response's charset."""
        if isinstance(value, bytes | memoryview):
            return bytes(value)
        if isinstance(value, str):
            return value.encode(self.charset)
        return str(value).encode(self.charset)

    def add_resource_closer(self, closer: Callable[[], Any]) -> None:
        """Call ``closer`` when the server closes the response (files, generators)."""
        if self._resource_closers:
            self._resource_closers.append(closer)
        else:
            self._resource_closers = [closer]

    # The file-like interface: closing the response closes what it streams.
    def close(self) -> None:
        closers = self._resource_closers
        request = self._closable_request
        if request is not None:
            self._closable_request = None
            closers = [*closers, request.close]
        for closer in closers:
            try:
                closer()
            except Exception:
                pass
        self._resource_closers = ()
        self.closed = True
        if request_finished.listened:
            request_finished.send(sender=self._handler_class)

    def write(self, content: object) -> None:
        raise OSError(f"This {self.__class__.__name__} instance is not writable")

    def flush(self) -> None:
        pass

    def tell(self) -> int:
        raise OSError(f"This {self.__class__.__name__} instance cannot tell its position")

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False

    def writelines(self, lines: Iterable[object]) -> None:
        raise OSError(f"This {self.__class__.__name__} instance is not writable")


class HttpResponse(HttpResponseBase):
    """A response whose content is held in memory as bytes.

    ``content`` may be bytes, str, or an iterable of them (consumed at once).
    """

    streaming = False
    non_picklable_attrs = frozenset(["resolver_match", "client", "request", "wsgi_request"])

    def __init__(
        self,
        content: object = b"",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
    ) -> None:
        if (
            headers is None
            and status is None
            and reason is None
            and charset is None
            and content_type.__class__ is str
            and (pair := _CONTENT_TYPE_PAIRS.get(content_type) or _content_type_pair(content_type))
        ):
            # PERF: hello - the common call, HttpResponse(body, content_type=...),
            # sets its one header here instead of going through the general path.
            self.headers = response_headers = _new_headers(ResponseHeaders)
            response_headers._store = {"content-type": pair}
            # _set_read_defaults, inlined. PERF: hello.
            self._reason_phrase = None
            self._cookies = None
            self._resource_closers = ()
        else:
            HttpResponseBase.__init__(self, content_type, status, reason, charset, headers)
        if self.__class__.content is not _PLAIN_CONTENT:
            self.content = content  # a subclass redefines content: use its setter
        elif content.__class__ is bytes:
            self._container = [content]  # PERF: hello
        elif content.__class__ is str:
            self._container = [content.encode(self.charset)]  # PERF: form
        else:
            self.content = content

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} status_code={self.status_code}"
            f"{self._content_type_for_repr}>"
        )

    @property
    def content(self) -> bytes:
        return b"".join(self._container)

    @content.setter
    def content(self, value: object) -> None:
        if isinstance(value, bytes):
            content = value
        elif isinstance(value, str):
            content = value.encode(self.charset)
        elif isinstance(value, Iterable) and not isinstance(value, memoryview):
            content = b"".join(self.make_bytes(chunk) for chunk in value)
            close = getattr(value, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    pass
        else:
            content = self.make_bytes(value)
        self._container = [content]

    @property
    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8")

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._container)

    def write(self, content: object) -> None:
        self._container.append(self.make_bytes(content))

    def tell(self) -> int:
        return len(self.content)

    def getvalue(self) -> bytes:
        return self.content

    def writable(self) -> bool:
        return True

    def writelines(self, lines: Iterable[object]) -> None:
        for line in lines:
            self.write(line)


_PLAIN_CONTENT = HttpResponse.__dict__["content"]


class FrozenResponse:
    """An immutable copy of an ``HttpResponse``, to make fresh equal responses from.

    What a pickle round trip gives (the same class, headers, content and other
    state, sharing nothing with the original), made without pickling the headers
    and content: a local-memory cache keeps pages this way, so a cache hit costs a
    few attribute sets instead of an unpickle. PERF: cached.
    """

    __slots__ = ("_cls", "_content", "_extra", "_headers", "_plain_state", "derived")

    def __init__(
        self,
        cls: type[HttpResponse],
        headers: dict[str, tuple[str, str]],
        content: bytes,
        extra: bytes | None,
    ) -> None:
        self._cls = cls
        self._headers = headers  # never changed: thawed responses share it
        self._content = content
        self._extra = extra
        # The base __setstate__ only wraps the header dict: a thaw may do that
        # itself. A class with its own __setstate__ gets it called.
        self._plain_state = cls.__setstate__ is HttpResponseBase.__setstate__
        #: What a cache works out once from this stored copy and reuses on every
        #: read (the page cache keeps the origin of its ``Age`` header here).
        self.derived: dict[str, Any] = {}

    def header(self, name: str) -> str | None:
        """The value of the stored header ``name`` (any case), or None."""
        item = self._headers.get(name.lower())
        return None if item is None else item[1]

    def with_header(self, header: CheckedHeader | None) -> dict[str, tuple[str, str]]:
        """The stored headers plus ``header``, for :meth:`thaw` (the stored ones for None).

        ``header`` comes from :meth:`ResponseHeaders.checked` (or is built valid
        by the caller): it is added without being checked again, replacing a
        stored header of that name. The result must not be changed: responses
        thawed with it share it. PERF: cached - the page cache adds ``Age`` to
        every hit, and makes these headers once a second.
        """
        if header is None:
            return self._headers
        store = self._headers.copy()
        store[header[0]] = header[1]
        return store

    def thaw(self, headers: dict[str, tuple[str, str]] | None = None) -> HttpResponse:
        """A new response equal to the frozen one, with ``headers`` if given.

        ``headers`` comes from :meth:`with_header`. The response's headers share
        it until the first change, which gives them a copy of their own.
        """
        header_store = self._headers if headers is None else headers
        cls = self._cls
        response = cls.__new__(cls)
        if self._plain_state:
            shared = _new_headers(_SharedHeaders)
            shared._store = header_store
            # Plain attribute stores, not through __dict__: a new object keeps
            # its attributes inline until its __dict__ is asked for. PERF:
            # cached, 61,088 -> 59,032 instructions per request.
            response.headers = shared
            response._container = [self._content]
            # _set_read_defaults, inlined. PERF: cached.
            response._reason_phrase = None
            response._cookies = None
            response._resource_closers = ()
            if self._extra is not None:
                response.__dict__.update(pickle.loads(self._extra))
            return response
        state_dict: dict[str, Any] = {
            "headers": dict(header_store),  # a __setstate__ may change what it gets
            "_container": [self._content],
        }
        if self._extra is not None:
            state_dict.update(pickle.loads(self._extra))
        response.__setstate__(state_dict)
        return response


def freeze_response(response: HttpResponse) -> FrozenResponse | None:
    """``response`` frozen, or None if its state is not headers, content and picklables.

    Raises what pickling would (an unrendered ``TemplateResponse`` raises
    ``ContentNotRenderedError``).
    """
    state = response.__getstate__()
    store = state.pop("headers", None)
    container = state.pop("_container", None)
    if store.__class__ is not dict or container.__class__ is not list:
        return None
    extra = pickle.dumps(state, pickle.HIGHEST_PROTOCOL) if state else None
    return FrozenResponse(response.__class__, dict(store), b"".join(container), extra)


# Content types repeat: each one is checked (printable ASCII, so safe as a header
# value as it is) once, and its header pair built once. Bounded. PERF: hello, json.
_CONTENT_TYPE_PAIRS: dict[str, tuple[str, str]] = {}
_CONTENT_TYPE_PAIRS_MAX = 256


def _content_type_pair(content_type: str) -> tuple[str, str] | None:
    """``("Content-Type", content_type)`` when it needs no conversion, else None."""
    if not (content_type.isascii() and content_type.isprintable()):
        return None
    pair = ("Content-Type", content_type)
    if len(_CONTENT_TYPE_PAIRS) < _CONTENT_TYPE_PAIRS_MAX:
        _CONTENT_TYPE_PAIRS[content_type] = pair
    return pair


#: Statuses whose responses never carry a body, so never a Content-Length either
#: (1xx, 204 No Content, 304 Not Modified).
NO_BODY_STATUSES = frozenset({*range(100, 200), 204, 304})

#: Per response class: whether its body is exactly its ``_container`` list and its
#: ``close()`` is the base one (see ``sends_as_list``).
SENDS_AS_LIST: dict[type, bool] = {}


def sends_as_list(cls: type) -> bool:
    """Whether an edge may hand a ``cls`` response's body list to the server itself.

    A server calls ``close()`` on the body iterable it was given. For a plain
    ``HttpResponse`` with no resource to close, no uploaded file on its request
    and no ``request_finished`` receiver, that call would only mark it closed:
    the WSGI edge then returns the ``_container`` list and marks the response
    closed itself, and three Python calls per request (``__iter__``, ``close()``
    and the request's ``close()``) disappear. Remembered per class in
    ``SENDS_AS_LIST``. PERF: hello, json.
    """
    answer = SENDS_AS_LIST[cls] = (
        issubclass(cls, HttpResponse)
        and cls.__iter__ is HttpResponse.__iter__
        and cls.close is HttpResponseBase.close
    )
    return answer


class StreamingIteratorWarning(Warning):
    """A streaming response's iterator is of the other mode than the server's (Django warns too).

    An async iterator served under WSGI is read to its end before anything is
    sent; a sync iterator served under ASGI costs a thread hop per chunk.
    """


#: Django's wording, with what scallion does in each case.
ASYNC_ITERATOR_UNDER_WSGI = (
    "StreamingHttpResponse must consume asynchronous iterators in order to serve them "
    "synchronously. Use a synchronous iterator instead. (The whole stream is read before its "
    "first byte is sent, and an endless one never is; or serve the application over ASGI.)"
)
SYNC_ITERATOR_UNDER_ASGI = (
    "StreamingHttpResponse must consume synchronous iterators in order to serve them "
    "asynchronously. Use an asynchronous iterator instead. (It is consumed in a worker "
    "thread, one thread hop per chunk.)"
)


class StreamingHttpResponse(HttpResponseBase):
    """A response whose content is an iterator, sent chunk by chunk.

    Sync iterators work under WSGI and ASGI (consumed in a thread under ASGI);
    async iterators work under ASGI and are bridged under WSGI (buffered). Each
    mismatch warns (:class:`StreamingIteratorWarning`), as Django does.
    """

    streaming = True

    def __init__(self, streaming_content: object = (), *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.streaming_content = streaming_content

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__qualname__} status_code={self.status_code}"
            f"{self._content_type_for_repr}>"
        )

    @property
    def content(self) -> bytes:
        raise AttributeError(
            f"This {self.__class__.__name__} instance has no `content` attribute. Use "
            "`streaming_content` instead."
        )

    @property
    def text(self) -> str:
        raise AttributeError(
            f"This {self.__class__.__name__} instance has no `text` attribute. Read "
            "`streaming_content` instead."
        )

    @property
    def streaming_content(self) -> Iterator[bytes] | AsyncIterator[bytes]:
        if self.is_async:
            return self._amap(self._iterator)  # type: ignore[arg-type]
        return map(self.make_bytes, self._iterator)  # type: ignore[arg-type]

    @streaming_content.setter
    def streaming_content(self, value: object) -> None:
        self._set_streaming_content(value)

    async def _amap(self, iterator: AsyncIterable[object]) -> AsyncIterator[bytes]:
        try:
            async for part in iterator:
                yield self.make_bytes(part)
        finally:
            # Leaving early (the client went away) closes the source too, at once.
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None:
                await aclose()

    def _set_streaming_content(self, value: object) -> None:
        if isinstance(value, AsyncIterable):
            self._iterator: Iterator[object] | AsyncIterator[object] = aiter(value)
            self.is_async = True
        else:
            self._iterator = iter(value)  # type: ignore[call-overload]
            self.is_async = False
        close = getattr(value, "close", None) or getattr(value, "aclose", None)
        if close is not None:
            self.add_resource_closer(self._make_closer(value))

    @staticmethod
    def _make_closer(value: object) -> Callable[[], None]:
        def closer() -> None:
            close = getattr(value, "close", None)
            if close is not None:
                close()

        return closer

    def warn_if_served_async(self) -> None:
        """Warn that a sync iterator is being served asynchronously (the ASGI edge calls it)."""
        if not self.is_async and self._warns_for_sync_iterator():
            warnings.warn(SYNC_ITERATOR_UNDER_ASGI, StreamingIteratorWarning, stacklevel=3)

    def _warns_for_sync_iterator(self) -> bool:
        """Whether serving this sync iterator asynchronously deserves the warning.

        ``FileResponse`` says no for a file: its blocks are read in a thread
        whatever the server (Django's own static files handler avoids the warning too).
        """
        return True

    def __iter__(self) -> Iterator[bytes]:
        if self.is_async:
            from asgiref.sync import async_to_sync

            warnings.warn(ASYNC_ITERATOR_UNDER_WSGI, StreamingIteratorWarning, stacklevel=2)

            async def to_list(iterator: AsyncIterator[bytes]) -> list[bytes]:
                return [chunk async for chunk in iterator]

            # Serving an async iterator from a sync server must buffer it: WSGI
            # has no way to await between chunks (Django does the same).
            return iter(async_to_sync(to_list)(self.streaming_content))  # type: ignore[arg-type]
        return self.streaming_content  # type: ignore[return-value]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.is_async:
            async for part in self.streaming_content:  # type: ignore[union-attr]
                yield part
        else:
            from asgiref.sync import sync_to_async

            self.warn_if_served_async()
            iterator: Iterator[bytes] = self.streaming_content  # type: ignore[assignment]

            def next_chunk() -> bytes | None:
                return next(iterator, None)

            while (part := await sync_to_async(next_chunk, thread_sensitive=False)()) is not None:
                yield part

    def getvalue(self) -> bytes:
        return b"".join(self)


class HttpResponseRedirectBase(HttpResponse):
    """A redirect; refuses schemes other than http, https and ftp."""

    allowed_schemes = ["http", "https", "ftp"]
    #: The status of the same redirect when the client must repeat the method and body.
    status_code_preserve_request = 307

    def __init__(
        self,
        redirect_to: str,
        preserve_request: bool = False,
        *args: Any,
        max_length: int | None = MAX_URL_REDIRECT_LENGTH,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Non-ASCII paths are percent-encoded as UTF-8 (Django's iri_to_uri).
        self["Location"] = iri_to_uri(redirect_to)
        if max_length is not None and len(self["Location"]) > max_length:
            raise DisallowedRedirect(f"Unsafe redirect exceeding {max_length} characters")
        if preserve_request:
            self.status_code = self.status_code_preserve_request
        parsed = urlsplit(str(redirect_to))
        if parsed.scheme and parsed.scheme not in self.allowed_schemes:
            raise DisallowedRedirect(f"Unsafe redirect to URL with protocol '{parsed.scheme}'")

    @property
    def url(self) -> str:
        return self["Location"]

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} status_code={self.status_code}"
            f'{self._content_type_for_repr}, url="{self.url}">'
        )


class HttpResponseRedirect(HttpResponseRedirectBase):
    status_code = 302


class HttpResponsePermanentRedirect(HttpResponseRedirectBase):
    status_code = 301
    status_code_preserve_request = 308


class HttpResponseNotModified(HttpResponse):
    status_code = 304

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self["content-type"]

    @property
    def content(self) -> bytes:
        return b""

    @content.setter
    def content(self, value: object) -> None:
        if value:
            raise AttributeError("You cannot set content to a 304 (Not Modified) response")
        self._container = []


class HttpResponseBadRequest(HttpResponse):
    status_code = 400


class HttpResponseNotFound(HttpResponse):
    status_code = 404


class HttpResponseForbidden(HttpResponse):
    status_code = 403


class HttpResponseNotAllowed(HttpResponse):
    status_code = 405

    def __init__(self, permitted_methods: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self["Allow"] = ", ".join(permitted_methods)

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} [{self['Allow']}] status_code={self.status_code}"
            f"{self._content_type_for_repr}>"
        )


class HttpResponseGone(HttpResponse):
    status_code = 410


class HttpResponseServerError(HttpResponse):
    status_code = 500


class JsonResponse(HttpResponse):
    """A response holding JSON.

    ``safe=True`` (the default) accepts only dicts, as in Django; ``encoder`` is
    pluggable (``scallion.core.serializers.json.ScallionJSONEncoder`` by default,
    which also encodes dates, decimals and UUIDs).
    """

    def __init__(
        self,
        data: Any,
        encoder: type[json.JSONEncoder] | None = None,
        safe: bool = True,
        json_dumps_params: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if safe and not isinstance(data, dict):
            raise TypeError(
                "In order to allow non-dict objects to be serialized set the safe parameter "
                "to False."
            )
        kwargs.setdefault("content_type", "application/json")
        if encoder is None and not json_dumps_params:
            # PERF: json - one encoder instance serves every default response.
            content = (_encode_json or _default_json_encode())(data).encode()
        else:
            if encoder is None:
                from scallion.core.serializers.json import ScallionJSONEncoder

                encoder = ScallionJSONEncoder
            content = json.dumps(data, cls=encoder, **(json_dumps_params or {})).encode()
        super().__init__(content=content, **kwargs)


_encode_json: Callable[[Any], str] | None = None


def _default_json_encode() -> Callable[[Any], str]:
    """``ScallionJSONEncoder().encode``, minus its two Python frames where possible.

    ``JSONEncoder.encode`` and ``iterencode`` only pick the C encoder and build
    it from the instance's options; with the default options that is the same
    call every time, made here directly (a fresh ``markers`` dict each call, as
    ``iterencode`` makes, so circular data still fails with the same
    ``ValueError``). PERF: json.
    """
    global _encode_json
    from json import encoder as json_encoder

    from scallion.core.serializers.json import ScallionJSONEncoder

    instance = ScallionJSONEncoder()
    make_encoder = getattr(json_encoder, "c_make_encoder", None)
    if make_encoder is None:  # no C accelerator: the pure-Python path
        _encode_json = instance.encode
        return _encode_json
    default = instance.default
    escape = json_encoder.encode_basestring_ascii
    join = "".join

    def encode(data: Any) -> str:
        if data.__class__ is not dict:
            return instance.encode(data)
        chunks = make_encoder({}, default, escape, None, ": ", ", ", False, False, True)(data, 0)
        return join(chunks)

    _encode_json = encode
    return encode
