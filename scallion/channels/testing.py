# mypy: allow-untyped-calls
"""Drive a consumer or router in-process, without a server: Channels' communicators.

``WebsocketCommunicator(application, path)`` plays the client::

    communicator = WebsocketCommunicator(ChatConsumer.as_asgi(), "/ws/chat/")
    connected, subprotocol = await communicator.connect()
    await communicator.send_json_to({"message": "hi"})
    assert await communicator.receive_json_from() == {"message": "hi"}
    await communicator.disconnect()

``connect()`` returns ``(True, subprotocol)`` or ``(False, close_code)``. Each
``receive_*`` waits ``timeout`` seconds (1 by default) and raises
``TimeoutError`` when nothing came; ``receive_nothing()`` checks that nothing did.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator

from scallion.channels.consumer import ASGIApp


def _split(path: str) -> tuple[str, bytes]:
    if not isinstance(path, str):
        raise TypeError(f"Expected str, got {type(path)}")
    parsed = urlparse(path)
    return unquote(parsed.path), parsed.query.encode("utf-8")


class WebsocketCommunicator(ApplicationCommunicator):
    """A test client for one WebSocket connection to ``application``."""

    def __init__(
        self,
        application: ASGIApp,
        path: str,
        headers: list[tuple[bytes, bytes]] | None = None,
        subprotocols: list[str] | None = None,
        spec_version: str | None = None,
    ) -> None:
        path_only, query = _split(path)
        self.scope: dict[str, Any] = {
            "type": "websocket",
            "path": path_only,
            "raw_path": path_only.encode("utf-8"),
            "query_string": query,
            "headers": list(headers or []),
            "subprotocols": list(subprotocols or []),
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        if spec_version:
            self.scope["spec_version"] = spec_version
        super().__init__(application, self.scope)
        self.response_headers: list[tuple[bytes, bytes]] | None = None

    async def connect(self, timeout: float = 1) -> tuple[bool, Any]:
        """Open the connection: ``(True, subprotocol)`` or ``(False, close_code)``."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        if response["type"] != "websocket.accept":
            raise AssertionError(f"Expected websocket.accept or websocket.close, got {response}")
        self.response_headers = response.get("headers", [])
        return True, response.get("subprotocol")

    async def send_to(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Send one frame: exactly one of ``text_data`` (str) or ``bytes_data`` (bytes)."""
        if (text_data is None) == (bytes_data is None):
            raise TypeError("You must supply exactly one of text_data or bytes_data")
        if text_data is not None:
            if not isinstance(text_data, str):
                raise TypeError("The text_data argument must be a str")
            await self.send_input({"type": "websocket.receive", "text": text_data})
        else:
            if not isinstance(bytes_data, bytes):
                raise TypeError("The bytes_data argument must be bytes")
            await self.send_input({"type": "websocket.receive", "bytes": bytes_data})

    async def send_json_to(self, data: Any) -> None:
        await self.send_to(text_data=json.dumps(data))

    async def receive_from(self, timeout: float = 1) -> str | bytes:
        """The next frame the application sent (str or bytes); fails on a close."""
        response = await self.receive_output(timeout)
        if response["type"] != "websocket.send":
            raise AssertionError(f"Expected type 'websocket.send', but was {response!r}")
        if ("text" in response) == ("bytes" in response) and not (
            response.get("text") is None or response.get("bytes") is None
        ):
            raise AssertionError("The response needs exactly one of 'text' or 'bytes'")
        text = response.get("text")
        if text is not None:
            if not isinstance(text, str):
                raise AssertionError(f"Text frame payload is not str, it is {type(text)}")
            return text
        data = response.get("bytes")
        if not isinstance(data, bytes):
            raise AssertionError(f"Binary frame payload is not bytes, it is {type(data)}")
        return data

    async def receive_json_from(self, timeout: float = 1) -> Any:
        payload = await self.receive_from(timeout)
        if not isinstance(payload, str):
            raise AssertionError(f"JSON data is not a text frame, it is {type(payload)}")
        return json.loads(payload)

    async def receive_close(self, timeout: float = 1) -> int:
        """Wait for the application to close the connection; returns the close code."""
        response = await self.receive_output(timeout)
        if response["type"] != "websocket.close":
            raise AssertionError(f"Expected type 'websocket.close', but was {response!r}")
        return int(response.get("code", 1000))

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        """Close from the client side and wait for the application to finish."""
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


class HttpCommunicator(ApplicationCommunicator):
    """A test client for one HTTP request to an ASGI ``application``."""

    def __init__(
        self,
        application: ASGIApp,
        method: str,
        path: str,
        body: bytes = b"",
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        path_only, query = _split(path)
        self.scope: dict[str, Any] = {
            "type": "http",
            "http_version": "1.1",
            "method": method.upper(),
            "path": path_only,
            "raw_path": path_only.encode("utf-8"),
            "query_string": query,
            "headers": list(headers or []),
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        if not isinstance(body, bytes):
            raise TypeError(f"body must be bytes, not {type(body).__name__}")
        self.body = body
        self.sent_request = False
        super().__init__(application, self.scope)

    async def get_response(self, timeout: float = 1) -> dict[str, Any]:
        """The whole response: ``{"status": ..., "headers": [...], "body": b"..."}``."""
        if not self.sent_request:
            self.sent_request = True
            await self.send_input({"type": "http.request", "body": self.body})
        start = await self.receive_output(timeout)
        if start["type"] != "http.response.start":
            raise AssertionError(f"Expected http.response.start, got {start!r}")
        body = b""
        while True:
            chunk = await self.receive_output(timeout)
            if chunk["type"] != "http.response.body":
                raise AssertionError(f"Expected http.response.body, got {chunk!r}")
            body += chunk.get("body", b"")
            if not chunk.get("more_body", False):
                break
        return {"status": start["status"], "headers": start.get("headers", []), "body": body}


__all__ = ["ApplicationCommunicator", "HttpCommunicator", "WebsocketCommunicator"]
