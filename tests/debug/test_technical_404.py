"""The technical 404 page: patterns tried, or the view's Http404 message."""

from __future__ import annotations

import json

import pytest

from scallion.test import Client, override_settings


@pytest.fixture(autouse=True)
def debug_urls():  # type: ignore[no-untyped-def]
    with override_settings(DEBUG=True, ROOT_URLCONF="tests.debug.urls"):
        yield


def test_lists_the_patterns_tried_in_order() -> None:
    response = Client().get("/nowhere/<x>/")
    assert response.status_code == 404
    page = response.content.decode()
    tried = page[page.index('id="patterns-tried"') :]
    order = [tried.index(p) for p in ("boom/", "chained/", "template/", "articles/")]
    assert order == sorted(order)
    assert "[name=&#39;boom&#39;]" in page or "[name='boom']" in page
    assert "tests.debug.urls" in page
    assert "/nowhere/&lt;x&gt;/" in page and "<x>" not in page


def test_http404_raised_in_a_view_shows_its_message_and_the_view() -> None:
    page = Client().get("/articles/7/").content.decode()
    assert "No article &lt;b&gt;matches&lt;/b&gt; the given query." in page
    assert "tests.debug.urls.not_here" in page
    # The patterns up to the one that matched, as Django's page lists them.
    tried = page[page.index('id="patterns-tried"') : page.index("</ol>")]
    assert tried.rstrip().endswith("</li>") and "articles/" in tried.split("<li>")[-1]
    assert "<code>articles/7/</code>, matched the last one." in page


def test_json_when_accept_prefers_it() -> None:
    response = Client().get("/nowhere/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    error = json.loads(response.content)["error"]
    assert error["path"] == "/nowhere/"
    assert [row["pattern"] for row in error["tried"]][:2] == ["boom/", "chained/"]


def test_control_characters_in_the_path_are_escaped() -> None:
    page = Client().get("/bad%1B%5B2J%E2%80%AE/").content.decode()
    assert "\x1b" not in page and "\\x1b" in page
    assert "\u202e" not in page and "\\u202e" in page


def test_empty_urlconf_says_so() -> None:
    with override_settings(ROOT_URLCONF="tests.debug.empty_urls"):
        page = Client().get("/x/").content.decode()
    assert "has no URL patterns" in page


def test_default_urlconf_page() -> None:
    from scallion import __version__
    from scallion.test import RequestFactory
    from scallion.views.debug import default_urlconf

    with override_settings(ROOT_URLCONF="tests.debug.empty_urls"):
        response = default_urlconf(RequestFactory().get("/"))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert "tests.debug.empty_urls" in page
    assert __version__ in page
    # Like the other debug pages, it styles itself inline: no CSP headers for it.
    assert response._csp_config == {} and response._csp_ro_config == {}  # type: ignore[attr-defined]
