"""reverse(): names, callables, namespaces, args/kwargs, defaults and error messages."""

from __future__ import annotations

import uuid

import pytest

from scallion.test import override_settings
from scallion.urls import (
    NoReverseMatch,
    get_resolver,
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


def test_a_back_reference_repeats_its_parameter() -> None:
    urlconf = [
        re_path(r"^people/(?P<name>\w+)-(?P=name)/$", view, name="named"),
        re_path(r"^pair/(\w+)-\1/$", view, name="numbered"),
    ]
    assert reverse("named", urlconf=urlconf, args=["nate"]) == "/people/nate-nate/"
    assert reverse("named", urlconf=urlconf, kwargs={"name": "nate"}) == "/people/nate-nate/"
    assert reverse("numbered", urlconf=urlconf, args=["ab"]) == "/pair/ab-ab/"
    with pytest.raises(NoReverseMatch):
        reverse("named", urlconf=urlconf, args=["not a word"])  # the pattern's own check


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


def test_reverse_lazy_reverses_again_on_every_use() -> None:
    # As in Django: a value made at import time follows later changes (the
    # script prefix, ROOT_URLCONF under override_settings) rather than the first use.
    url = reverse_lazy("about", urlconf=URLCONF)
    assert str(url) == "/about/"
    set_script_prefix("/mount/")
    try:
        assert str(url) == "/mount/about/"
        assert url == "/mount/about/"
    finally:
        set_script_prefix("/")
    where = reverse_lazy("where")
    with override_settings(ROOT_URLCONF="tests.urls.alt_urls"):
        assert str(where) == "/elsewhere/where/"
    with override_settings(ROOT_URLCONF=[path("here/", view, name="where")]):
        assert str(where) == "/here/"


def test_include_of_a_module_takes_its_app_name_as_namespace() -> None:
    urlconf = [
        path("polls/", include("tests.urls.polls_urls")),
        path("other-polls/", include("tests.urls.polls_urls", namespace="other-polls")),
    ]
    resolver = get_resolver(urlconf)
    match = resolver.resolve("/polls/7/")
    assert (match.app_names, match.namespaces, match.view_name) == (
        ["polls"],
        ["polls"],
        "polls:detail",
    )
    other = resolver.resolve("/other-polls/7/")
    assert (other.app_name, other.namespace) == ("polls", "other-polls")
    assert reverse("polls:detail", urlconf=urlconf, args=[7]) == "/polls/7/"
    assert reverse("other-polls:detail", urlconf=urlconf, args=[7]) == "/other-polls/7/"
    assert reverse("polls:index", urlconf=urlconf, current_app="other-polls") == "/other-polls/"
    # Not namespaced: the bare name is not found.
    with pytest.raises(NoReverseMatch, match="'detail' is not a valid view function"):
        reverse("detail", urlconf=urlconf, args=[7])


NESTED_INNER = [path("leaf/", view, name="leaf")]
NESTED_OUTER = [
    path("i1/", include((NESTED_INNER, "inner"))),
    path("i2/", include((NESTED_INNER, "inner"), namespace="inner-2")),
]
NESTED = [
    path("o1/", include((NESTED_OUTER, "outer"))),
    path("o2/", include((NESTED_OUTER, "outer"), namespace="outer-2")),
]


@pytest.mark.parametrize(
    ("current_app", "url"),
    [
        (None, "/o1/i1/leaf/"),  # each app's default instance (named like the app)
        ("outer-2:inner-2", "/o2/i2/leaf/"),
        ("outer-2", "/o2/i1/leaf/"),  # inner: its default instance
        ("outer:inner-2", "/o1/i2/leaf/"),
        ("outer-2:inner", "/o2/i1/leaf/"),
        # Once current_app stops matching, the rest of it is ignored (Django).
        ("nowhere:inner-2", "/o1/i1/leaf/"),
    ],
)
def test_current_app_with_nested_namespaces(current_app: str | None, url: str) -> None:
    assert reverse("outer:inner:leaf", urlconf=NESTED, current_app=current_app) == url


def test_instance_namespaces_can_be_named_directly_when_nested() -> None:
    assert reverse("outer-2:inner-2:leaf", urlconf=NESTED) == "/o2/i2/leaf/"
    assert reverse("outer:inner-2:leaf", urlconf=NESTED) == "/o1/i2/leaf/"
