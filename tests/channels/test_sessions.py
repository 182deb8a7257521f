"""Cookies and sessions in the scope (SessionMiddlewareStack)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scallion.channels.generic.http import AsyncHttpConsumer
from scallion.channels.generic.websocket import AsyncJsonWebsocketConsumer
from scallion.channels.sessions import CookieMiddleware, SessionMiddlewareStack
from scallion.channels.testing import HttpCommunicator, WebsocketCommunicator
from scallion.contrib.sessions.backends.file import SessionStore
from scallion.test import override_settings

from .conftest import run


class ShowsSession(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        await self.send_json(
            {"cookies": self.scope["cookies"], "user": self.scope["session"].get("user")}
        )


class SetsSession(AsyncHttpConsumer):
    async def handle(self, body: bytes) -> None:
        self.scope["session"]["user"] = body.decode()
        await self.send_response(200, b"ok", headers=[(b"content-type", b"text/plain")])


def test_websocket_sees_the_session_a_page_set(tmp_path: Path) -> None:
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.file", SESSION_FILE_PATH=str(tmp_path)
    ):
        store = SessionStore()
        store["user"] = "ada"
        store.save()

        async def scenario() -> Any:
            communicator = WebsocketCommunicator(
                SessionMiddlewareStack(ShowsSession.as_asgi()),
                "/",
                headers=[(b"cookie", f"sessionid={store.session_key}; theme=dark".encode())],
            )
            await communicator.connect()
            reply = await communicator.receive_json_from()
            await communicator.disconnect()
            return reply

        reply = run(scenario())
    assert reply == {
        "cookies": {"sessionid": store.session_key, "theme": "dark"},
        "user": "ada",
    }


def test_no_cookie_gives_an_empty_session() -> None:
    async def scenario() -> Any:
        communicator = WebsocketCommunicator(SessionMiddlewareStack(ShowsSession.as_asgi()), "/")
        await communicator.connect()
        reply = await communicator.receive_json_from()
        await communicator.disconnect()
        return reply

    assert run(scenario()) == {"cookies": {}, "user": None}


def test_http_response_saves_a_modified_session_and_sets_its_cookie(tmp_path: Path) -> None:
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.file", SESSION_FILE_PATH=str(tmp_path)
    ):

        async def scenario() -> Any:
            communicator = HttpCommunicator(
                SessionMiddlewareStack(SetsSession.as_asgi()), "POST", "/", body=b"grace"
            )
            return await communicator.get_response()

        response = run(scenario())
        cookies = [v.decode() for k, v in response["headers"] if k == b"set-cookie"]
        assert response["body"] == b"ok" and len(cookies) == 1
        key = cookies[0].split(";")[0].split("=", 1)[1]
        assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
        assert SessionStore(key)["user"] == "grace"


def test_set_and_delete_cookie_on_a_message() -> None:
    message: dict[str, Any] = {"type": "http.response.start"}
    CookieMiddleware.set_cookie(message, "a", "1", max_age=60, secure=True, httponly=True)
    CookieMiddleware.delete_cookie(message, "b")
    first, second = (v.decode() for _, v in message["headers"])
    assert first.startswith("a=1;") and "Max-Age=60" in first and "Secure" in first
    assert second.startswith("b=") and "Max-Age=0" in second
