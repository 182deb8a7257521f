"""HttpRequest built from a WSGI environ: lazy parsing and Django's attributes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import TooManyFieldsSent
from scallion.http import QueryDict, RawPostDataException
from scallion.test import RequestFactory, override_settings

rf = RequestFactory()


def test_basic_attributes() -> None:
    request = rf.get("/a/b/?x=1&x=2&y=", headers={"Accept": "text/html"})
    assert request.method == "GET"
    assert request.path == "/a/b/"
    assert request.path_info == "/a/b/"
    assert request.GET.getlist("x") == ["1", "2"]
    assert request.GET["y"] == ""
    assert request.headers["accept"] == "text/html"
    assert request.headers["ACCEPT"] == "text/html"
    assert request.META["HTTP_ACCEPT"] == "text/html"
    assert request.get_full_path() == "/a/b/?x=1&x=2&y="
    assert request.scheme == "http"
    assert not request.is_secure()
    assert request.get_host() == "testserver"
    assert request.get_port() == "80"
    assert request.build_absolute_uri() == "http://testserver/a/b/?x=1&x=2&y="
    assert request.build_absolute_uri("/c/") == "http://testserver/c/"
    assert request.build_absolute_uri("d/") == "http://testserver/a/b/d/"


def test_build_absolute_uri_is_iri_to_uri() -> None:
    request = rf.get("/caf\u00e9/")
    assert request.build_absolute_uri() == "http://testserver/caf%C3%A9/"
    assert request.build_absolute_uri("/\u00fcber/") == "http://testserver/%C3%BCber/"
    assert request.build_absolute_uri("s\u00e9e/") == "http://testserver/caf%C3%A9/s%C3%A9e/"
    assert request.build_absolute_uri("https://ex.com/\u20ac") == "https://ex.com/%E2%82%AC"
    assert request.build_absolute_uri("/a%20b/") == "http://testserver/a%20b/"


def test_query_string_is_parsed_lazily() -> None:
    request = rf.get("/?a=1")
    assert "GET" not in request.__dict__
    assert request.GET["a"] == "1"
    assert "GET" in request.__dict__


def test_script_name_prefixes_path() -> None:
    request = rf.get("/x/", SCRIPT_NAME="/app")
    assert request.path == "/app/x/"
    assert request.path_info == "/x/"


def test_only_ampersand_separates_parameters() -> None:
    q = QueryDict("a=1;b=2&c=3")
    assert q["a"] == "1;b=2"
    assert "b" not in q
    assert q["c"] == "3"


def test_query_dict_decoding() -> None:
    q = QueryDict("name=caf%C3%A9+au+lait&bad=%zz&broken=%ff&plus=a%2Bb")
    assert q["name"] == "café au lait"
    assert q["bad"] == "%zz"
    assert q["broken"] == "\ufffd"
    assert q["plus"] == "a+b"


def test_query_dict_is_immutable_and_copy_is_mutable() -> None:
    q = QueryDict("a=1")
    with pytest.raises(AttributeError, match="immutable"):
        q["a"] = "2"
    c = q.copy()
    c["a"] = "2"
    c.appendlist("a", "3")
    assert c.getlist("a") == ["2", "3"]
    assert c.urlencode() == "a=2&a=3"
    assert q["a"] == "1"


def test_query_dict_urlencode_safe() -> None:
    q = QueryDict(mutable=True)
    q["next"] = "/a&b/"
    assert q.urlencode() == "next=%2Fa%26b%2F"
    assert q.urlencode(safe="/") == "next=/a%26b/"


def test_too_many_fields() -> None:
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3):
        with pytest.raises(TooManyFieldsSent):
            QueryDict("a=1&b=2&c=3&d=4")
        assert len(QueryDict("a=1&b=2&c=3")) == 3
        with pytest.raises(TooManyFieldsSent):  # empty fields count, as in Django
            QueryDict("a=1&b=2&c=3&")


@given(st.text(max_size=200))
def test_query_dict_never_raises_on_arbitrary_text(text: str) -> None:
    q = QueryDict(text, max_num_fields=None)
    for key in q:
        assert isinstance(key, str)
        assert all(isinstance(v, str) for v in q.getlist(key))


@given(st.binary(max_size=200))
def test_query_dict_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    QueryDict(data, max_num_fields=None)


def test_cookies_are_parsed_forgivingly() -> None:
    request = rf.get("/", HTTP_COOKIE='a=1; bad cookie; b="quoted"; =x; c=caf\xc3\xa9')
    assert request.COOKIES["a"] == "1"
    assert request.COOKIES["b"] == "quoted"
    assert request.COOKIES["c"] == "café"


def test_body_is_cached_and_stream_reads_after_it_work() -> None:
    request = rf.post("/", data=b"hello world", content_type="text/plain")
    assert request.body == b"hello world"
    assert request.body == b"hello world"
    assert request.read() == b"hello world"


def test_reading_stream_then_body_raises() -> None:
    request = rf.post("/", data=b"hello", content_type="text/plain")
    assert request.read(2) == b"he"
    with pytest.raises(RawPostDataException, match="after reading"):
        _ = request.body


def test_readline_and_iteration() -> None:
    request = rf.post("/", data=b"a\nb\nc", content_type="text/plain")
    assert list(request) == [b"a\n", b"b\n", b"c"]


def test_content_type_and_params() -> None:
    request = rf.post("/", data=b"x", content_type='text/plain; charset="latin-1"')
    assert request.content_type == "text/plain"
    assert request.content_params == {"charset": "latin-1"}
    assert request.encoding == "latin-1"


def test_secure_request() -> None:
    request = rf.get("/", secure=True)
    assert request.scheme == "https"
    assert request.is_secure()
    assert request.build_absolute_uri("/x") == "https://testserver/x"


def test_repr() -> None:
    assert repr(rf.get("/a/?b=1")) == "<WSGIRequest: GET '/a/?b=1'>"


def test_querydict_stores_bytes_as_text_in_its_encoding() -> None:

    key, value = "ʎǝʞ".encode("utf-16"), "ǝnlɐʌ".encode("utf-16")
    assert QueryDict.fromkeys([key], value=value, encoding="utf-16") == {"ʎǝʞ": ["ǝnlɐʌ"]}
    q = QueryDict(mutable=True)
    q[b"a"] = b"\xc3\xa9"
    q.appendlist(b"a", b"\xff")
    q.setlist(b"b", [b"x"])
    assert dict(q.lists()) == {"a": ["é", "\ufffd"], "b": ["x"]}


def test_build_absolute_uri_of_a_path_starting_with_two_slashes() -> None:
    request = RequestFactory().get("////absolute-uri")
    assert request.get_full_path() == "//absolute-uri"
    assert request.build_absolute_uri() == "http://testserver//absolute-uri"
    assert request.build_absolute_uri("//example.com/?a=1") == "http://example.com/?a=1"
    assert request.build_absolute_uri("///foo/bar/") == "http://testserver/foo/bar/"
