"""``AsyncHttpConsumer``: an HTTP endpoint written as a consumer (long polling, streams).

The body is gathered, then ``handle(body)`` answers with ``send_headers()`` and
one or more ``send_body(..., more_body=True)``. New code streams events more
simply with ``scallion.http.EventStreamResponse`` from a plain view.
"""

from __future__ import annotations

from typing import Any

from scallion.channels.consumer import AsyncConsumer, Message
from scallion.channels.exceptions import StopConsumer


class AsyncHttpConsumer(AsyncConsumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body: list[bytes] = []

    async def send_headers(self, *, status: int = 200, headers: Any = None) -> None:
        """Start the response; ``headers`` is a list of (bytes, bytes) pairs or a dict."""
        if headers is None:
            headers = []
        elif isinstance(headers, dict):
            headers = list(headers.items())
        await self.send({"type": "http.response.start", "status": status, "headers": headers})

    async def send_body(self, body: bytes, *, more_body: bool = False) -> None:
        if not isinstance(body, bytes):
            raise TypeError(f"send_body() takes bytes, not {type(body).__name__}.")
        await self.send({"type": "http.response.body", "body": body, "more_body": more_body})

    async def send_response(self, status: int, body: bytes, **kwargs: Any) -> None:
        await self.send_headers(status=status, **kwargs)
        await self.send_body(body)

    async def handle(self, body: bytes) -> None:
        raise NotImplementedError(
            f"{type(self).__qualname__} must define handle(body) to answer the request."
        )

    async def disconnect(self) -> None:
        """Runs when the request is over or the client left; send nothing from here."""

    async def http_request(self, message: Message) -> None:
        if "body" in message:
            self.body.append(message["body"])
        if not message.get("more_body"):
            try:
                await self.handle(b"".join(self.body))
            finally:
                await self.disconnect()
            raise StopConsumer()

    async def http_disconnect(self, message: Message) -> None:
        await self.disconnect()
        raise StopConsumer()


__all__ = ["AsyncHttpConsumer"]
