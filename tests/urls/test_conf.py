"""URLconf mistakes fail at start-up, naming the module, the pattern and the fix."""

from __future__ import annotations

import re

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import override_settings
from scallion.urls import get_resolver, include, path, re_path, register_converter
from scallion.urls.converters import get_converter
from tests.urls.sample_urls import view


def test_unknown_converter_names_module_and_route() -> None:
    with pytest.raises(ImproperlyConfigured) as info:
        path("x/<nope:y>/", view)
    message = str(info.value)
    assert "tests.urls.test_conf" in message
    assert "'x/<nope:y>/'" in message
    assert "register_converter" in message


def test_whitespace_and_bad_parameter_names() -> None:
    with pytest.raises(ImproperlyConfigured, match="whitespace"):
        path("<int: y>/", view)
    with pytest.raises(ImproperlyConfigured, match="valid Python identifier"):
        path("<int:2y>/", view)
    with pytest.raises(ImproperlyConfigured, match="twice"):
        path("<int:y>/<int:y>/", view)


def test_view_not_callable() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"'x/' in URLconf 'tests\.urls\.test_conf'"):
        path("x/", "not.a.view")
    with pytest.raises(TypeError):  # Django raises TypeError; still catchable as such
        path("x/", 42)


def test_class_instead_of_as_view() -> None:
    class MyView:
        @classmethod
        def as_view(cls):  # type: ignore[no-untyped-def]
            return view

    with pytest.raises(ImproperlyConfigured, match=r"MyView.as_view\(\)"):
        path("x/", MyView)


def test_view_mistakes_are_told_in_django_words() -> None:
    from scallion.views import View

    class EmptyView(View):
        pass

    message = "view must be a callable or a list/tuple in the case of include(). Got 'nope'."
    with pytest.raises(TypeError, match=re.escape(message)):
        path("x/", "nope")
    message = "view must be a callable, pass EmptyView.as_view(), not EmptyView()."
    with pytest.raises(TypeError, match=re.escape(message)):
        path("x/", EmptyView())


def test_list_without_include() -> None:
    with pytest.raises(ImproperlyConfigured) as info:
        path("x/", [path("y/", view)])
    message = str(info.value)
    assert "URL pattern 'x/' in URLconf 'tests.urls.test_conf'" in message
    assert "wrap it in include()" in message


def test_include_missing_module() -> None:
    with pytest.raises(ImproperlyConfigured) as info:
        include("tests.urls.no_such_urls_module")
    message = str(info.value)
    assert "include('tests.urls.no_such_urls_module')" in message
    assert "in URLconf 'tests.urls.test_conf'" in message
    assert "Fix the dotted path" in message


def test_missing_root_urlconf_module() -> None:
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        get_resolver("tests.urls.missing_root_urls")


def test_invalid_regex() -> None:
    with pytest.raises(ImproperlyConfigured, match="not a valid regular expression"):
        re_path(r"^(unclosed/$", view)


def test_kwargs_must_be_dict() -> None:
    with pytest.raises(TypeError, match="kwargs argument must be a dict"):
        path("x/", view, ["nope"])  # type: ignore[arg-type]


def test_bad_entry_in_urlpatterns() -> None:
    with pytest.raises(ImproperlyConfigured, match="not a URL pattern"):
        get_resolver([path("x/", view), "oops"])


def test_register_converter() -> None:
    class Year:
        regex = "[0-9]{4}"

        def to_python(self, value: str) -> int:
            return int(value)

        def to_url(self, value: int) -> str:
            return f"{value:04d}"

    register_converter(Year, "conf_test_yyyy")
    assert get_converter("conf_test_yyyy").regex == "[0-9]{4}"
    resolver = get_resolver([path("y/<conf_test_yyyy:y>/", view, name="y")])
    assert resolver.resolve("/y/2024/").kwargs == {"y": 2024}
    with pytest.raises(ValueError, match="already registered"):
        register_converter(Year, "conf_test_yyyy")
    with pytest.raises(ValueError, match="already registered"):
        register_converter(Year, "int")


class _BrokenRegexConverter:
    regex = "[0-9"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class _GroupConverter:
    regex = "(?P<part>[a-z]+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def test_a_converter_regex_that_cannot_compile_fails_when_the_route_is_defined() -> None:
    register_converter(_BrokenRegexConverter, "conf_test_broken")
    with pytest.raises(ImproperlyConfigured, match=r"'n/<conf_test_broken:x>/' does not compile"):
        path("n/<conf_test_broken:x>/", view)


def test_a_converter_whose_groups_clash_fails_when_the_route_is_defined() -> None:
    register_converter(_GroupConverter, "conf_test_grouped")
    path("g/<conf_test_grouped:a>/", view)  # one group of its own is fine
    with pytest.raises(ImproperlyConfigured, match="does not compile"):
        path("g/<conf_test_grouped:a>/<conf_test_grouped:b>/", view)


def test_a_route_regex_is_compiled_on_first_use_and_matches_as_django_s() -> None:
    pattern = path("articles/<int:year>/<slug:title>/", view).pattern
    assert pattern._compiled is None  # start-up does not pay for it
    assert pattern.regex_source == r"^articles/(?P<year>[0-9]+)/(?P<title>[-a-zA-Z0-9_]+)/\Z"
    assert pattern.regex.pattern == pattern.regex_source
    assert pattern.regex.match("articles/2024/hello/")
    assert pattern.match("articles/2024/hello/") == ("", (), {"year": 2024, "title": "hello"})


def test_unimportable_error_handler_fails_at_start_up() -> None:
    from scallion.core.handlers.wsgi import WSGIHandler

    with override_settings(ROOT_URLCONF="tests.urls.bad_handler_urls"):
        with pytest.raises(ImproperlyConfigured) as info:
            WSGIHandler()  # building the handler is start-up
    message = str(info.value)
    assert "handler404 = 'tests.urls.sample_urls.no_such_view'" in message
    assert "'tests.urls.bad_handler_urls'" in message
    assert "Fix the dotted path" in message


def test_unimportable_error_handler_is_reported_by_check() -> None:
    from scallion.core.checks import run_checks

    with override_settings(ROOT_URLCONF="tests.urls.bad_handler_urls"):
        errors = [m for m in run_checks(tags=["urls"]) if m.id == "urls.E008"]
    assert len(errors) == 1
    assert "handler404 view 'tests.urls.sample_urls.no_such_view'" in errors[0].msg
    assert errors[0].hint and "View does not exist in module tests.urls.sample_urls" in (
        errors[0].hint
    )
    with override_settings(ROOT_URLCONF="tests.urls.sample_urls"):
        assert not [m for m in run_checks(tags=["urls"]) if m.id == "urls.E008"]
