"""The technical 500 page: traceback, locals, request, masked settings, text and JSON."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from scallion.test import Client, override_settings
from scallion.views import debug
from tests.debug import urls

pytestmark = pytest.mark.usefixtures("debug_urls")


@pytest.fixture
def debug_urls():  # type: ignore[no-untyped-def]
    with override_settings(
        DEBUG=True,
        ROOT_URLCONF="tests.debug.urls",
        API_TOKEN="tok-123-do-not-show",
        DATABASE_PASSWORD="pw-do-not-show",
        NESTED={"default": {"PASSWORD": "nested-pw-do-not-show", "HOST": "db.local"}},
    ):
        yield


def get(path: str, **extra: str):  # type: ignore[no-untyped-def]
    return Client(raise_request_exception=False).get(path, **extra)


def test_page_shows_exception_frames_source_and_locals() -> None:
    response = get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<h1>ValueError" in page
    assert "it broke visible-local-value" in page
    # Source context: the raising line and lines around it, from this test's own module.
    assert "tests/debug/urls.py" in page
    assert "huge = &#34;x&#34; * 100_000" in page or "huge = &quot;x&quot; * 100_000" in page
    assert re.search(r'class="current"><span class="ln">\d+</span>\s*raise ValueError', page)
    # Locals, including ones whose repr is broken or huge.
    assert "secret_local" in page and "visible-local-value" in page
    assert "unrepresentable BrokenRepr: repr() raised RuntimeError" in page
    assert "characters in all" not in page or "x" * 5000 not in page


def test_locals_are_truncated_and_broken_repr_is_survived() -> None:
    assert len(debug.safe_repr("x" * 100_000)) < debug.MAX_VALUE_LENGTH + 100
    assert "trimmed" in debug.safe_repr("y" * 10_000, limit=100)
    assert "repr() raised" in debug.safe_repr(
        __import__("tests.debug.urls").debug.urls.BrokenRepr()
    )

    class ReprRaisesBaseError:
        def __repr__(self) -> str:
            raise ValueError

    assert debug.safe_repr([ReprRaisesBaseError()]).startswith("[")


def test_settings_are_shown_with_secrets_masked() -> None:
    page = get("/boom/").content.decode()
    assert "ROOT_URLCONF" in page and "tests.debug.urls" in page
    for leaked in ("tok-123-do-not-show", "pw-do-not-show", "nested-pw-do-not-show"):
        assert leaked not in page
    from tests.conftest import TEST_SETTINGS

    assert TEST_SETTINGS["SECRET_KEY"] not in page
    assert debug.CLEANSED_SUBSTITUTE in page
    assert "db.local" in page  # only the secret part of a nested setting is masked


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "api_key",
        "MY_TOKEN",
        "DB_PASSWORD",
        "SIGNATURE_X",
        "AUTH_HEADER",
        "HTTP_COOKIE",
    ],
)
def test_cleanse_masks_secret_looking_names(name: str) -> None:
    assert debug.cleanse(name, "value") == debug.CLEANSED_SUBSTITUTE


def test_cleanse_keeps_other_names_and_masks_inside_containers() -> None:
    assert debug.cleanse("DEBUG", True) is True
    assert debug.cleanse("X", [{"password": "p", "user": "u"}]) == [
        {"password": debug.CLEANSED_SUBSTITUTE, "user": "u"}
    ]


def test_request_data_is_shown_and_escaped() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["flavour"] = "<b>choc</b>"
    response = client.post(
        "/boom/?q=%3Cscript%3Ealert(1)%3C/script%3E%1B[31m",
        {"field": "<img src=x onerror=alert(2)>", "password": "hunter2-do-not-show"},
        HTTP_X_CUSTOM="head\u202eer",
        HTTP_AUTHORIZATION="Bearer abc-do-not-show",
    )
    page = response.content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "\x1b" not in page and "\\x1b" in page  # control characters shown as escapes
    assert "\u202e" not in page and "\\u202e" in page
    assert "&lt;b&gt;choc&lt;/b&gt;" in page
    assert "HTTP_X_CUSTOM" in page
    assert "hunter2-do-not-show" not in page and "abc-do-not-show" not in page


def test_files_are_listed_by_name_and_type() -> None:
    from io import BytesIO

    upload = BytesIO(b"hello world")
    upload.name = "notes<1>.txt"
    page = Client(raise_request_exception=False).post("/boom/", {"doc": upload}).content.decode()
    row = '<td>doc</td><td class="code"><pre>&lt;InMemoryUploadedFile: notes&lt;1&gt;.txt'
    assert f"{row} (text/plain)&gt;</pre>" in page


def test_copy_paste_text_version_in_a_textarea() -> None:
    page = get("/boom/").content.decode()
    match = re.search(r'<textarea id="traceback-text" readonly>(.*?)</textarea>', page, re.S)
    assert match
    text = unescape(match.group(1))
    assert text.lstrip().startswith("ValueError at /boom/")
    assert "Traceback (most recent call last):" in text
    assert 'in boom\n    raise ValueError(f"it broke' in text
    # The exception line closes the traceback; the request and settings follow it.
    traceback_part = text[: text.index("Request information:")]
    assert traceback_part.rstrip().endswith("None")


def test_chained_exceptions_are_all_shown() -> None:
    page = get("/chained/").content.decode()
    assert "KeyError" in page and "lookup failed" in page
    assert "The above exception was the direct cause of the following exception" in page


def test_json_when_accept_prefers_it() -> None:
    response = get("/boom/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)["error"]
    assert error["exception_type"] == "ValueError"
    frames = error["exceptions"][-1]["frames"]
    assert frames[-1]["function"] == "boom"
    assert any(name == "secret_local" for name, _ in frames[-1]["locals"])
    assert "tok-123-do-not-show" not in response.content.decode()
    assert dict(map(tuple, error["settings"]))["API_TOKEN"] == repr(debug.CLEANSED_SUBSTITUTE)


def test_html_wins_when_accept_prefers_html() -> None:
    response = get("/boom/", HTTP_ACCEPT="text/html,application/json;q=0.9")
    assert response["Content-Type"].startswith("text/html")


def test_template_debug_is_shown() -> None:
    page = get("/template/").content.decode()
    assert 'id="template-debug"' in page
    assert "page.html" in page and "line 2" in page
    assert "&lt;p&gt;{{ oops }}}&lt;/p&gt;" in page


def test_a_failure_while_building_the_page_falls_back_to_the_plain_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("report builder bug")

    monkeypatch.setattr(debug, "build_report", broken)
    response = get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "ValueError: it broke" in page and "report builder bug" in page


def test_status_code_is_kept_for_400_pages() -> None:
    from scallion.core.exceptions import SuspiciousOperation
    from scallion.test import RequestFactory

    request = RequestFactory().get("/x/?a=<b>")
    try:
        raise SuspiciousOperation("odd <input>")
    except SuspiciousOperation as exc:
        response = debug.technical_500_response(request, type(exc), exc, exc.__traceback__, 400)
    assert response.status_code == 400
    assert "odd &lt;input&gt;" in response.content.decode()


def test_without_a_request_the_report_still_builds() -> None:
    try:
        raise KeyError("k")
    except KeyError as exc:
        report = debug.build_report(None, type(exc), exc, exc.__traceback__)
    assert report["request"] is None and report["exception_type"] == "KeyError"


# What is secret, and only that -----------------------------------------------------


def test_session_and_csrf_cookies_are_masked_other_cookies_shown() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "session-value-do-not-show"
    client.cookies["csrftoken"] = "csrf-value-do-not-show-0123456789ab"
    client.cookies["flavour"] = "vanilla-is-shown"
    for accept in ("text/html", "application/json"):
        page = client.get("/boom/", HTTP_ACCEPT=accept).content.decode()
        assert "session-value-do-not-show" not in page
        assert "csrf-value-do-not-show" not in page
        assert "vanilla-is-shown" in page


def test_cookie_named_by_session_cookie_name_is_masked() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["app_sess"] = "renamed-session-do-not-show"
    with override_settings(SESSION_COOKIE_NAME="app_sess"):
        page = client.get("/boom/").content.decode()
    assert "renamed-session-do-not-show" not in page


@pytest.mark.parametrize(
    "name",
    ["SESSION_COOKIE_AGE", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"],
)
def test_harmless_cookie_settings_are_shown(name: str) -> None:
    from scallion.conf import settings

    error = json.loads(get("/boom/", HTTP_ACCEPT="application/json").content)["error"]
    assert dict(map(tuple, error["settings"]))[name] == repr(getattr(settings, name))
    assert debug.cleanse(name, "value") == "value"


def test_passwords_in_url_valued_settings_are_masked() -> None:
    with override_settings(
        CACHE_URL="redis://:redis-pw-do-not-show@cache.local:6379/0",
        DATABASE_URL="postgres://app:db-pw-do-not-show@db.local/app",
        CACHES={"default": {"LOCATION": "redis://user:nested-url-pw@cache.local/1"}},
    ):
        page = get("/boom/").content.decode()
    for leaked in ("redis-pw-do-not-show", "db-pw-do-not-show", "nested-url-pw"):
        assert leaked not in page
    # The rest of the URL is what a developer needs to see.
    assert "cache.local:6379/0" in page and "postgres://app:" in page and "db.local/app" in page


def test_secret_key_in_a_signing_frame_is_masked() -> None:
    from tests.conftest import TEST_SETTINGS

    for accept in ("text/html", "application/json"):
        response = get("/signing/", HTTP_ACCEPT=accept)
        assert response.status_code == 500
        page = response.content.decode()
        assert "InvalidAlgorithm" in page
        assert TEST_SETTINGS["SECRET_KEY"] not in page
    error = json.loads(response.content)["error"]
    frames = error["exceptions"][-1]["frames"]
    crypto = next(f for f in frames if f["module"] == "scallion.utils.crypto")
    assert crypto["locals"] and {value for _, value in crypto["locals"]} == {
        debug.CLEANSED_SUBSTITUTE
    }
    # The view's own frame keeps its locals.
    view = next(f for f in frames if f["function"] == "signing_boom")
    assert [name for name, _ in view["locals"]] == ["request"]
    assert view["locals"][0][1] != debug.CLEANSED_SUBSTITUTE


def test_secrets_held_by_locals_of_any_frame_are_masked() -> None:
    from tests.conftest import TEST_SETTINGS

    with override_settings(CACHE_URL="redis://:local-url-pw@cache.local/0"):
        response = get("/key-in-local/", HTTP_ACCEPT="application/json")
    page = response.content.decode()
    assert TEST_SETTINGS["SECRET_KEY"] not in page and "local-url-pw" not in page
    frame = json.loads(page)["error"]["exceptions"][-1]["frames"][-1]
    shown = dict(map(tuple, frame["locals"]))
    assert shown["key"] == debug.CLEANSED_SUBSTITUTE
    assert shown["cache_url"] == repr(f"redis://:{debug.CLEANSED_SUBSTITUTE}@cache.local/0")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000 + "://" + "b" * 200_000 + "@",
        "://" * 100_000 + "@",
        "://:" * 100_000,
        "x://" + ":" * 200_000 + "@",
    ],
)
def test_url_password_masking_is_linear(text: str) -> None:
    import time

    start = time.process_time()  # CPU seconds: a loaded machine does not count
    debug.mask_url_passwords(text)
    assert time.process_time() - start < 0.5


def raised_at(page: str) -> tuple[str, str]:
    found = re.search(r'id="raised-at">([^<]*)<', page)
    inside = re.search(r'id="raised-inside">([^<]*)<', page)
    assert found is not None, "no 'Raised at' row"
    return unescape(found[1]), unescape(inside[1]) if inside else ""


def test_raised_at_is_the_view_when_the_view_returned_nothing() -> None:
    page = get("/returns-nothing/").content.decode()
    assert "didn&#x27;t return an HttpResponse object" in page
    location, inside = raised_at(page)
    assert location.startswith(str(Path(urls.__file__)))
    assert location.endswith("in returns_nothing (the view)")
    assert "scallion/core/handlers/base.py" in inside and inside.endswith("in check_response")


def test_raised_at_is_the_template_line_that_called_url() -> None:
    with override_settings(TEMPLATES=[{"BACKEND": "scallion.template.backends.jinja2.Jinja2"}]):
        page = get("/bad-link/").content.decode()
    assert "NoReverseMatch" in page
    location, inside = raised_at(page)
    assert location.endswith(", line 2, in top-level template code"), location
    assert "scallion/urls/" in inside


def test_raised_at_is_the_views_line_when_the_standard_library_raised() -> None:
    page = get("/bad-json/").content.decode()
    location, inside = raised_at(page)
    line = next(
        number
        for number, text in enumerate(Path(urls.__file__).read_text().splitlines(), start=1)
        if 'json.loads("{not json")' in text
    )
    assert location == f"{urls.__file__}, line {line}, in bad_json"
    assert "json" in inside and inside.split(",")[0].endswith("decoder.py")


def test_raised_at_is_the_raising_line_of_a_view() -> None:
    location, inside = raised_at(get("/boom/").content.decode())
    assert location.startswith(f"{urls.__file__}, line ") and location.endswith("in boom")
    assert inside == ""


def test_runs_of_library_frames_fold_into_one_line() -> None:
    page = get("/bad-json/").content.decode()  # the view, then json's own frames
    runs = re.findall(r'<details class="library-run"><summary>(\d+) frames of', page)
    assert runs and all(int(count) >= 2 for count in runs)
    # The view's frame is open; the innermost frame stands alone and open too, though
    # it is the standard library's: it is where the exception was raised.
    assert '<details class="frame user" open>' in page
    last = page.rindex('<details class="frame')
    assert page[last : page.index(">", last)].endswith(" open")
    assert "decoder.py" in page[last : page.index("</summary>", last)]
    report = debug.build_report(None, ValueError, ValueError("x"), None)
    assert report["exceptions"][0]["runs"] == []


def test_a_message_marked_safe_is_still_escaped() -> None:
    import sys

    from markupsafe import Markup

    from scallion.test import RequestFactory
    from scallion.utils.safestring import mark_safe

    for marked in (mark_safe("<script>alert(1);</script>"), Markup("<script>alert(1);</script>")):
        try:
            raise ValueError(marked)
        except ValueError:
            response = debug.technical_500_response(RequestFactory().get("/"), *sys.exc_info())
        page = response.content.decode()
        assert "<script>alert(1);</script>" not in page
        assert "&lt;script&gt;alert(1);&lt;/script&gt;" in page
    assert type(debug.visible(mark_safe("<b>"))) is str


def _failed_import(path: Path) -> BaseException:
    """Import ``path`` as a module; the exception it raised (its traceback starts here)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("project_settings", path)
    assert spec is not None and spec.loader is not None
    try:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except Exception as exc:
        return exc
    raise AssertionError("the module did not fail")


