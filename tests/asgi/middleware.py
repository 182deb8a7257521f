"""Middleware for the ASGI tests: sync-only, async-only, both, and one that must not run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

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
