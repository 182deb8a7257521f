"""Django's reporter API in scallion.views.debug: the filter, ExceptionReporter, the settings."""

from __future__ import annotations

import sys
import warnings

import pytest

from scallion.test import RequestFactory, override_settings
from scallion.views import debug
from scallion.views.debug_filter import CallableSettingWrapper, SafeExceptionReporterFilter
from tests.debug import sensitive_views


def _exc_info(func, *args):  # type: ignore[no-untyped-def]
    try:
        func(*args)
    except Exception:
        return sys.exc_info()
    raise AssertionError("did not raise")


def test_cleanse_setting_masks_secret_names_inside_containers() -> None:
    f = SafeExceptionReporterFilter()
    assert f.cleanse_setting("SECRET_KEY", "x") == f.cleansed_substitute
    assert f.cleanse_setting("HTTP_COOKIE", "a=b") == f.cleansed_substitute
    nested = f.cleanse_setting("DATABASES", {"default": {"PASSWORD": "pw", "HOST": "h"}})
    assert nested == {"default": {"PASSWORD": f.cleansed_substitute, "HOST": "h"}}
    assert f.cleanse_setting("LIST", [{"TOKEN": "t"}]) == [{"TOKEN": f.cleansed_substitute}]
    assert f.cleanse_setting(1, "not a name") == "not a name"
    with override_settings(SESSION_COOKIE_NAME="sid"):
        assert f.cleanse_setting("sid", "session-key") == f.cleansed_substitute


def test_a_callable_setting_is_shown_never_called() -> None:
    calls = []

    def setting() -> None:
        calls.append(1)

    wrapped = SafeExceptionReporterFilter().cleanse_setting("CALLBACK", setting)
    assert isinstance(wrapped, CallableSettingWrapper)
    assert repr(wrapped) == repr(setting)
    assert calls == []


def test_safe_settings_meta_and_cookies() -> None:
    f = SafeExceptionReporterFilter()
    with override_settings(MY_API_KEY="abc"):
        assert f.get_safe_settings()["MY_API_KEY"] == f.cleansed_substitute
    request = RequestFactory().get("/", HTTP_AUTHORIZATION="Bearer t", HTTP_X_SHOWN="yes")
    meta = f.get_safe_request_meta(request)
    assert meta["HTTP_AUTHORIZATION"] == f.cleansed_substitute
    assert meta["HTTP_X_SHOWN"] == "yes"
    assert f.get_safe_request_meta(object()) == {}
    assert f.get_safe_cookies(object()) == {}


@pytest.mark.parametrize(("debug_on", "masked"), [(False, True), (True, False)])
def test_marks_apply_when_debug_is_off_as_in_django(debug_on: bool, masked: bool) -> None:
    f = SafeExceptionReporterFilter()
    request = RequestFactory().post("/", {"password": "pw", "user": "u"})
    request.sensitive_post_parameters = ("password",)  # type: ignore[attr-defined]
    exc_type, exc, tb = _exc_info(sensitive_views.charge, "jacob", "card-secret")
    frame = debug.ExceptionReporter(request, exc_type, exc, tb).tb
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    assert frame is not None
    with override_settings(DEBUG=debug_on):
        post = f.get_post_parameters(request)
        variables = dict(f.get_traceback_frame_variables(request, frame.tb_frame))
    assert (post["password"] == f.cleansed_substitute) is masked
    assert post["user"] == "u"
    assert (variables["card"] == f.cleansed_substitute) is masked
    assert variables["amount"] == "visible-amount"


def test_the_wrapper_frame_hides_the_arguments_always() -> None:
    exc_type, exc, tb = _exc_info(sensitive_views.charge, "jacob", "card-secret")
    reporter = debug.ExceptionReporter(None, exc_type, exc, tb)
    with override_settings(DEBUG=True):
        frames = reporter.get_traceback_frames()
    wrapper = next(f for f in frames if f["function"] == "sensitive_variables_wrapper")
    shown = dict(wrapper["vars"])
    assert shown["func_args"] == shown["func_kwargs"] == reporter.filter.cleansed_substitute


