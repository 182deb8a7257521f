"""Response objects: content, headers, cookies, redirects, JSON and streaming."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

from scallion.core.exceptions import DisallowedRedirect
from scallion.http import (
    BadHeaderError,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
    StreamingIteratorWarning,
)
from scallion.utils.http import MAX_URL_REDIRECT_LENGTH


def test_content_from_str_bytes_and_iterables() -> None:
    assert HttpResponse("héllo").content == "héllo".encode()
    assert HttpResponse(b"raw").content == b"raw"
    assert HttpResponse(["a", b"b", 3]).content == b"ab3"
    response = HttpResponse()
    response.write("x")
    response.writelines(["y", "z"])
    assert response.content == b"xyz"


def test_defaults_and_status() -> None:
    response = HttpResponse(status=201, reason="Made")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.status_code == 201
    assert response.reason_phrase == "Made"
    assert HttpResponse(status=404).reason_phrase == "Not Found"
    with pytest.raises(ValueError, match="100 to 599"):
        HttpResponse(status=99)
    with pytest.raises(TypeError):
        HttpResponse(status="abc")  # type: ignore[arg-type]


def test_charset_from_content_type() -> None:
    response = HttpResponse("é", content_type="text/plain; charset=latin-1")
    assert response.charset == "latin-1"
    assert response.content == b"\xe9"


def test_headers_are_case_insensitive() -> None:
    response = HttpResponse(headers={"X-Thing": "1"})
    assert response["x-thing"] == "1"
    assert response.headers["X-THING"] == "1"
    response["Cache-Control"] = "no-cache"
    assert "cache-control" in response
    del response["CACHE-CONTROL"]
    assert not response.has_header("Cache-Control")
    with pytest.raises(ValueError, match="Content-Type"):
        HttpResponse(content_type="text/plain", headers={"Content-Type": "text/html"})


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\r\nSet-Cookie: x=1", "nul\x00"])
def test_header_injection_is_refused(value: str) -> None:
    response = HttpResponse()
    with pytest.raises(BadHeaderError):
        response["X-Bad"] = value
    with pytest.raises(BadHeaderError):
        response[value] = "ok"


def test_cookie_parameters() -> None:
    response = HttpResponse()
    response.set_cookie(
        "k",
        "v",
        max_age=60,
        path="/p",
        domain="example.com",
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    out = response.cookies["k"].OutputString()
    for part in [
        "k=v",
        "Max-Age=60",
        "Path=/p",
        "Domain=example.com",
        "Secure",
        "HttpOnly",
        "SameSite=Strict",
        "expires=",
    ]:
        assert part in out
    with pytest.raises(ValueError, match="samesite"):
        response.set_cookie("k", samesite="sometimes")


def test_cookie_expires_datetime_becomes_max_age() -> None:
    response = HttpResponse()
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=100)
    response.set_cookie("k", "v", expires=when)
    assert 98 <= int(response.cookies["k"]["max-age"]) <= 100


def test_delete_cookie() -> None:
    response = HttpResponse()
    response.delete_cookie("__Host-x")
    morsel = response.cookies["__Host-x"]
    assert morsel["max-age"] == 0
    assert morsel["expires"] == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert morsel["secure"] is True


def test_cookie_value_injection_refused() -> None:
    with pytest.raises(BadHeaderError):
        HttpResponse().set_cookie("k", "v\r\nX-Evil: 1")


def test_redirects() -> None:
    assert HttpResponseRedirect("/next/")["Location"] == "/next/"
    assert HttpResponseRedirect("/next/").status_code == 302
    assert HttpResponsePermanentRedirect("/n/").status_code == 301
    assert HttpResponseRedirect("/n/").url == "/n/"
    with pytest.raises(DisallowedRedirect):
        HttpResponseRedirect("javascript:alert(1)")


def test_redirect_preserve_request_and_max_length() -> None:
    assert HttpResponseRedirect("/n/", preserve_request=True).status_code == 307
    assert HttpResponsePermanentRedirect("/n/", True).status_code == 308
    longest = "/" + "x" * (MAX_URL_REDIRECT_LENGTH - 1)
    assert HttpResponseRedirect(longest).url == longest
    with pytest.raises(DisallowedRedirect, match=f"exceeding {MAX_URL_REDIRECT_LENGTH} char"):
        HttpResponseRedirect(longest + "x")
    # The limit applies to the encoded Location: 'é' is six characters there.
    with pytest.raises(DisallowedRedirect, match="exceeding 10 characters"):
        HttpResponseRedirect("/\u00e9\u00e9", max_length=10)
    assert HttpResponseRedirect(longest + "x", max_length=None).url == longest + "x"


def test_redirect_location_is_iri_to_uri() -> None:
    # Django percent-encodes non-ASCII as UTF-8 and leaves URI syntax and
    # existing escapes alone.
    response = HttpResponseRedirect("/caf\u00e9/?q=\u20ac&x=%20#top")
    assert response["Location"] == "/caf%C3%A9/?q=%E2%82%AC&x=%20#top"
    assert response.url == "/caf%C3%A9/?q=%E2%82%AC&x=%20#top"
    absolute = HttpResponsePermanentRedirect("https://example.com/\u00fcber/a b")
    assert absolute["Location"] == "https://example.com/%C3%BCber/a%20b"
    assert HttpResponseRedirect("/already%C3%A9/")["Location"] == "/already%C3%A9/"


def test_not_allowed_and_not_modified() -> None:
    response = HttpResponseNotAllowed(["GET", "POST"])
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    nm = HttpResponseNotModified()
    assert "Content-Type" not in nm
    with pytest.raises(AttributeError):
        nm.content = b"x"


def test_json_response() -> None:
    response = JsonResponse({"a": datetime.date(2020, 1, 2)})
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"a": "2020-01-02"}
    with pytest.raises(TypeError, match="safe"):
        JsonResponse([1, 2])
    assert JsonResponse([1, 2], safe=False).content == b"[1, 2]"


def test_streaming_response_and_close() -> None:
    closed = []

    class Source:
        def __iter__(self):  # type: ignore[no-untyped-def]
            yield "a"
            yield b"b"

        def close(self) -> None:
            closed.append(True)

    response = StreamingHttpResponse(Source())
    assert response.streaming
    assert b"".join(response) == b"ab"
    with pytest.raises(AttributeError, match="streaming_content"):
        _ = response.content
    response.close()
    assert closed == [True]


def test_streaming_response_with_async_iterator_under_sync_consumer() -> None:
    async def gen():  # type: ignore[no-untyped-def]
        yield b"x"
        yield "y"

    response = StreamingHttpResponse(gen())
    assert response.is_async
    with pytest.warns(StreamingIteratorWarning) as caught:
        assert b"".join(response) == b"xy"
    assert str(caught[0].message).startswith(
        "StreamingHttpResponse must consume asynchronous iterators in order to serve them "
        "synchronously"
    )
    assert issubclass(StreamingIteratorWarning, Warning)


def test_subclass_content_setter_runs_for_constructor_content() -> None:
    with pytest.raises(AttributeError, match="304"):
        HttpResponseNotModified(b"body")


def test_content_type_checks_hold_on_every_call() -> None:
    from scallion.http import response as response_module

    for _ in range(2):
        with pytest.raises(BadHeaderError):
            HttpResponse(b"x", content_type="text/plain\r\nX-Injected: 1")
        assert HttpResponse(b"x", content_type="text/csv")["Content-Type"] == "text/csv"
    # Many distinct content types cannot grow the cache of checked ones without bound.
    for i in range(response_module._CONTENT_TYPE_PAIRS_MAX + 50):
        assert HttpResponse(b"", content_type=f"x/t{i}")["Content-Type"] == f"x/t{i}"
    assert len(response_module._CONTENT_TYPE_PAIRS) <= response_module._CONTENT_TYPE_PAIRS_MAX


@pytest.mark.parametrize(
    ("content_type", "encoded"),
    [
        ("text/plain", "é".encode()),  # DEFAULT_CHARSET (utf-8)
        ("text/plain; charset=latin-1", "é".encode("latin-1")),
        ('text/plain; CHARSET="latin-1"; format=flowed', "é".encode("latin-1")),
        ("text/plain; charset=utf-16", "é".encode("utf-16")),
    ],
)
def test_str_content_is_encoded_in_the_content_types_charset_every_time(
    content_type: str, encoded: bytes
) -> None:
    for _ in range(2):  # the second time the charset comes from the cache
        assert HttpResponse("é", content_type=content_type).content == encoded


def test_default_charset_is_read_when_the_content_type_names_none() -> None:
    from scallion.test import override_settings

    assert HttpResponse("é", content_type="text/x-a").content == "é".encode()
    with override_settings(DEFAULT_CHARSET="latin-1"):
        assert HttpResponse("é", content_type="text/x-a").content == "é".encode("latin-1")


def test_a_subclass_content_setter_sees_str_content() -> None:
    class Upper(HttpResponse):
        @property
        def content(self) -> bytes:
            return b"".join(self._container)

        @content.setter
        def content(self, value: object) -> None:
            self._container = [str(value).upper().encode()]

    assert Upper("shout").content == b"SHOUT"


def test_redirect_location_length_is_bounded() -> None:
    from scallion.shortcuts import redirect
    from scallion.utils.http import MAX_URL_REDIRECT_LENGTH

    long_url = "https://example.com/" + "x" * MAX_URL_REDIRECT_LENGTH
    message = f"Unsafe redirect exceeding {MAX_URL_REDIRECT_LENGTH} characters"
    with pytest.raises(DisallowedRedirect, match=message):
        HttpResponseRedirect(long_url)
    with pytest.raises(DisallowedRedirect, match=message):
        redirect(long_url)
    assert HttpResponseRedirect(long_url, max_length=None).url == long_url
    assert redirect(long_url, max_length=None).url == long_url
    with pytest.raises(DisallowedRedirect, match="exceeding 5 characters"):
        redirect("https://example.com/", max_length=5)


def test_redirect_preserve_request() -> None:
    from scallion.http import HttpResponsePermanentRedirect

    assert HttpResponseRedirect("/x/", preserve_request=True).status_code == 307
    assert HttpResponsePermanentRedirect("/x/", preserve_request=True).status_code == 308
    assert HttpResponseRedirect("/x/").status_code == 302


def test_headers_from_pairs_and_header_name_errors() -> None:
    from scallion.http import StreamingHttpResponse
    from scallion.http.response import BadHeaderError

    response = HttpResponse(headers=[("X-One", "1"), ("X-Two", "2")])
    assert (response["X-One"], response["x-two"]) == ("1", "2")
    with pytest.raises(UnicodeError):
        response.headers["føø"] = "bar"
    with pytest.raises(BadHeaderError, match="can't contain newlines"):
        response["†\nother"] = "x"
    with pytest.raises(BadHeaderError, match="Invalid header name 'a b'"):
        response["a b"] = "x"
    with pytest.raises(AttributeError, match="has no `text` attribute"):
        StreamingHttpResponse(iter([b"x"])).text  # noqa: B018


def test_checked_headers_are_validated_once_and_never_replace_a_set_header() -> None:
    from scallion.http.response import BadHeaderError, ResponseHeaders, content_length_header

    with pytest.raises(BadHeaderError):
        ResponseHeaders.checked("X-Evil", "a\r\nSet-Cookie: x=1")
    with pytest.raises(BadHeaderError):
        ResponseHeaders.checked("Bad Name", "v")
    headers = ResponseHeaders({"X-Frame-Options": "SAMEORIGIN"})
    headers.setdefault_checked(ResponseHeaders.checked("X-Frame-Options", "DENY"))
    headers.setdefault_all_checked(
        [ResponseHeaders.checked("Referrer-Policy", "same-origin"), content_length_header(12)]
    )
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert dict(headers.items()) == {
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "same-origin",
        "Content-Length": "12",
    }


@pytest.mark.parametrize(
    "reason", ["OK\r\nX-Injected: yes", "OK\n", "OK\x00", "OK\x7f", "OK\x9f", "\x1b[31m"]
)
def test_reason_phrase_refuses_control_characters(reason: str) -> None:
    from scallion.http import BadHeaderError, StreamingHttpResponse

    with pytest.raises(BadHeaderError, match=r"reason_phrase can't contain control characters\."):
        HttpResponse(reason=reason)  # Django's wording, which ported tests look for
    with pytest.raises(BadHeaderError):
        StreamingHttpResponse([], reason=reason)
    response = HttpResponse()
    with pytest.raises(BadHeaderError):
        response.reason_phrase = reason
    assert response.reason_phrase == "OK"


def test_reason_phrase_keeps_printable_text() -> None:
    assert HttpResponse(reason="Très bien").reason_phrase == "Très bien"


def test_a_plain_response_freezes_to_headers_and_content_only() -> None:
    # The defaults a response holds for the edge to read quickly are left out of
    # its pickled state, so a cached page is thawed without unpickling anything.
    import pickle

    from scallion.http.response import freeze_response

    frozen = freeze_response(HttpResponse("x", content_type="text/plain"))
    assert frozen is not None
    assert frozen._extra is None
    assert freeze_response(HttpResponse("x"))._extra is None  # type: ignore[union-attr]
    with_reason = pickle.loads(pickle.dumps(HttpResponse("x", status=299, reason="Fine")))
    assert with_reason.reason_phrase == "Fine"
    thawed = frozen.thaw()
    assert thawed.content == b"x"
    assert thawed.reason_phrase == "OK"
    assert thawed.cookies is not None and not thawed.cookies


def _change_one(headers: Any, how: str) -> None:
    from scallion.http.response import ResponseHeaders

    changes: dict[str, Callable[[], Any]] = {
        "set": lambda: headers.__setitem__("X-New", "1"),
        "delete": lambda: headers.__delitem__("Content-Type"),
        "setdefault": lambda: headers.setdefault("X-New", "1"),
        "pop": lambda: headers.pop("Content-Type"),
        "update": lambda: headers.update({"X-New": "1"}),
        "setdefault_checked": lambda: headers.setdefault_checked(
            ResponseHeaders.checked("X-New", "1")
        ),
        "setdefault_all_checked": lambda: headers.setdefault_all_checked(
            [ResponseHeaders.checked("X-New", "1")]
        ),
    }
    changes[how]()


@pytest.mark.parametrize(
    "how",
    [
        "set",
        "delete",
        "setdefault",
        "pop",
        "update",
        "setdefault_checked",
        "setdefault_all_checked",
    ],
)
def test_thawed_responses_share_headers_until_one_changes_them(how: str) -> None:
    from scallion.http.response import ResponseHeaders, freeze_response

    frozen = freeze_response(HttpResponse("x", content_type="text/plain"))
    assert frozen is not None
    first, second = frozen.thaw(), frozen.thaw()
    # Not copied for each response: most are sent as they are.
    assert first.headers._store is second.headers._store
    _change_one(first.headers, how)
    assert first.headers.__class__ is ResponseHeaders
    assert first.headers._store is not second.headers._store
    # The change is the first response's alone.
    assert dict(second.headers) == {"Content-Type": "text/plain"}
    assert dict(frozen.thaw().headers) == {"Content-Type": "text/plain"}
    assert ("X-New" in first.headers) != (how in ("delete", "pop"))
    assert ("Content-Type" in first.headers) == (how not in ("delete", "pop"))


def test_a_thawed_response_with_an_added_header_pickles_and_keeps_the_stored_ones() -> None:
    import pickle

    from scallion.http.response import ResponseHeaders, freeze_response

    frozen = freeze_response(HttpResponse("x", content_type="text/plain"))
    assert frozen is not None
    headers = frozen.with_header(ResponseHeaders.checked("Age", "3"))
    thawed = frozen.thaw(headers)
    assert thawed["Age"] == "3"
    assert "Age" not in frozen.thaw()  # with_header copied the stored headers
    again = pickle.loads(pickle.dumps(thawed))
    assert dict(again.headers) == {"Content-Type": "text/plain", "Age": "3"}
    again["X-Other"] = "1"
    assert "X-Other" not in frozen.thaw(headers)


def test_shared_headers_copy_before_every_change_a_response_header_map_allows() -> None:
    # Each method of ResponseHeaders that changes the store must be overridden to
    # copy it first: one that is not would change every thawed page's headers.
    from scallion.http.response import ResponseHeaders, _SharedHeaders

    readers = {
        "__init__",
        "__getitem__",
        "get",
        "__contains__",
        "__iter__",
        "__len__",
        "__repr__",
        "items_list",
        "checked",
    }
    methods = {
        name
        for name, value in vars(ResponseHeaders).items()
        if callable(value) or isinstance(value, staticmethod)
    }
    changers = methods - readers
    assert changers, "ResponseHeaders has no methods that change it?"
    missing = {name for name in changers if name not in vars(_SharedHeaders)}
    assert not missing, f"_SharedHeaders must copy its store first in: {sorted(missing)}"
