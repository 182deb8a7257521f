"""The trace of a WebSocket connection: its events, as steps under one trace.

A connection can last hours, so its trace enters the ring when it opens (the
requests page shows it while it is live) and records at most
:data:`MAX_EVENTS` events; later ones are counted, not kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from scallion.core.trace.recorder import Trace, ring

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

MAX_EVENTS = 200
#: The step kind of a WebSocket event (labelled in ``pages.KIND_LABELS``).
KIND = "websocket"


def _describe(message: Message) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    for key in ("code", "reason", "subprotocol"):
        if message.get(key) is not None:
            detail[key] = message[key]
    if message.get("text") is not None:
        detail["text_bytes"] = len(message["text"].encode("utf-8", "surrogatepass"))
    elif message.get("bytes") is not None:
        detail["bytes"] = len(message["bytes"])
    return detail


class _Recorder:
    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.kept = 0
        self.more = 0

    def record(self, direction: str, message: Message) -> None:
        if self.kept >= MAX_EVENTS:
            self.more += 1
            return
        self.kept += 1
        self.trace.event(KIND, f"{direction} {message.get('type', '?')}", **_describe(message))
        if message.get("type") in ("websocket.close", "websocket.disconnect"):
            self.trace.status = int(message.get("code", 1000))


def traced(application: ASGIApp) -> ASGIApp:
    """``application`` with each message in and out of a connection recorded."""

    async def recording(scope: Scope, receive: Any, send: Any) -> None:
        trace = Trace("WEBSOCKET", str(scope.get("path", "?")))
        recorder = _Recorder(trace)
        ring.add(trace)

        async def traced_receive() -> Message:
            message: Message = await receive()
            recorder.record("in", message)
            return message

        async def traced_send(message: Message) -> None:
            recorder.record("out", message)
            await send(message)

        try:
            await application(scope, traced_receive, traced_send)
        finally:
            if recorder.more:
                trace.event(KIND, f"{recorder.more} more events not kept")
            status = trace.status
            trace.finish(status)

    return recording


__all__ = ["MAX_EVENTS", "traced"]
