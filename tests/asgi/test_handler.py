"""ASGIHandler over the strict harness: responses, bodies, HEAD, errors, signals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scallion.core import signals
from scallion.core.handlers.asgi import ASGIHandler
from scallion.test import override_settings
from tests.asgi.conftest import run
from tests.asgi.validator import ASGIViolation, http_scope, run_http


def get(app: ASGIHandler, path: str, **kwargs: Any) -> Any:
    return run(run_http(app, http_scope(path, **kwargs)))


def test_sync_view(app: ASGIHandler) -> None:
    result = get(app, "/hello/")
    assert result.status == 200
    assert result.body == b"Hello, World!"
    assert result.header("content-type") == "text/plain"
    assert result.header("content-length") == "13"


def test_async_view(app: ASGIHandler) -> None:
    result = get(app, "/ahello/")
    assert (result.status, result.body) == (200, b"Hello, async!")


def test_async_view_runs_on_the_event_loop_thread_and_sync_view_elsewhere(
    app: ASGIHandler,
) -> None:
    import threading

    main = threading.current_thread().name
    assert get(app, "/athread/").body.decode() == main
    assert get(app, "/thread/").body.decode() != main


def test_header_names_are_lower_cased_bytes_and_cookies_one_per_header(app: ASGIHandler) -> None:
    result = get(app, "/cookie/")
    assert result.header_list("set-cookie") == ["a=1; Path=/", "b=2; HttpOnly; Path=/"]


def test_404_and_500(app: ASGIHandler) -> None:
    assert get(app, "/missing/").status == 404
    assert get(app, "/404/").status == 404
    assert get(app, "/boom/").status == 500
    assert get(app, "/aboom/").status == 500


def test_redirect(app: ASGIHandler) -> None:
    result = get(app, "/redirect/")
    assert result.status == 302
    assert result.header("location") == "/hello/"


def test_head_sends_headers_without_body(app: ASGIHandler) -> None:
    result = get(app, "/hello/", method="HEAD")
    assert result.status == 200
    assert result.body == b""
    assert result.header("content-length") == "13"


def test_head_of_streaming_response_sends_no_body_and_closes_response(app: ASGIHandler) -> None:
    finished: list[object] = []

    def on_finished(sender: Any, **kwargs: Any) -> None:
        finished.append(sender)

    signals.request_finished.connect(on_finished)
    try:
        result = get(app, "/stream/", method="HEAD")
    finally:
        signals.request_finished.disconnect(on_finished)
    assert result.body == b""
    assert finished == [ASGIHandler]


def test_large_body_goes_out_in_chunks(app: ASGIHandler) -> None:
    result = get(app, "/big/")
    assert result.body == b"b" * 200_000
    assert len(result.chunks) == 4


def test_file_response_is_chunked(app: ASGIHandler) -> None:
    result = get(app, "/file/")
    assert result.body == b"x" * 200_000
    assert len(result.chunks) > 1
    assert result.header("content-length") == "200000"


def test_invalid_utf8_path_is_400_before_middleware(app: ASGIHandler) -> None:
    with override_settings(MIDDLEWARE=["tests.asgi.middleware.Exploding"]):
        handler = ASGIHandler()
    # What uvicorn passes for /%FF: the replacement character, and the raw bytes.
    scope = http_scope("/\ufffd/", raw_path=b"/%FF/")
    result = run(run_http(handler, scope))
    assert result.status == 400


def test_legit_replacement_character_in_path_is_accepted(app: ASGIHandler) -> None:
    scope = http_scope("/\ufffd/", raw_path=b"/%EF%BF%BD/")
    assert run(run_http(app, scope)).status == 404


def test_surrogate_escaped_path_is_400(app: ASGIHandler) -> None:
    scope = http_scope("/\udcff/", raw_path=b"/%FF/")
    assert run(run_http(app, scope)).status == 400


def test_signals_are_sent(app: ASGIHandler) -> None:
    seen: list[tuple[str, Any]] = []

    def started(sender: Any, **kwargs: Any) -> None:
        seen.append(("started", kwargs.get("scope", {}).get("path")))

    def finished(sender: Any, **kwargs: Any) -> None:
        seen.append(("finished", sender))

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        get(app, "/hello/")
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert seen == [("started", "/hello/"), ("finished", ASGIHandler)]


def test_unknown_scope_type_is_named() -> None:
    handler = ASGIHandler()

    async def go() -> None:
        await handler({"type": "carrier-pigeon"}, None, None)  # type: ignore[arg-type]

    with pytest.raises(ValueError, match="carrier-pigeon"):
        run(go())


def test_validator_rejects_out_of_spec_messages() -> None:
    async def bad_app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"X-Up", b"1")]})

    with pytest.raises(ASGIViolation, match="lower-cased"):
        run(run_http(bad_app, http_scope()))

    async def incomplete(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200})

    with pytest.raises(ASGIViolation, match="incomplete"):
        run(run_http(incomplete, http_scope()))

    async def str_body(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": "text"})

    with pytest.raises(ASGIViolation, match="bytes"):
        run(run_http(str_body, http_scope()))


def test_json_body(app: ASGIHandler) -> None:
    body = json.dumps({"a": [1, 2]}).encode()
    scope = http_scope(
        "/json/",
        method="POST",
        headers=[(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))],
    )
    result = run(run_http(app, scope, [body[:5], body[5:]]))
    assert json.loads(result.body) == {"got": {"a": [1, 2]}}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_a_body_sent_without_content_length_is_read(app: ASGIHandler, method: str) -> None:
    """No Content-Length, no chunked framing (HTTP/2 may do this; so do test harnesses):
    the messages are read anyway, as Django reads them, and no byte is dropped."""
    scope = http_scope("/echo/", method=method)
    assert run(run_http(app, scope, [b"Ec", b"ho!"])).body == b"Echo!"


def test_a_get_without_framing_is_answered_without_waiting_for_a_body(app: ASGIHandler) -> None:
    assert get(app, "/echo/").body == b""


def test_an_unknown_scope_type_names_the_types_served() -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("nothing is sent")

    with pytest.raises(ValueError) as raised:
        run(ASGIHandler()({"type": "other"}, receive, send))
    assert str(raised.value) == (
        "scallion can only handle ASGI/HTTP, ASGI/WebSocket and ASGI lifespan "
        "connections, not other."
    )
