"""Smoke tests of every showcase page through the test client (middleware included)."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO

import pytest

from scallion.test import Client, override_settings


def test_home(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Welcome to the scallion showcase" in body  # the context processor's value
    assert 'href="/api/items/1/"' in body  # url() with kwargs
    assert "/static/showcase/site.css" in body
    assert response["Server-Timing"].startswith("app;dur=")  # the custom middleware
    assert response["X-Frame-Options"] == "DENY"


def test_contact_form_errors_and_success(client: Client) -> None:
    response = client.post("/contact/", {"name": "", "email": "nope", "message": "short"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please tell us your name." in body
    assert "Enter a valid email address." in body
    assert 'value="nope"' in body  # the input is shown again

    response = client.post(
        "/contact/",
        {"name": "Ada", "email": "ada@example.com", "message": "Hello there, scallion!"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Thanks, Ada! Message received." in response.content.decode()


def test_contact_form_escapes_input(client: Client) -> None:
    response = client.post("/contact/", {"name": "<script>x</script>", "email": "", "message": ""})
    assert "<script>x</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_csrf_token_round_trip(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/contact/", {"name": "x"}).status_code == 403
    page = strict.get("/contact/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = strict.post(
        "/contact/", {"csrfmiddlewaretoken": token.group(1), "name": "", "email": "", "message": ""}
    )
    assert response.status_code == 400  # past CSRF, stopped by validation


def test_upload(client: Client) -> None:
    upload = BytesIO(b"hello scallion")
    upload.name = "hello.txt"
    response = client.post("/upload/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "hello.txt" in body
    assert "14 bytes" in body
    assert hashlib.sha256(b"hello scallion").hexdigest() in body


def test_upload_without_a_file(client: Client) -> None:
    response = client.post("/upload/", {})
    assert "Choose a file to upload." in response.content.decode()


def test_session_counter_and_messages(client: Client) -> None:
    for expected in (1, 2):
        response = client.post("/counter/", follow=True)
        body = response.content.decode()
        assert f'<strong id="count">{expected}</strong>' in body
        assert f"Counted {expected}." in body
    response = client.post("/counter/", {"reset": "1"}, follow=True)
    assert '<strong id="count">0</strong>' in response.content.decode()
    assert "Counter reset." in response.content.decode()


def test_class_based_view(client: Client) -> None:
    response = client.get("/about/")
    assert response.status_code == 200
    assert "showcase.middleware.ServerTimingMiddleware" in response.content.decode()
    not_allowed = client.post("/about/")
    assert not_allowed.status_code == 405
    assert "GET" in not_allowed["Allow"]


def test_json_api(client: Client) -> None:
    assert client.get("/api/items/").json()["items"][0]["name"] == "Scallion"
    assert client.get("/api/items/2/").json() == {"id": 2, "name": "Leek", "price": 3}
    created = client.post(
        "/api/items/", {"name": "Chive", "price": 1.5}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["name"] == "Chive"
    bad = client.post("/api/items/", "{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"error": "The body is not valid JSON."}
    negative = client.post(
        "/api/items/", {"name": "x", "price": -1}, content_type="application/json"
    )
    assert negative.status_code == 400


def test_streaming(client: Client) -> None:
    response = client.get("/stream/?n=3")
    assert response.streaming
    assert b"".join(response.streaming_content) == b"line 1 of 3\nline 2 of 3\nline 3 of 3\n"


@pytest.mark.parametrize("debug", [True, False])
def test_error_pages(client: Client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        missing = client.get("/api/items/99/")
        assert missing.status_code == 404
        client.raise_request_exception = False
        failing = client.get("/boom/")
        assert failing.status_code == 500
    if not debug:
        assert "Page not found" in missing.content.decode()  # handler404's template
        assert "Something went wrong" in failing.content.decode()  # templates/500.html
        assert "fails on purpose" not in failing.content.decode()


def test_trace_panel_draws_the_showcase_onion(client: Client) -> None:
    """DEBUG and TRACE_REQUESTS are on in the showcase: its pages carry the onion panel."""
    from showcase import settings as showcase_settings

    body = client.get("/").content.decode()
    assert 'id="scallion-trace"' in body
    layers = re.findall(r'data-kind="middleware"[^>]*data-name="([^"]+)"', body)
    assert layers == showcase_settings.MIDDLEWARE
    listing = client.get("/__scallion__/requests/")
    assert listing.status_code == 200
    assert "/" in listing.content.decode()


def test_live_page_and_clock(client: Client) -> None:
    response = client.get("/live/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="chat-log"' in body and "new EventSource" in body
    clock = client.get("/live/clock/?fast=1", headers={"Last-Event-ID": "41"})
    assert clock["Content-Type"] == "text/event-stream"
    first, second = clock.iter_events(limit=2)
    assert (first.event, first.id, first.json()["n"]) == ("tick", "42", 42)
    assert second.json()["n"] == 43


def test_live_chat_consumer_in_process(client: Client) -> None:
    import asyncio

    from scallion.channels.testing import WebsocketCommunicator
    from scallion.core.handlers.asgi import ASGIHandler

    async def scenario() -> list[object]:
        app = ASGIHandler()
        origin = [(b"origin", b"http://testserver")]
        ada = WebsocketCommunicator(app, "/ws/chat/ada/", headers=origin)
        bob = WebsocketCommunicator(app, "/ws/chat/bob/", headers=origin)
        assert (await ada.connect())[0] and (await bob.connect())[0]
        replies: list[object] = [await ada.receive_json_from(), await bob.receive_json_from()]
        await ada.send_json_to({"text": "  hello  "})
        replies += [await ada.receive_json_from(), await bob.receive_json_from()]
        await bob.send_json_to({"text": ""})
        replies.append(await bob.receive_json_from())
        await ada.disconnect()
        await bob.disconnect()
        return replies

    welcome_ada, welcome_bob, *rest = asyncio.run(scenario())
    assert welcome_ada == {"kind": "welcome", "name": "ada"}
    assert welcome_bob == {"kind": "welcome", "name": "bob"}
    assert rest[0] == rest[1] == {"kind": "message", "name": "ada", "text": "hello"}
    assert rest[2]["kind"] == "error"  # type: ignore[index]
