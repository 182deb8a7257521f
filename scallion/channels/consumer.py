"""Consumers: one instance per connection, turning ASGI messages into method calls.

A consumer reads two sources at once, the client's ``receive`` and (when a
channel layer is configured) its own channel on the layer, and calls the method
named after each message's ``type`` with dots made underscores:
``{"type": "chat.message"}`` runs ``chat_message(message)``. A handler that
raises :class:`~scallion.channels.exceptions.StopConsumer` ends the connection's
consumer cleanly.

``SyncConsumer`` runs its handlers in a worker thread (one at a time per
connection) and makes ``send`` blocking, so handlers are plain functions.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async

from scallion.channels import DEFAULT_CHANNEL_LAYER
from scallion.channels.exceptions import StopConsumer
from scallion.channels.layers import get_channel_layer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


#: Message type -> handler name, for the types seen (bounded: types come from code).
_HANDLER_NAMES: dict[str, str] = {}
_HANDLER_NAMES_MAX = 1024


def get_handler_name(message: Mapping[str, Any]) -> str:
    """The method name for ``message``: its ``type`` with ``.`` replaced by ``_``."""
    try:
        return _HANDLER_NAMES[message["type"]]
    except (KeyError, TypeError):
        pass
    kind = message.get("type") if isinstance(message, Mapping) else None
    if not isinstance(kind, str):
        raise ValueError(f"Incoming message has no 'type' attribute: {message!r}")
    name = kind.replace(".", "_")
    if name.startswith("_"):
        raise ValueError(
            f"Malformed type in message {kind!r} (leading underscore): handler names "
            "cannot be private."
        )
    if len(_HANDLER_NAMES) < _HANDLER_NAMES_MAX:
        _HANDLER_NAMES[kind] = name
    return name


class ChannelLayerFailed(Exception):
    """Reading the consumer's channel from the layer failed (Redis went away, say)."""

    def __init__(self, layer: Any, error: Exception) -> None:
        super().__init__(
            f"{type(layer).__name__}.receive() failed: {type(error).__name__}: {error}"
        )
        self.error = error


class AsyncConsumer:
    """The base consumer: dispatches messages to ``async def`` handlers by type."""

    _sync = False
    channel_layer_alias = DEFAULT_CHANNEL_LAYER
    #: The channel layer for ``channel_layer_alias``, or None when none is configured.
    channel_layer: Any = None
    #: This connection's own channel on the layer (None without a layer).
    channel_name: str | None = None
    scope: Scope

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # as_asgi(**initkwargs) arrives here: each must name a class attribute.
        # (Positional arguments are accepted and ignored, as Channels does.)
        for key, value in kwargs.items():
            if not hasattr(type(self), key):
                raise TypeError(
                    f"{type(self).__qualname__}.as_asgi() received the keyword {key!r}, which "
                    "is not an attribute of the class; only existing attributes can be set."
                )
            setattr(self, key, value)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        sources: list[Callable[[], Awaitable[Any]]] = [receive]
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            sources.append(functools.partial(self.channel_layer.receive, self.channel_name))
        self._asgi_send = send
        self.base_send: Any = async_to_sync(send) if self._sync else send
        try:
            await self._pump(sources)
        except StopConsumer:
            pass
        except Exception as exc:
            await self.handle_failure(exc)

    async def _pump(self, sources: list[Callable[[], Awaitable[Any]]]) -> None:
        """Wait on every source at once; dispatch what arrives, client messages first."""
        if len(sources) == 1:
            # No channel layer: one source, awaited directly (PERF: realtime echo -
            # no task per message).
            receive = sources[0]
            dispatch = self.dispatch
            while True:
                await dispatch(await receive())
        pending: dict[asyncio.Future[Any], int] = {
            asyncio.ensure_future(source()): index for index, source in enumerate(sources)
        }
        try:
            while True:
                done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=pending.__getitem__):
                    index = pending.pop(task)
                    try:
                        message = task.result()
                    except Exception as exc:
                        if index:
                            raise ChannelLayerFailed(self.channel_layer, exc) from exc
                        raise
                    await self.dispatch(message)
                    pending[asyncio.ensure_future(sources[index]())] = index
        finally:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def dispatch(self, message: Message) -> None:
        name = _HANDLER_NAMES.get(message.get("type"))  # type: ignore[arg-type]
        handler = getattr(self, name or get_handler_name(message), None)
        if handler is None:
            raise ValueError(
                f"No handler for message type {message['type']!r}: define "
                f"{type(self).__qualname__}.{get_handler_name(message)}()."
            )
        await handler(message)

    async def handle_failure(self, exc: Exception) -> None:
        """What a handler's exception does; protocol consumers close the connection."""
        raise exc

    async def send(self, message: Message) -> None:
        await self.base_send(message)

    @classmethod
    def as_asgi(cls, **initkwargs: Any) -> ASGIApp:
        """An ASGI application making one instance per connection (``as_view()``'s twin)."""

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            consumer = cls(**initkwargs)
            await consumer(scope, receive, send)

        app.consumer_class = cls  # type: ignore[attr-defined]
        app.consumer_initkwargs = initkwargs  # type: ignore[attr-defined]
        functools.update_wrapper(app, cls, updated=())
        return app


class SyncConsumer(AsyncConsumer):
    """A consumer whose handlers are plain functions, run in a worker thread.

    One connection's handlers run one at a time, in order; different
    connections run in parallel threads (Channels runs every sync consumer of
    the process in one thread, for Django's database connections).
    """

    _sync = True

    async def dispatch(self, message: Message) -> None:
        await sync_to_async(self._dispatch_in_thread, thread_sensitive=False)(message)

    def _dispatch_in_thread(self, message: Message) -> None:
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(
                f"No handler for message type {message['type']!r}: define "
                f"{type(self).__qualname__}.{get_handler_name(message)}()."
            )
        handler(message)

    def send(self, message: Message) -> None:  # type: ignore[override]
        self.base_send(message)


__all__ = ["AsyncConsumer", "ChannelLayerFailed", "SyncConsumer", "get_handler_name"]
