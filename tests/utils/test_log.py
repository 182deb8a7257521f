"""Logging helpers: control characters escaped, levels by status, default configuration."""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.http import HttpRequest, HttpResponse
from scallion.test import override_settings
from scallion.utils.log import (
    DEFAULT_LOGGING,
    RequireDebugFalse,
    RequireDebugTrue,
    configure_logging,
    escape_control_chars,
    log_response,
)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("/plain/path", "/plain/path"),
        ("/a\nFAKE LOG LINE", "/a\\nFAKE LOG LINE"),
        ("/a\r\n", "/a\\r\\n"),
        ("\t", "\\t"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x00\x7f\x85", "\\x00\\x7f\\x85"),
        ("back\\slash", "back\\\\slash"),
        ("/caf\u00e9/\u2603", "/caf\u00e9/\u2603"),  # printable text kept
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("admin\u202e\u2066txt", "admin\\u202e\\u2066txt"),
        ("zero\u200bwidth\u00a0nbsp", "zero\\u200bwidth\\xa0nbsp"),
        ("\U000e0001", "\\U000e0001"),
    ],
)
def test_escape_control_chars(text: str, escaped: str) -> None:
    assert escape_control_chars(text) == escaped


@given(st.text())
def test_escaped_text_is_one_unambiguous_line(text: str) -> None:
    escaped = escape_control_chars(text)
    assert escaped.splitlines() in ([], [escaped])
    assert escaped.isprintable()
    # Unambiguous: decoding the escapes gives back the original text.
    assert escaped.encode("latin-1", "backslashreplace").decode("unicode_escape") == text


def make_response(status: int) -> HttpResponse:
    return HttpResponse(status=status)


@pytest.mark.parametrize(
    ("status", "level"),
    [(200, logging.INFO), (302, logging.INFO), (404, logging.WARNING), (500, logging.ERROR)],
)
def test_level_by_status(status: int, level: int, caplog: pytest.LogCaptureFixture) -> None:
    request = HttpRequest()
    with caplog.at_level(logging.DEBUG, logger="scallion.request"):
        log_response("%s: %s", "Status", "/p", response=make_response(status), request=request)
    (record,) = caplog.records
    assert record.levelno == level
    assert record.name == "scallion.request"
    assert record.status_code == status  # type: ignore[attr-defined]
    assert record.request is request  # type: ignore[attr-defined]


def test_path_is_escaped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.request"):
        log_response("Not Found: %s", "/x\n[ERROR] forged\x1b[0m", response=make_response(404))
    assert caplog.records[0].getMessage() == "Not Found: /x\\n[ERROR] forged\\x1b[0m"
    assert "\n" not in caplog.text.strip()


def test_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    response = make_response(404)
    with caplog.at_level(logging.WARNING, logger="scallion.request"):
        log_response("first", response=response)
        log_response("second", response=response)
    assert [r.getMessage() for r in caplog.records] == ["first"]
    assert response._has_been_logged


def test_explicit_level_logger_and_exception(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("scallion.security.Test")
    try:
        raise ValueError("boom")
    except ValueError as exc:
        error = exc
    with caplog.at_level(logging.DEBUG, logger="scallion.security"):
        log_response(
            "custom", response=make_response(404), logger=logger, level="error", exception=error
        )
    (record,) = caplog.records
    assert record.name == "scallion.security.Test"
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[1] is error


def test_response_is_required() -> None:
    with pytest.raises(TypeError, match="response="):
        log_response("no response")


def test_debug_filters() -> None:
    record = logging.makeLogRecord({})
    with override_settings(DEBUG=True):
        assert RequireDebugTrue().filter(record)
        assert not RequireDebugFalse().filter(record)
    with override_settings(DEBUG=False):
        assert not RequireDebugTrue().filter(record)
        assert RequireDebugFalse().filter(record)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    names = ["scallion", "scallion.request", "scallion.security", "scallion.server", "project"]
    saved = {
        name: (lg.handlers[:], lg.level, lg.propagate, lg.filters[:], lg.disabled)
        for name in names
        for lg in [logging.getLogger(name)]
    }
    yield
    for name, (handlers, level, propagate, filters, disabled) in saved.items():
        lg = logging.getLogger(name)
        for handler in lg.handlers:
            if handler not in handlers:
                handler.close()
        lg.handlers, lg.level, lg.propagate, lg.filters, lg.disabled = (
            handlers,
            level,
            propagate,
            filters,
            disabled,
        )


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_installs_defaults_then_project_config() -> None:
    project = {
        "version": 1,
        "disable_existing_loggers": False,
        "loggers": {"project": {"level": "DEBUG"}},
    }
    configure_logging("logging.config.dictConfig", project)
    scallion_logger = logging.getLogger("scallion")
    assert {type(h) for h in scallion_logger.handlers} == {logging.StreamHandler}
    assert len(scallion_logger.handlers) == 2
    assert logging.getLogger("scallion.server").propagate is False
    assert logging.getLogger("scallion.request").level == logging.INFO
    assert logging.getLogger("project").level == logging.DEBUG


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_none_leaves_logging_alone() -> None:
    before = logging.getLogger("scallion").handlers[:]
    configure_logging(None, {"version": 1})
    assert logging.getLogger("scallion").handlers == before


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_custom_callable() -> None:
    calls: list[dict[str, object]] = []
    import tests.utils.test_log as this_module

    this_module.record_config = calls.append  # type: ignore[attr-defined]
    try:
        configure_logging("tests.utils.test_log.record_config", {"version": 1, "x": 1})
    finally:
        del this_module.record_config  # type: ignore[attr-defined]
    assert calls == [{"version": 1, "x": 1}]


def test_default_logging_names_the_scallion_loggers() -> None:
    assert set(DEFAULT_LOGGING["loggers"]) == {
        "scallion",
        "scallion.request",
        "scallion.security",
        "scallion.server",
    }


def test_callback_filter() -> None:
    from scallion.utils.log import CallbackFilter

    keep_errors = CallbackFilter(lambda record: record.levelno >= logging.ERROR)
    assert keep_errors.filter(logging.makeLogRecord({"levelno": logging.ERROR}))
    assert not keep_errors.filter(logging.makeLogRecord({"levelno": logging.INFO}))


def test_server_formatter_adds_server_time_and_paints_by_status() -> None:
    from scallion.utils.log import ServerFormatter

    formatter = ServerFormatter("[{server_time}] {message}", style="{")
    record = logging.makeLogRecord({"msg": "GET / 200", "status_code": 200, "created": 0})
    text = formatter.format(record)
    assert text.startswith("[01/Jan/1970 ")
    assert text.endswith("GET / 200")  # not a terminal here: no colour codes
    assert formatter.uses_server_time()
    assert not ServerFormatter("{message}", style="{").uses_server_time()


def test_admin_email_handler_refuses_to_drop_reports_silently() -> None:
    import logging.config

    from scallion.core.exceptions import ImproperlyConfigured

    config = {
        "version": 1,
        "handlers": {"mail_admins": {"class": "scallion.utils.log.AdminEmailHandler"}},
    }
    with pytest.raises(ValueError, match="Unable to configure handler 'mail_admins'") as raised:
        logging.config.dictConfig(config)
    assert isinstance(raised.value.__cause__, ImproperlyConfigured)
    assert "scallion sends no mail" in str(raised.value.__cause__)
