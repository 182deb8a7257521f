"""resolve(): Django's documented matching, arguments, names and error pages."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import Http404
from scallion.test import override_settings
from scallion.urls import (
    NoReverseMatch,
    Resolver404,
    ResolverMatch,
    URLResolver,
    get_resolver,
    include,
    is_valid_path,
    path,
    re_path,
    resolve,
    reverse,
)
from scallion.urls.patterns import RegexPattern
from tests.urls import sample_urls
from tests.urls.sample_urls import custom_404, other, view

URLCONF = "tests.urls.sample_urls"


def r(p: str) -> ResolverMatch:
    return resolve(p, urlconf=URLCONF)


def test_static_route() -> None:
    match = r("/about/")
    assert match.func is view
    assert match.args == ()
    assert match.kwargs == {}
    assert match.url_name == "about"
    assert match.route == "about/"
    assert match.view_name == "about"


def test_tuple_unpacking() -> None:
    func, args, kwargs = r("/articles/2005/")
    assert (func, args, kwargs) == (view, (), {"year": 2005})
    assert r("/articles/2005/")[2] == {"year": 2005}


def test_first_match_wins_static_before_converter() -> None:
    assert r("/articles/2003/").func is other
    assert r("/articles/2004/").func is view


def test_converters_convert() -> None:
    match = r("/articles/2005/3/")
    assert match.kwargs == {"year": 2005, "month": 3, "extra": True}
    assert match.captured_kwargs == {"year": 2005, "month": 3}
    assert match.extra_kwargs == {"extra": True}
    token = uuid.uuid4()
    assert r(f"/u/{token}/").kwargs == {"token": token}
    assert r("/files/a/b/c.txt").kwargs == {"file": "a/b/c.txt"}


def test_converter_mismatch_is_404() -> None:
    with pytest.raises(Resolver404):
        r("/articles/20x5/")
    with pytest.raises(Resolver404):
        r("/u/not-a-uuid/")


def test_re_path_positional_args() -> None:
    match = r("/legacy/12/34/")
    assert match.func is other
    assert match.args == ("12", "34")
    assert match.kwargs == {}


def test_include_namespaces() -> None:
    match = r("/blog/2020/hello-world/")
    assert match.kwargs == {"year": 2020, "slug": "hello-world"}
    assert match.app_name == "blog"
    assert match.namespace == "blog"
    assert match.app_names == ["blog"]
    assert match.view_name == "blog:post"
    assert match.route == "blog/<int:year>/<slug:slug>/"
    instance = r("/author-blog/")
    assert instance.namespace == "author-blog"
    assert instance.app_name == "blog"
    assert instance.view_name == "author-blog:index"


def test_include_route_with_regex_child_joins_without_caret() -> None:
    assert r("/blog/archive/2001/").route == "blog/archive/(?P<year>[0-9]{4})/$"
    assert r("/blog/archive/2001/").kwargs == {"year": "2001"}


def test_include_prefix_captures_are_passed() -> None:
    match = r("/user/ann/profile/")
    assert match.kwargs == {"username": "ann"}
    # Django keeps only the innermost pattern's captures here.
    assert match.captured_kwargs == {}


def test_non_ascii_path() -> None:
    assert r("/caf\u00e9/").url_name == "cafe"


def test_404_lists_tried_patterns_like_django() -> None:
    with pytest.raises(Resolver404) as info:
        r("/nope/")
    exc = info.value
    assert isinstance(exc, Http404)
    data = exc.args[0]
    assert data["path"] == "nope/"
    tried = data["tried"]
    assert [str(chain[0].pattern) for chain in tried][:3] == ["", "about/", "articles/2003/"]
    # An include whose prefix did not match is listed once.
    assert any(len(chain) == 1 and isinstance(chain[0], URLResolver) for chain in tried)


def test_404_tried_expands_matching_include() -> None:
    with pytest.raises(Resolver404) as info:
        r("/blog/zzz/")
    tried = info.value.args[0]["tried"]
    expanded = [chain for chain in tried if len(chain) == 2]
    assert [str(chain[1].pattern) for chain in expanded][:2] == ["", "<int:year>/<slug:slug>/"]


def test_path_without_leading_slash() -> None:
    with pytest.raises(Resolver404) as info:
        r("about/")
    assert info.value.args[0] == {"path": "about/"}


def test_match_tried_is_computed_on_demand() -> None:
    match = r("/about/")
    assert [str(chain[-1].pattern) for chain in match.tried or []] == ["", "about/"]


def test_repr_and_pickling() -> None:
    match = r("/articles/2005/3/")
    text = repr(match)
    assert text.startswith("ResolverMatch(func=tests.urls.sample_urls.view, args=(), ")
    assert "captured_kwargs={'year': 2005, 'month': 3}" in text
    assert "extra_kwargs={'extra': True}" in text
    import pickle

    with pytest.raises(pickle.PicklingError):
        pickle.dumps(match)


def test_resolver_match_public_constructor() -> None:
    match = ResolverMatch(view, (), {}, "n", ["a", None], ["ns", ""], route="x/")
    assert match.app_names == ["a"]
    assert match.namespaces == ["ns"]
    assert match.view_name == "ns:n"
    assert match.tried is None


def test_class_based_view_path_uses_view_class() -> None:
    class Thing:
        pass

    def as_view_func(request: Any) -> None:
        return None

    as_view_func.view_class = Thing  # type: ignore[attr-defined]
    match = ResolverMatch(as_view_func, (), {})
    assert match._func_path.endswith(".Thing")


def test_callable_instance_view() -> None:
    class Callable:
        def __call__(self, request: Any) -> None:
            return None

    instance = Callable()
    resolver = get_resolver([path("x/", instance, name="x")])
    assert resolver.resolve("/x/").func is instance


def test_is_valid_path() -> None:
    assert is_valid_path("/about/", URLCONF)
    assert is_valid_path("/about", URLCONF) is False


def test_resolve_uses_root_urlconf_setting() -> None:
    with override_settings(ROOT_URLCONF=URLCONF):
        assert resolve("/about/").url_name == "about"


def test_unset_root_urlconf_names_the_fix() -> None:
    with override_settings(ROOT_URLCONF=None):
        with pytest.raises(ImproperlyConfigured, match="ROOT_URLCONF"):
            get_resolver()


def test_get_resolver_is_cached() -> None:
    assert get_resolver(URLCONF) is get_resolver(URLCONF)


def test_error_handlers() -> None:
    resolver = get_resolver(URLCONF)
    assert resolver.resolve_error_handler(404) is custom_404
    assert resolver.resolve_error_handler(500) is sample_urls.other
    from scallion.views import defaults

    assert resolver.resolve_error_handler(400) is defaults.bad_request
    assert resolver.resolve_error_handler(403) is defaults.permission_denied


def test_error_handler_not_callable() -> None:
    import types

    module = types.ModuleType("bad_handlers")
    module.urlpatterns = []  # type: ignore[attr-defined]
    module.handler404 = 42  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="handler404"):
        get_resolver(module).resolve_error_handler(404)


def test_sub_resolver_resolves_directly() -> None:
    resolver = URLResolver(
        __import__("scallion.urls", fromlist=["RoutePattern"]).RoutePattern("blog/"),
        [path("<int:pk>/", view, name="d")],
        app_name="b",
        namespace="b",
    )
    match = resolver.resolve("blog/5/")
    assert match.kwargs == {"pk": 5}
    assert match.namespace == "b"


def test_include_tuple_and_namespace_rules() -> None:
    with pytest.raises(ImproperlyConfigured, match="app_name"):
        include([path("x/", view)], namespace="ns")
    with pytest.raises(ImproperlyConfigured, match="3-tuple"):
        include(([], "a", "b"))


def test_regex_searches_like_django() -> None:
    # An unanchored re_path regex without "$" is searched for anywhere, as in Django...
    resolver = get_resolver([re_path(r"foo/", view, name="foo")])
    assert resolver.resolve("/xxfoo/zz").url_name == "foo"
    # ...but one ending in "$" must match the whole remaining path.
    resolver = get_resolver([re_path(r"foo/$", view, name="foo$")])
    with pytest.raises(Resolver404):
        resolver.resolve("/xxfoo/")
    # Without "$" an endpoint regex matches a prefix.
    resolver = get_resolver([re_path(r"^bar", view, name="bar")])
    assert resolver.resolve("/barbaz/qux").url_name == "bar"


def test_lazy_404_info_is_a_dict() -> None:
    resolver = get_resolver([path("a/", view)])
    with pytest.raises(Resolver404) as info:
        resolver.resolve("/b/")
    data = info.value.args[0]
    assert dict(data) == {"tried": data["tried"], "path": "b/"}
    assert "tried" in data
    assert data.get("path") == "b/"


def test_parameter_repeated_across_nested_includes_later_value_wins() -> None:
    # Django merges each include's captures under the included pattern's: the
    # innermost value of a repeated name wins, in kwargs and captured_kwargs.
    inner = [
        path("<int:id>/", view, name="leaf"),
        path("x/<slug:id>/", view, {"d": 1}, name="leaf2"),
    ]
    urlconf = [
        path("<int:id>/", include(inner)),
        re_path(r"^r/(?P<id>[0-9]+)/", include([path("<str:id>/", other, name="rleaf")])),
    ]
    resolver = get_resolver(urlconf)
    cases = {
        "/1/2/": ({"id": 2}, {"id": 2}),
        "/1/x/abc/": ({"id": "abc", "d": 1}, {"id": "abc"}),
        "/r/5/zz/": ({"id": "zz"}, {"id": "zz"}),
    }
    for target, (kwargs, captured) in cases.items():
        for match in (resolver.resolve(target), resolver._resolve_linear(target)):
            assert match.kwargs == kwargs, target
            assert match.captured_kwargs == captured, target
            assert match.args == ()
    # reverse() cannot fill two values for one name: no URL, a clear error.
    with pytest.raises(NoReverseMatch, match="'leaf'"):
        reverse("leaf", urlconf=urlconf, kwargs={"id": 2})


def _named(name: str) -> Any:
    def view(request: Any, **kwargs: Any) -> None:
        return None

    view.__name__ = name
    return view


def test_routes_of_many_shapes_keep_route_order_across_shapes() -> None:
    """Two shapes of one segment count both match: the earlier route wins, either way round."""
    slug_first = URLResolver(
        RegexPattern(r"^/"),
        [path("<slug:s>/<int:n>/", _named("slug"), name="slug"), path("a/<int:n>/", _named("a"))],
    )
    a_first = URLResolver(
        RegexPattern(r"^/"),
        [path("a/<int:n>/", _named("a"), name="a"), path("<slug:s>/<int:n>/", _named("slug"))],
    )
    assert len(slug_first.compile().shapes[4]) == 2  # '', s, n, '' and '', 'a', n, ''
    assert slug_first.resolve("/a/5/").kwargs == {"s": "a", "n": 5}
    assert a_first.resolve("/a/5/").kwargs == {"n": 5}
    assert a_first.resolve("/b/5/").kwargs == {"s": "b", "n": 5}


def test_one_shape_of_many_routes_is_one_look_up_by_its_static_segments() -> None:
    routes = [path(f"r{i}/<int:id>/item", _named(f"v{i}")) for i in range(300)]
    resolver = URLResolver(RegexPattern(r"^/"), routes)
    (shape,) = resolver.compile().shapes[4]
    assert len(shape.routes) == 300  # keyed by ('', 'r{i}', 'item')
    match = resolver.resolve("/r299/42/item")
    assert match.func.__name__ == "v299" and match.kwargs == {"id": 42}
    with pytest.raises(Resolver404):
        resolver.resolve("/r299/x/item")  # the int converter's regex refuses it


def test_pattern_regex_is_the_compiled_expression_under_djangos_descriptor() -> None:
    from scallion.urls.resolvers import LocaleRegexDescriptor, RegexPattern, RoutePattern

    assert isinstance(RegexPattern.regex, LocaleRegexDescriptor)
    assert isinstance(RoutePattern.regex, LocaleRegexDescriptor)
    regex = RegexPattern(r"^foo/(?P<n>[0-9]+)/$")
    assert regex.regex.pattern == r"^foo/(?P<n>[0-9]+)/$"
    assert regex.regex is regex.regex  # compiled once
    route = RoutePattern("foo/<int:n>/", is_endpoint=True)
    assert route.regex.fullmatch("foo/12/") is not None
    assert route.regex is route.regex


def test_a_path_no_route_matches_is_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The handler's door (resolve_path) answers a miss without searching again."""
    from scallion.urls._matcher import CompiledMatcher
    from scallion.urls.exceptions import Resolver404
    from scallion.urls.resolvers import get_resolver, resolve_path

    get_resolver("tests.urls.sample_urls")  # compiled before counting
    calls: list[str] = []
    search = CompiledMatcher.search

    def counting(self: CompiledMatcher, path: str) -> Any:
        calls.append(path)
        return search(self, path)

    monkeypatch.setattr(CompiledMatcher, "search", counting)
    with override_settings(ROOT_URLCONF="tests.urls.sample_urls"):
        with pytest.raises(Resolver404) as caught:
            resolve_path("/no/such/page/")
    assert calls == ["/no/such/page/"]
    assert caught.value.args[0]["path"] == "no/such/page/"  # as Django: below the root