def test_startup_failure_page_masks_a_failed_settings_modules_secrets(tmp_path: Path) -> None:
    import secrets

    # A settings module that raises at import: its frame's locals are its globals.
    key, password, token = (secrets.token_hex(12) for _ in range(3))
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(
        f"SECRET_KEY = {key!r}\n"
        f"DATABASE_URL = 'postgres://app:{password}@db/app'\n"
        f"API_TOKEN = {token!r}\n"
        "SESSION_COOKIE_AGE = 1209600\n"
        "raise RuntimeError('settings broke')\n"
    )
    page = debug.startup_failure_html(_failed_import(settings_file), debug=False)
    assert "settings broke" in page

    def local(name: str) -> str:
        found = re.search(rf'<tr><td>{name}</td><td class="code"><pre>(.*?)</pre>', page)
        assert found, f"no local {name}"
        return unescape(found.group(1))

    # The page quotes the failing file's lines (as Django does); its globals,
    # shown as the frame's locals, are masked like settings.
    assert local("SECRET_KEY") == local("API_TOKEN") == debug.CLEANSED_SUBSTITUTE
    assert local("DATABASE_URL") == f"'postgres://app:{debug.CLEANSED_SUBSTITUTE}@db/app'"
    assert local("SESSION_COOKIE_AGE") == "1209600"
    assert key not in local("SECRET_KEY") and password not in local("DATABASE_URL")
    assert token not in local("API_TOKEN")
