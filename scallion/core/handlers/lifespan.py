"""The ASGI ``lifespan`` protocol: start-up and shutdown hooks from settings.

``settings.LIFESPAN_HANDLERS`` lists dotted paths. Each names either a callable
taking no arguments (run at start-up), or an object (a module, an instance)
with ``startup`` and/or ``shutdown`` callables. Any of them may be sync or
async; sync ones run in the event loop's thread, because start-up code usually
builds clients that the same thread will later use. Start-up hooks run in list
order, shutdown hooks in reverse. A failing hook is reported to the server as
``lifespan.startup.failed``/``lifespan.shutdown.failed`` with a message naming
it, and the server then refuses to start (uvicorn exits).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.utils.module_loading import import_string

Message = MutableMapping[str, Any]
Hook = tuple[str, Callable[[], Any]]


def load_lifespan_hooks(paths: list[str]) -> tuple[list[Hook], list[Hook]]:
    """Import the hooks once: ``(startup hooks, shutdown hooks in run order)``."""
    startup: list[Hook] = []
    shutdown: list[Hook] = []
    for path in paths:
        try:
            target = import_string(path)
        except ImportError as err:
            raise ImproperlyConfigured(
                f"The lifespan handler {path!r} in settings.LIFESPAN_HANDLERS could not be "
                f"imported: {err}. Check the dotted path."
            ) from err
        start = getattr(target, "startup", None)
        stop = getattr(target, "shutdown", None)
        if start is None and stop is None:
            if not callable(target):
                raise ImproperlyConfigured(
                    f"The lifespan handler {path!r} is neither a callable nor an object with "
                    "startup/shutdown methods."
                )
            start = target
        if start is not None:
            startup.append((path, start))
        if stop is not None:
            shutdown.append((path, stop))
    shutdown.reverse()
    return startup, shutdown


async def _run(hooks: list[Hook]) -> None:
    for _path, hook in hooks:
        result = hook()
        if inspect.isawaitable(result):
            await result


async def run_lifespan(
    paths: list[str],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    """Answer ``lifespan.startup`` and ``lifespan.shutdown`` until the server stops us."""
    shutdown: list[Hook] = []
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "lifespan.startup":
            try:
                startup, shutdown = load_lifespan_hooks(paths)
                await _run_named(startup, "startup")
            except Exception as exc:
                await send({"type": "lifespan.startup.failed", "message": str(exc)})
                return
            await send({"type": "lifespan.startup.complete"})
        elif kind == "lifespan.shutdown":
            try:
                await _run_named(shutdown, "shutdown")
            except Exception as exc:
                await send({"type": "lifespan.shutdown.failed", "message": str(exc)})
                return
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _run_named(hooks: list[Hook], phase: str) -> None:
    for path, hook in hooks:
        try:
            await _run([(path, hook)])
        except Exception as exc:
            raise RuntimeError(
                f"The {phase} hook {path!r} (settings.LIFESPAN_HANDLERS) failed: "
                f"{type(exc).__name__}: {exc}"
            ) from exc


__all__ = ["load_lifespan_hooks", "run_lifespan"]
