"""The URLconf checks: Django's (IDs and messages) and scallion's urls.E001 and urls.W100."""

from __future__ import annotations

from typing import Any

import pytest

from scallion.core.checks import Error, Warning
from scallion.core.checks.urls import (
    E006,
    check_custom_error_handlers,
    check_url_config,
    check_url_namespaces_unique,
    check_url_settings,
    get_warning_for_invalid_pattern,
)
from scallion.test import override_settings

URLS = "tests.management.check_urls"


def config(module: str, **overrides: Any) -> list[Any]:
    with override_settings(ROOT_URLCONF=f"{URLS}.{module}", **overrides):
        return check_url_config(None)


def test_leading_slash() -> None:
    messages = config("slash")
    assert [m.id for m in messages] == ["urls.W002", "urls.W002"]
    assert messages[0].msg == (
        "Your URL pattern '/leading/' has a route beginning with a '/'. Remove this slash as it "
        "is unnecessary. If this pattern is targeted in an include(), ensure the include() "
        "pattern has a trailing '/'."
    )
    assert "'^/regex-leading/$'" in messages[1].msg
    # With APPEND_SLASH off a leading slash can be meant.
    assert config("slash", APPEND_SLASH=False) == []


def test_include_with_a_trailing_dollar() -> None:
    [message] = config("include_dollar")
    assert message.id == "urls.W001"
    assert message.msg == (
        "Your URL pattern '^included$' uses include with a route ending with a '$'. Remove "
        "the dollar from the route to avoid problems including URLs."
    )


def test_an_entry_that_is_not_a_pattern_is_reported_not_raised() -> None:
    [message] = config("invalid_entries")
    assert message.id == "urls.E004"
    assert message.msg.startswith("Your URL pattern ('^tuple/$', <function view")
    assert message.hint == "Try using path() instead of a tuple."


def test_invalid_pattern_hints() -> None:
    assert get_warning_for_invalid_pattern("")[0].hint == (
        "Try removing the string ''. The list of urlpatterns should not have a prefix "
        "string as the first element."
    )
    assert get_warning_for_invalid_pattern(object())[0].hint is None


def test_a_view_class_without_as_view() -> None:
    # path() refuses it as the URLconf is imported; the check reports that
    # refusal under Django's id and words for the mistake.
    [message] = config("class_view")
    assert message.id == "urls.E009"
    assert message.msg == (
        "Your URL pattern 'class/' [name='page'] has an invalid view, pass "
        "PageView.as_view() instead of PageView."
    )


def test_a_view_class_in_a_pattern_built_by_hand() -> None:
    from scallion.core.checks.urls import check_resolver
    from scallion.urls import RoutePattern, URLPattern
    from tests.management.check_urls.views import PageView

    pattern = URLPattern(RoutePattern("class/", name="page", is_endpoint=True), PageView)
    assert check_resolver(pattern) == [
        Error(
            "Your URL pattern 'class/' [name='page'] has an invalid view, pass "
            "PageView.as_view() instead of PageView.",
            id="urls.E009",
        )
    ]


def test_route_syntax() -> None:
    messages = config("route_syntax")
    assert [(m.id, m.msg.split(" has ")[0]) for m in messages] == [
        ("urls.W010", "Your URL pattern 'open/<unclosed'"),
        ("urls.W010", "Your URL pattern 'closed>/x/<opened'"),
        ("urls.W010", "Your URL pattern 'closed>/x/<opened'"),
        ("2_0.W001", "Your URL pattern '^caret'"),
        ("2_0.W001", "Your URL pattern 'dollar$'"),
        ("2_0.W001", "Your URL pattern '(?P<group>[0-9]+)/'"),
        ("urls.W003", "Your URL pattern 'fine/<int:pk>/' [name='with:colon']"),
    ]
    assert messages[1] == Warning(
        "Your URL pattern 'closed>/x/<opened' has an unmatched '>' bracket.", id="urls.W010"
    )
    assert messages[2].msg.endswith("unmatched '<' bracket.")


def test_scallion_adds_load_failures_and_duplicate_names() -> None:
    with override_settings(ROOT_URLCONF="tests.management.raising_urls"):
        [failure] = check_url_config(None)
    assert failure.id == "urls.E001" and "boom while importing" in failure.msg
    with override_settings(ROOT_URLCONF="tests.management.dup_urls"):
        found = sorted(m.id for m in check_url_config(None))
    assert found == ["urls.W002", "urls.W003", "urls.W100"]


def test_no_root_urlconf() -> None:
    with override_settings(ROOT_URLCONF=None):
        assert check_url_config(None) == []
        assert check_url_namespaces_unique(None) == []
        assert check_custom_error_handlers(None) == []


def test_namespaces_unique() -> None:
    with override_settings(ROOT_URLCONF=f"{URLS}.namespaces"):
        [message] = check_url_namespaces_unique(None)
    assert message.id == "urls.W005"
    assert message.msg.startswith("URL namespace 'shared' isn't unique.")


def test_a_urlconf_that_includes_itself_is_checked_once() -> None:
    from scallion.core.checks.urls import _load_all_namespaces, check_resolver
    from scallion.urls import RegexPattern, URLResolver

    root = URLResolver(RegexPattern(r"^/"), f"{URLS}.recursive")
    # Found under "/" and under "again/", and not again below: the same message
    # twice, which run_checks lists once.
    first, second = check_resolver(root)
    assert first == second and first.id == "urls.W002" and "'/leading/'" in first.msg
    assert _load_all_namespaces(root) == ["again", "again:again"]


def test_error_handlers() -> None:
    with override_settings(ROOT_URLCONF=f"{URLS}.handlers_bad"):
        messages = check_custom_error_handlers(None)
    assert [(m.id, m.msg) for m in messages] == [
        (
            "urls.E007",
            f"The custom handler400 view '{URLS}.views.handler_without_exception' does not take "
            "the correct number of arguments (request, exception).",
        ),
        (
            "urls.E008",
            f"The custom handler403 view '{URLS}.views.no_such_view' could not be imported.",
        ),
        (
            "urls.E008",
            f"The custom handler404 view '{URLS}.no_such_module.view' could not be imported.",
        ),
    ]
    assert messages[1].hint == (
        f"Could not import '{URLS}.views.no_such_view'. View does not exist in module {URLS}.views."
    )
    assert messages[2].hint == (
        f"Could not import '{URLS}.no_such_module.view'. Parent module "
        f"{URLS}.no_such_module does not exist."
    )
    with override_settings(ROOT_URLCONF=f"{URLS}.handlers_good"):
        assert check_custom_error_handlers(None) == []


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"STATIC_URL": "a/", "MEDIA_URL": "b/"}, []),
        ({"STATIC_URL": "", "MEDIA_URL": ""}, []),
        ({"STATIC_URL": "slashes//"}, []),
        ({"STATIC_URL": "noslash"}, ["STATIC_URL"]),
        ({"MEDIA_URL": "noslash"}, ["MEDIA_URL"]),
    ],
)
def test_url_settings(overrides: dict[str, Any], expected: list[str]) -> None:
    with override_settings(**overrides):
        assert check_url_settings(None) == [E006(name) for name in expected]
        if expected:
            # A relative URL setting is read with the script prefix ('/' here), as in
            # Django, so the hint shows the value the site uses.
            assert E006(expected[0]).hint == f"Use {expected[0]} = '/noslash/'."
