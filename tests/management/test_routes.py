"""``scallion routes``: pattern, name, view and methods, as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from scallion.core.checks.urlwalk import allowed_methods, dotted_name
from scallion.test import override_settings

Run = Callable[..., Any]


@override_settings(ROOT_URLCONF="tests.management.routes_urls")
def test_table(run: Run) -> None:
    result = run("routes")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["PATTERN", "NAME", "VIEW", "METHODS"]
    assert lines[1].split() == ["/", "home", "tests.management.routes_urls.home", "*"]
    assert lines[2].split() == ["/submit/", "submit", "tests.management.routes_urls.submit", "POST"]
    assert lines[3].split() == [
        "/api/items/<int:pk>/",
        "api:item",
        "tests.management.routes_urls.ItemView",
        "DELETE,GET,HEAD,OPTIONS",
    ]


@override_settings(ROOT_URLCONF="tests.management.routes_urls")
def test_json(run: Run) -> None:
    rows = json.loads(run("routes", "--json").out)
    assert rows[0] == {
        "pattern": "/",
        "name": "home",
        "view": "tests.management.routes_urls.home",
        "methods": None,
    }
    assert rows[1]["methods"] == ["POST"]


@override_settings(ROOT_URLCONF=None)
def test_no_urlconf(run: Run) -> None:
    result = run("routes")
    assert result.code == 1
    assert "ROOT_URLCONF setting is not set" in result.err


def test_view_names_for_lambdas_and_partials() -> None:
    import functools

    def f(request: Any, x: int) -> None: ...

    assert dotted_name(functools.partial(f, x=1)).endswith(
        "test_view_names_for_lambdas_and_partials.<locals>.f"
    )
    assert allowed_methods(f) is None


def test_the_check_hint_for_a_failing_urlconf_matches_what_routes_prints(run: Run) -> None:
    """urls.E001 sends people to `scallion routes` only when it prints a traceback."""
    with override_settings(ROOT_URLCONF="tests.management.raising_urls"):
        checked = run("check")
        result = run("routes")
    assert "HINT: Run 'scallion routes' for the full traceback." in checked.out
    assert result.code == 1 and result.err.startswith("Traceback (most recent call last):")
    assert "tests/management/raising_urls.py" in result.err  # the frame that failed

    # A configuration mistake: its message is the whole story, in both commands.
    with override_settings(ROOT_URLCONF="tests.management.improper_urls"):
        checked = run("check")
        result = run("routes")
    assert "scallion routes" not in checked.out
    assert "HINT: Fix the setting or the pattern named above." in checked.out
    assert "URL pattern 'broken/'" in checked.out and "URL pattern 'broken/'" in result.err
    assert result.code == 1 and "Traceback" not in result.err


@override_settings(ROOT_URLCONF="tests.asgi.ws_urls")
def test_websocket_routes_are_listed(run: Run) -> None:
    result = run("routes")
    assert result.code == 0, result.err
    lines = [line.split() for line in result.out.splitlines()]
    assert lines[1] == ["/", "home", "tests.asgi.ws_urls.home", "*"]
    assert lines[2] == ["/ws/room/<int:number>/", "room", "tests.asgi.ws_urls.Room", "WEBSOCKET"]
    assert lines[3] == ["/^ws/shout/$", "tests.asgi.ws_urls.Shout", "WEBSOCKET"]
    assert lines[4] == ["/ws/nested/<slug:tag>/", "tests.asgi.ws_urls.Room", "WEBSOCKET"]
    rows = json.loads(run("routes", "--json").out)
    assert [row["methods"] for row in rows] == [None, ["WEBSOCKET"], ["WEBSOCKET"], ["WEBSOCKET"]]
