"""Each exception class becomes the right response, wherever it is raised."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from scallion.core import signals
from scallion.test import Client, override_settings
from tests.edges import Edge


@pytest.fixture(autouse=True)
def urls() -> Iterator[None]:
    with override_settings(ROOT_URLCONF="tests.core.trace_urls"):
        yield


@pytest.mark.parametrize(
    ("path", "status", "title", "message"),
    [
        ("/404/", 404, b"Not Found", b"no such thing"),
        ("/no-such-route/", 404, b"Not Found", None),
        ("/403/", 403, b"403 Forbidden", None),
        ("/400/", 400, b"Bad Request (400)", b"malformed"),
        ("/suspicious/", 400, b"Bad Request (400)", b"weird"),
        ("/toobig/", 413, b"Request Entity Too Large (413)", b"too big"),
        ("/fail/", 500, b"Server Error (500)", b"view failed"),
    ],
)
def test_status_for_exception(
    edge: Edge, path: str, status: int, title: bytes, message: bytes | None
) -> None:
    response = edge.get(path)
    assert response.status_code == status
    assert title in response.content
    # DEBUG is off: no internals in the page (the messages the views raised with).
    assert b"Traceback" not in response.content
    assert b"RuntimeError" not in response.content
    if message is not None:
        assert message not in response.content


def test_413_page_does_not_say_400(edge: Edge) -> None:
    response = edge.get("/toobig/")
    assert response.status_code == 413
    assert b"400" not in response.content
    assert b"Bad Request" not in response.content


def test_413_response_says_request_entity_too_large() -> None:
    response = Client().get("/toobig/")
    assert (response.status_code, response.reason_phrase) == (413, "Request Entity Too Large")
    assert b"400" not in response.content
    assert b"Bad Request" not in response.content


def test_suspicious_operation_is_logged_to_the_security_logger(
    edge: Edge, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scallion.security"):
        edge.get("/suspicious/")
    records = [r for r in caplog.records if r.name == "scallion.security.SuspiciousOperation"]
    assert len(records) == 1
    assert records[0].getMessage() == "weird"


def test_uncaught_exception_is_logged_with_traceback(
    edge: Edge, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="scallion.request"):
        edge.get("/fail/")
    records = [r for r in caplog.records if r.name == "scallion.request"]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is RuntimeError
    assert "/fail/" in records[0].getMessage()


def test_not_found_is_logged_as_warning_once(edge: Edge, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.request"):
        edge.get("/no-such-route/")
    records = [r for r in caplog.records if r.name == "scallion.request"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].getMessage() == "Not Found: /no-such-route/"


def test_logged_path_escapes_control_characters(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scallion.request"):
        Client().get("/no%0d%0aFAKE LOG LINE/")
    message = caplog.records[-1].getMessage()
    assert "\n" not in message and "\r" not in message
    assert "\\r\\nFAKE" in message


def test_got_request_exception_signal_is_sent(edge: Edge) -> None:
    seen = []

    def receiver(sender: object, request: object, **kwargs: object) -> None:
        seen.append(request)

    signals.got_request_exception.connect(receiver)
    try:
        edge.get("/fail/")
    finally:
        signals.got_request_exception.disconnect(receiver)
    assert len(seen) == 1
    assert seen[0].path == "/fail/"  # type: ignore[attr-defined]


def test_a_failing_got_request_exception_receiver_does_not_escape_the_error_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken_receiver(sender: object, **kwargs: object) -> None:
        raise LookupError("receiver broke")

    signals.got_request_exception.connect(broken_receiver)
    try:
        with caplog.at_level(logging.ERROR, logger="scallion.dispatch"):
            response = Client(raise_request_exception=False).get("/fail/")
    finally:
        signals.got_request_exception.disconnect(broken_receiver)
    # The 500 page is still made, and the exception kept is the view's.
    assert response.status_code == 500
    assert b"Server Error (500)" in response.content
    assert isinstance(response.exc_info[1], RuntimeError)
    records = [r for r in caplog.records if r.name == "scallion.dispatch"]
    assert len(records) == 1
    assert "broken_receiver" in records[0].getMessage()
    assert records[0].exc_info is not None
    assert isinstance(records[0].exc_info[1], LookupError)


def test_debug_500_page_shows_the_exception(edge: Edge) -> None:
    with override_settings(DEBUG=True):
        response = edge.get("/fail/")
    assert response.status_code == 500
    assert b"RuntimeError" in response.content
    assert b"view failed" in response.content


def test_debug_404_page_lists_patterns_tried(edge: Edge) -> None:
    with override_settings(DEBUG=True):
        response = edge.get("/missing/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "DEBUG = True" in page
    # Every pattern of tests.core.trace_urls is listed, in URLconf order.
    tried = ["view/", "fail/", "none/", "404/", "403/"]
    positions = [page.find(route) for route in tried]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert "missing/" in page  # the path that was requested


def test_custom_error_handlers_from_the_urlconf(edge: Edge) -> None:
    with override_settings(ROOT_URLCONF="tests.core.handler_urls"):
        client = edge
        assert client.get("/missing/").content == b"custom 404"
        assert client.get("/403/").content == b"custom 403"
        assert client.get("/400/").content == b"custom 400"
        response = client.get("/fail/")
        assert response.status_code == 500
        assert response.content == b"custom 500"


@pytest.mark.parametrize(
    ("urlconf", "path", "header"),
    [
        ("tests.http.http_urls", "/host/", "HTTP_HOST"),  # DisallowedHost, security logger
        ("tests.http.request_body_urls", "/json/", "CONTENT_TYPE"),  # BadRequest naming it
    ],
)
def test_logged_header_values_escape_control_characters(
    caplog: pytest.LogCaptureFixture, urlconf: str, path: str, header: str
) -> None:
    value = "evil\r\nFAKE LOG LINE\x1b[31m\u2028\u202e"
    with override_settings(ROOT_URLCONF=urlconf):
        with caplog.at_level(logging.WARNING):
            response = Client().post(
                path, b"{}", content_type="application/json", **{header: value}
            )
    assert response.status_code == 400
    assert caplog.records
    text = caplog.text  # messages and formatted tracebacks
    for raw in ("\r", "\x1b", "\u2028", "\u202e"):
        assert raw not in text
    assert "FAKE LOG LINE" in text
    assert "\n" not in "".join(r.getMessage() for r in caplog.records)


def test_a_failing_got_request_exception_receiver_still_gets_a_500_through_the_edge(
    edge: Edge,
) -> None:
    def broken_receiver(sender: object, **kwargs: object) -> None:
        raise LookupError("receiver broke")

    signals.got_request_exception.connect(broken_receiver)
    try:
        response = edge.get("/fail/")
    finally:
        signals.got_request_exception.disconnect(broken_receiver)
    assert response.status_code == 500
    assert b"Server Error (500)" in response.content
