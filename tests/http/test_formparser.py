"""Form bodies and query strings: urlencoded parsing, dispatch, Content-Type parameters."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from scallion.http.formparser import parse_form
from scallion.http.multipartparser import parse_header_parameters
from scallion.http.request import QueryDict
from tests.http._request_body import BodyRequest
from tests.http._settings import override_settings

FORM = "application/x-www-form-urlencoded"


def test_urlencoded_body() -> None:
    request = BodyRequest(b"a=1&a=2&b=h%C3%A9+x&empty=&flag", content_type=FORM)
    assert request.POST.getlist("a") == ["1", "2"]
    assert request.POST["b"] == "hé x"
    assert request.POST["empty"] == ""
    assert request.POST["flag"] == ""
    assert dict(request.FILES) == {}


def test_content_type_parameters_and_case_are_ignored() -> None:
    request = BodyRequest(b"a=1", content_type="Application/X-WWW-Form-Urlencoded; charset=utf-8")
    assert request.POST["a"] == "1"


def test_semicolon_does_not_separate_parameters() -> None:
    assert QueryDict("a=1;b=2") == {"a": ["1;b=2"]}
    assert BodyRequest(b"a=1;b=2", content_type=FORM).POST["a"] == "1;b=2"


def test_other_content_types_give_empty_forms() -> None:
    for content_type in ("application/json", "text/plain", ""):
        request = BodyRequest(b"a=1", content_type=content_type)
        assert dict(request.POST) == {}
        assert request.body == b"a=1"


def test_urlencoded_limits_use_per_view_values() -> None:
    body = b"&".join(b"f%d=1" % i for i in range(20))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10):
        with pytest.raises(TooManyFieldsSent):
            BodyRequest(body, content_type=FORM).POST  # noqa: B018
        request = BodyRequest(body, content_type=FORM)
        request.set_body_limits(DATA_UPLOAD_MAX_NUMBER_FIELDS=None)
        assert len(request.POST) == 20
    request = BodyRequest(b"a=" + b"x" * 100, content_type=FORM)
    request.set_body_limits(DATA_UPLOAD_MAX_MEMORY_SIZE=50)
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018


def test_parse_form_for_put() -> None:
    request = BodyRequest(b"a=1", content_type=FORM, method="PUT")
    assert dict(request.POST) == {}
    data, files = parse_form(
        request.META,
        request,
        read_body=lambda: request.body,
        encoding=None,
        limits=request.body_limit,
        upload_handlers=lambda: request.upload_handlers,
    )
    assert data["a"] == "1" and not files


def test_overlong_content_type_is_bad_request() -> None:
    request = BodyRequest(b"a=1", content_type="text/plain; " + "x=y; " * 5000)
    with pytest.raises(BadRequest):
        request.POST  # noqa: B018


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("text/html", ("text/html", {})),
        ("Text/HTML; Charset=UTF-8", ("text/html", {"charset": "UTF-8"})),
        ('multipart/form-data; boundary="a;b=c"', ("multipart/form-data", {"boundary": "a;b=c"})),
        ('x/y; a="q\\"uote"; b=2', ("x/y", {"a": 'q"uote', "b": "2"})),
        ("x/y; a; =b; c=", ("x/y", {"c": ""})),
        ("x/y; title*=UTF-8''%E2%82%AC%20rates; title=plain", ("x/y", {"title": "€ rates"})),
        ("x/y; title*=noquotes", ("x/y", {"title": "noquotes"})),  # percent-decoded as is
        ("x/y; title*='%2A%2Afun", ("x/y", {"title": "'**fun"})),
        ('x/y; a="unterminated; b=1', ("x/y", {"a": '"unterminated; b=1'})),
        ("", ("", {})),
    ],
)
def test_parse_header_parameters(line: str, expected: tuple[str, dict[str, str]]) -> None:
    assert parse_header_parameters(line) == expected


def test_an_unknown_rfc_2231_charset_is_refused() -> None:
    with pytest.raises(ValueError, match="Invalid encoding 'bogus' for RFC 2231 param"):
        parse_header_parameters("x/y; title*=bogus''%E2; title=plain")


def test_parse_header_parameters_is_bounded() -> None:
    with pytest.raises(ValueError, match="at most 100"):
        parse_header_parameters("a" * 101, max_length=100)
    assert parse_header_parameters("a" * 101, max_length=None)[0] == "a" * 101


@given(st.text(max_size=300))
def test_parse_header_parameters_never_raises_on_short_input(line: str) -> None:
    try:
        key, params = parse_header_parameters(line)
    except ValueError as exc:  # only for an RFC 2231 charset Python does not know
        assert "for RFC 2231 param" in str(exc)
        return
    assert key == key.lower()
    assert all(name == name.lower() for name in params)


@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.text(max_size=20)))
def test_parse_header_parameters_round_trips_quoted_values(params: dict[str, str]) -> None:
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    line = "type/sub" + "".join(f"; {k}={quoted(v)}" for k, v in params.items())
    assert parse_header_parameters(line) == ("type/sub", params)


# -- query strings (QueryDict) ----------------------------------------------------------


@given(st.binary(max_size=500))
def test_query_dict_never_raises_unexpectedly(raw: bytes) -> None:
    try:
        QueryDict(raw)
    except SuspiciousOperation:
        pass


@given(st.text(max_size=500))
def test_query_dict_text_never_raises_unexpectedly(raw: str) -> None:
    try:
        QueryDict(raw)
    except SuspiciousOperation:
        pass


@given(st.lists(st.tuples(st.text(min_size=1, max_size=10), st.text(max_size=10)), max_size=20))
def test_query_dict_round_trips_encoded_pairs(pairs: list[tuple[str, str]]) -> None:
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    parsed = QueryDict(query)
    expected: dict[str, list[str]] = {}
    for key, value in pairs:
        expected.setdefault(key, []).append(value)
    assert {k: parsed.getlist(k) for k in parsed} == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a=%zz&b=%", {"a": ["%zz"], "b": ["%"]}),
        ("a=%C3", {"a": ["\ufffd"]}),
        (b"a=\xff\xfe", {"a": ["ÿþ"]}),
        ("a=%00", {"a": ["\x00"]}),
        ("&&&a=1&&", {"a": ["1"]}),
        ("=v", {"": ["v"]}),
    ],
)
def test_query_dict_malformed_input(raw: str | bytes, expected: dict[str, list[str]]) -> None:
    assert dict(QueryDict(raw)) == expected


@pytest.mark.parametrize("escaped", [False, True])
def test_query_dict_field_limit_counts_fields_as_django_does(escaped: bool) -> None:
    # Django (through urllib's parse_qsl) counts 1 + the number of "&", empty
    # fields included; so a body of a million "&" is refused before it is split.
    value = "%41" if escaped else "A"
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3):
        assert QueryDict(f"a={value}&b=2&c=3").getlist("a") == ["A"]
        assert len(QueryDict(f"a={value}&&b=2")) == 2
        with pytest.raises(TooManyFieldsSent):
            QueryDict(f"a={value}&&&b=2")
        with pytest.raises(TooManyFieldsSent):
            QueryDict(f"a={value}&b=2&c=3&d=4".encode())


def _reference_lists(raw: str | bytes, encoding: str = "utf-8") -> list[tuple[str, list[str]]]:
    """The obviously-correct parse: split, then unquote each name and value (urllib)."""
    from urllib.parse import unquote_plus

    text = raw.decode(encoding) if isinstance(raw, bytes) else raw
    result: dict[str, list[str]] = {}
    for pair in text.split("&"):
        if pair:
            key, _, value = pair.partition("=")
            key = unquote_plus(key, encoding=encoding, errors="replace")
            value = unquote_plus(value, encoding=encoding, errors="replace")
            result.setdefault(key, []).append(value)
    return list(result.items())


# Escapes of every byte (both letter cases) mixed with the characters the one-pass
# decoder treats specially. PERF: form.
_ESCAPE = st.integers(0, 255).flatmap(
    lambda b: st.sampled_from([f"%{b:02X}", f"%{b:02x}", f"%{b:02x}".capitalize()])
)
_FORM_CHUNK = st.one_of(
    _ESCAPE,
    st.sampled_from(["%", "%2", "%25", "%253D", "%0A", "%3d", "&", "=", "+", "a", "\n", "%%"]),
    st.text(alphabet="abc=&+%0123456789ABCDEFxyz", max_size=4),
)


@given(st.lists(_FORM_CHUNK, max_size=40).map("".join))
def test_query_dict_matches_the_reference_parse(raw: str) -> None:
    expected = _reference_lists(raw)
    assert list(QueryDict(raw).lists()) == expected
    assert list(QueryDict(raw.encode()).lists()) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a%3Db=c%3D%3d", {"a=b": ["c=="]}),
        ("a=%26%2526%25%0a%0A", {"a": ["&%26%\n\n"]}),
        ("k=%C3%A9%C3&x=%E2%82", {"k": ["é\ufffd"], "x": ["\ufffd"]}),
        ("a=%2B+%2b", {"a": ["+ +"]}),
        ("a=1%0Ab\n=2", {"a": ["1\nb\n=2"]}),
    ],
)
def test_query_dict_escapes_kept_by_the_one_pass_decoder(
    raw: str, expected: dict[str, list[str]]
) -> None:
    assert dict(QueryDict(raw).lists()) == expected
    assert dict(QueryDict(raw.encode()).lists()) == expected


def test_multipart_is_parsed_from_the_read_body_after_a_stream_read() -> None:
    from tests.http._request_body import field, multipart_body

    request = BodyRequest(multipart_body(field("name", "value")))
    assert request.body.startswith(b"--")
    assert request.read(1) == b"-"  # the stream, after body: a copy of it
    assert request.POST == {"name": ["value"]}


def test_a_body_read_as_a_stream_leaves_an_empty_form() -> None:
    request = BodyRequest(b"a=1", content_type=FORM)
    assert request.read() == b"a=1"
    assert dict(request.POST) == {}


@pytest.mark.parametrize("charset", ["iso-8859-1", "latin-1", "utf-16"])
def test_a_urlencoded_body_in_another_charset_is_refused_on_every_read(charset: str) -> None:
    """Django 6's rule (RFC 1866: urlencoded is UTF-8). A second read raises again:
    the refused body must not read as an empty form."""
    request = BodyRequest(b"key=Espa%F1a", content_type=f"{FORM}; charset={charset}")
    message = "must be UTF-8 encoded"
    with pytest.raises(BadRequest, match=message):
        request.POST  # noqa: B018
    with pytest.raises(BadRequest, match=message):
        request.FILES  # noqa: B018
    with pytest.raises(BadRequest, match=message):
        request.POST  # noqa: B018


def test_a_utf8_charset_is_accepted_however_spelled() -> None:
    for charset in ("utf-8", "UTF-8", "utf8"):
        request = BodyRequest(b"key=Espa%C3%B1a", content_type=f"{FORM}; charset={charset}")
        assert request.POST["key"] == "España"


def test_a_broken_multipart_body_reads_as_the_empty_form_afterwards() -> None:
    """The parser consumed the body: what is left is not parsed again (as Django)."""
    request = BodyRequest(b"--nope\r\n", content_type="multipart/form-data; boundary=")
    with pytest.raises(BadRequest):
        request.POST  # noqa: B018
    assert dict(request.POST) == {} and dict(request.FILES) == {}
