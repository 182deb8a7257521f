"""reverse(): names, callables, namespaces, args/kwargs, defaults and error messages."""

from __future__ import annotations

import uuid

import pytest

from scallion.urls import (
    NoReverseMatch,
    get_script_prefix,
    include,
    path,
    re_path,
    reverse,
    reverse_lazy,
    set_script_prefix,
)
from tests.urls.sample_urls import view

URLCONF = "tests.urls.sample_urls"


def rev(*args, **kwargs):  # type: ignore[no-untyped-def]
    return reverse(*args, urlconf=URLCONF, **kwargs)


def test_static_and_kwargs() -> None:
    assert rev("about") == "/about/"
    assert rev("home") == "/"
    assert rev("year", kwargs={"year": 2005}) == "/articles/2005/"
    assert rev("year", args=[2005]) == "/articles/2005/"


def test_defaults_must_agree() -> None:
    assert rev("month", kwargs={"year": 2005, "month": 3}) == "/articles/2005/3/"
    assert rev("month", kwargs={"year": 2005, "month": 3, "extra": True}) == "/articles/2005/3/"
    with pytest.raises(NoReverseMatch):
        rev("month", kwargs={"year": 2005, "month": 3, "extra": False})


def test_converter_value_must_match() -> None:
    with pytest.raises(NoReverseMatch) as info:
        rev("year", kwargs={"year": "abc"})
    message = str(info.value)
    expected = "Reverse for 'year' with keyword arguments '{'year': 'abc'}' not found."
    assert message.startswith(expected)
    assert "1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\\\Z']" in message


def test_unknown_name_message() -> None:
    with pytest.raises(NoReverseMatch, match="'nope' is not a valid view function or pattern name"):
        rev("nope")


def test_mixing_args_and_kwargs() -> None:
    with pytest.raises(ValueError, match="Don't mix"):
        rev("year", args=[1], kwargs={"year": 1})


def test_re_path_positional() -> None:
    assert rev("legacy", args=[12, 34]) == "/legacy/12/34/"


def test_namespaces_and_app_default_instance() -> None:
    assert rev("blog:post", kwargs={"year": 2020, "slug": "hi"}) == "/blog/2020/hi/"
    assert rev("author-blog:index") == "/author-blog/"
    assert rev("blog:archive", kwargs={"year": "1999"}) == "/blog/archive/1999/"
    # current_app picks the instance.
    assert rev("blog:index", current_app="author-blog") == "/author-blog/"
    assert rev("blog:index") == "/blog/"


def test_unknown_namespace() -> None:
    with pytest.raises(NoReverseMatch, match="'nope' is not a registered namespace"):
        rev("nope:index")


def test_include_prefix_params() -> None:
    assert rev("profile", kwargs={"username": "ann"}) == "/user/ann/profile/"


def test_quoting_and_non_ascii() -> None:
    assert rev("cafe") == "/caf%C3%A9/"
    assert rev("file", kwargs={"file": "a b/c?.txt"}) == "/files/a%20b/c%3F.txt"


def test_uuid() -> None:
    token = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert rev("token", kwargs={"token": token}) == f"/u/{token}/"


def test_reverse_by_callable() -> None:
    urlconf = [path("only/", view)]
    assert reverse(view, urlconf=urlconf) == "/only/"


def test_query_and_fragment() -> None:
    url = rev("about", query={"a": [1, 2], "b": "x y"}, fragment="top")
    assert url == "/about/?a=1&a=2&b=x+y#top"


def test_script_prefix() -> None:
    set_script_prefix("/mount")
    try:
        assert get_script_prefix() == "/mount/"
        assert rev("about") == "/mount/about/"
    finally:
        set_script_prefix("/")


def test_last_defined_duplicate_name_wins() -> None:
    urlconf = [path("first/", view, name="dup"), path("second/", view, name="dup")]
    assert reverse("dup", urlconf=urlconf) == "/second/"


def test_duplicate_names_fall_back_on_arguments() -> None:
    urlconf = [path("a/<int:x>/", view, name="dup"), path("b/", view, name="dup")]
    assert reverse("dup", urlconf=urlconf, kwargs={"x": 1}) == "/a/1/"


def test_leading_double_slash_escaped() -> None:
    urlconf = [path("<path:p>", view, name="any")]
    assert reverse("any", urlconf=urlconf, kwargs={"p": "/evil.com"}) == "/%2Fevil.com"


def test_optional_regex_group() -> None:
    urlconf = [re_path(r"^opt/(?:(?P<page>[0-9]+)/)?$", view, name="opt")]
    assert reverse("opt", urlconf=urlconf) == "/opt/"
    assert reverse("opt", urlconf=urlconf, kwargs={"page": 3}) == "/opt/3/"


def test_nested_namespaces() -> None:
    inner = ([path("leaf/<int:n>/", view, name="leaf")], "inner")
    outer = ([path("in/", include(inner))], "outer")
    urlconf = [path("out/<slug:s>/", include(outer))]
    assert reverse("outer:inner:leaf", urlconf=urlconf, kwargs={"s": "x", "n": 2}) == (
        "/out/x/in/leaf/2/"
    )
    with pytest.raises(NoReverseMatch, match="'nope' is not a registered namespace inside 'outer'"):
        reverse("outer:nope:leaf", urlconf=urlconf)


def test_reverse_lazy() -> None:
    url = reverse_lazy("about", urlconf=URLCONF)
    assert str(url) == "/about/"
    assert url == "/about/"