def test_reporter_data_has_djangos_keys() -> None:
    request = RequestFactory().get("/where/?q=1")
    exc_type, exc, tb = _exc_info(sensitive_views.charge, "jacob", "card-secret")
    data = debug.ExceptionReporter(request, exc_type, exc, tb).get_traceback_data()
    assert data["exception_type"] == "ValueError"
    assert str(data["exception_value"]).startswith("declined")
    assert data["lastframe"]["function"] == "charge"
    assert data["lastframe"]["context_line"].strip().startswith("raise ValueError")
    assert data["request_insecure_uri"] == "http://testserver/where/?q=1"
    assert data["sys_executable"] == sys.executable
    assert dict(data["request_GET_items"]) == {"q": "1"}
    for key in ("settings", "request_meta", "filtered_POST_items", "django_version_info"):
        assert key in data


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", None])
def test_reporter_data_of_a_request_whose_body_was_cut_short(content_type: str | None) -> None:
    from tests.http._request_body import BodyRequest

    kwargs = {"content_type": content_type} if content_type else {}
    request = BodyRequest(b"a=1", content_length=50, **kwargs)
    request.path = "/form/"
    exc_type, exc, tb = _exc_info(lambda: request.POST)
    reporter = debug.ExceptionReporter(request, exc_type, exc, tb)
    data = reporter.get_traceback_data()  # reads POST and FILES again, which raise
    for key in ("filtered_POST_items", "request_FILES_items"):
        [(name, reason)] = data[key]
        assert name == "<unreadable body>" and "Content-Length" in reason
    assert "&lt;unreadable body&gt;" in reporter.get_traceback_html()


def test_reporter_html_and_text_are_scallions_pages() -> None:
    exc_type, exc, tb = _exc_info(sensitive_views.charge, "jacob", "card-secret")
    reporter = debug.ExceptionReporter(RequestFactory().get("/"), exc_type, exc, tb)
    assert "<h1>ValueError" in reporter.get_traceback_html()
    text = reporter.get_traceback_text()
    assert "ValueError" in text and "<html" not in text


def test_a_subclass_template_is_rendered_with_the_django_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "report.txt"
    template.write_text("{{ exception_type }}: {{ exception_value }}", encoding="utf-8")

    class Mine(debug.ExceptionReporter):
        text_template_path = template  # type: ignore[assignment]

    exc_type, exc, tb = _exc_info(sensitive_views.everything_secret, "tok")
    assert Mine(None, exc_type, exc, tb).get_traceback_text() == (
        "ValueError: failed after 3 characters"
    )


def test_a_cycle_in_the_causes_warns_and_stops() -> None:
    first = ValueError("first")
    second = RuntimeError("second")
    first.__cause__ = second
    second.__cause__ = first
    reporter = debug.ExceptionReporter(None, ValueError, first, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frames = reporter.get_traceback_frames()
    assert any(issubclass(w.category, debug.ExceptionCycleWarning) for w in caught)
    assert len(frames) == 2  # one frameless entry per exception


def test_reporter_class_and_filter_come_from_the_settings_or_the_request() -> None:
    request = RequestFactory().get("/")
    assert debug.get_exception_reporter_class(request) is debug.ExceptionReporter
    assert isinstance(
        debug.get_exception_reporter_filter(request), debug.SafeExceptionReporterFilter
    )

    class Mine(debug.ExceptionReporter):
        pass

    request.exception_reporter_class = Mine  # type: ignore[attr-defined]
    assert debug.get_exception_reporter_class(request) is Mine
    own_filter = SafeExceptionReporterFilter()
    request.exception_reporter_filter = own_filter  # type: ignore[attr-defined]
    assert debug.get_exception_reporter_filter(request) is own_filter


def test_frames_without_source_say_so() -> None:
    namespace: dict[str, object] = {}
    source = "def generated_func():\n    raise ValueError('x')\ngenerated_func()"
    code = compile(source, "gen", "exec")
    exc_type, exc, tb = _exc_info(exec, code, namespace)
    last = debug.ExceptionReporter(None, exc_type, exc, tb).get_traceback_frames()[-1]
    assert last["context_line"] == "<source code not available>"
    assert (last["filename"], last["function"], last["lineno"]) == ("gen", "generated_func", 2)


def test_a_message_instead_of_an_exception_is_reported() -> None:
    reporter = debug.ExceptionReporter(RequestFactory().get("/x/"), None, "a teapot", None)
    assert "a teapot" in reporter.get_traceback_html()
    assert "Report at /x/" in reporter.get_traceback_text()


@override_settings(DEBUG=True, ROOT_URLCONF="tests.debug.urls")
def test_a_projects_reporter_class_writes_the_500_page() -> None:
    from scallion.test import Client

    class Mine(debug.ExceptionReporter):
        def get_traceback_html(self) -> str:
            return "my own page"

        def get_traceback_text(self) -> str:
            return "my own text"

    with override_settings(DEFAULT_EXCEPTION_REPORTER=f"{__name__}.MINE"):
        globals()["MINE"] = Mine
        try:
            client = Client(raise_request_exception=False)
            html = client.get("/boom/")
            text = client.get("/boom/", HTTP_ACCEPT="text/plain")
        finally:
            del globals()["MINE"]
    assert html.status_code == 500 and html.content == b"my own page"
    assert text.content == b"my own text"
    assert text["Content-Type"] == "text/plain; charset=utf-8"
