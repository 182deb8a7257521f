"""Middleware for the ASGI tests: sync-only, async-only, both, and one that must not run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from scallion.utils.deprecation import MiddlewareMixin

TRACE: list[str] = []


class Exploding:
    """Fails the test if a request ever reaches it."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: Any) -> Any:
        raise AssertionError("middleware ran for a request that should have been refused")


class SyncOnly:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        TRACE.append("sync")
        response = self.get_response(request)
        response["X-Sync"] = "1"
        return response


class AsyncOnly:
    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: Any) -> Any:
        TRACE.append("async")
        response = await self.get_response(request)
        response["X-Async"] = "1"
        return response


class Both:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: Any) -> Any:
        if self.is_async:
            return self.__acall__(request)
        TRACE.append("both-sync")
        response = self.get_response(request)
        response["X-Both"] = "sync"
        return response

    async def __acall__(self, request: Any) -> Any:
        TRACE.append("both-async")
        response = await self.get_response(request)
        response["X-Both"] = "async"
        return response


class AsyncReadsFiles:
    """Async-only; reads request.POST and FILES on the event loop, before the view."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: Any) -> Any:
        seen = {name: f.size for name, f in request.FILES.items()}
        title = request.POST.get("title", "")
        response = await self.get_response(request)
        response["X-Seen-Files"] = ",".join(f"{name}={size}" for name, size in seen.items())
        response["X-Seen-Title"] = title
        return response


class AsyncHookReadsFiles(MiddlewareMixin):
    """A MiddlewareMixin whose process_request is async: it too runs on the loop."""

    async def process_request(self, request: Any) -> None:
        request.seen_upload = sum(f.size for f in request.FILES.values())

    def process_response(self, request: Any, response: Any) -> Any:
        response["X-Seen-Upload"] = str(getattr(request, "seen_upload", "-"))
        return response


class SyncHooksOnly(MiddlewareMixin):
    """Sync hooks: they run in a worker thread even in an async chain."""

    def process_request(self, request: Any) -> None:
        return None
