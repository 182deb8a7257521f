"""Middleware that records every hook call, for asserting the onion's order.

Behaviour is steered per request by the ``X-Act`` header:
``X-Act: Middle.process_request=respond`` makes that hook return a response,
``=raise`` makes it raise RuntimeError, ``=none`` makes it return None where a
response is required. Several actions are separated by commas.
"""

from __future__ import annotations

from typing import Any

from scallion.http import HttpResponse
from scallion.utils.deprecation import MiddlewareMixin

TRACE: list[str] = []


def _action(request: Any, hook: str) -> str | None:
    wanted = request.META.get("HTTP_X_ACT", "")
    for item in wanted.split(","):
        name, _, action = item.partition("=")
        if name.strip() == hook:
            return action.strip()
    return None


class _Traced(MiddlewareMixin):
    label = "?"

    def _hook(self, request: Any, hook: str, default: Any) -> Any:
        qualified = f"{self.label}.{hook}"
        TRACE.append(qualified)
        action = _action(request, qualified)
        if action == "respond":
            return HttpResponse(f"from {qualified}", status=299)
        if action == "raise":
            raise RuntimeError(f"boom in {qualified}")
        if action == "none":
            return None
        return default

    def process_request(self, request: Any) -> Any:
        return self._hook(request, "process_request", None)

    def process_view(self, request: Any, view: Any, args: Any, kwargs: Any) -> Any:
        return self._hook(request, "process_view", None)

    def process_exception(self, request: Any, exception: Exception) -> Any:
        return self._hook(request, "process_exception", None)

    def process_template_response(self, request: Any, response: Any) -> Any:
        return self._hook(request, "process_template_response", response)

    def process_response(self, request: Any, response: Any) -> Any:
        result = self._hook(request, "process_response", response)
        if result is not None and result is not response and result.status_code == 299:
            return result
        if result is None:
            return None
        response.headers["X-Seen-By"] = response.headers.get("X-Seen-By", "") + self.label
        return response


class Outer(_Traced):
    label = "Outer"


class Middle(_Traced):
    label = "Middle"


class Inner(_Traced):
    label = "Inner"


def function_middleware(get_response: Any) -> Any:
    """A factory-style middleware (Django's new style) with a process_view hook."""

    def middleware(request: Any) -> Any:
        TRACE.append("Func.before")
        action = _action(request, "Func.call")
        if action == "respond":
            return HttpResponse("from Func.call", status=299)
        if action == "none":
            return None
        if action == "raise":
            raise RuntimeError("boom in Func.call")
        response = get_response(request)
        TRACE.append("Func.after")
        if _action(request, "Func.after") == "raise":
            raise RuntimeError("boom in Func.after")
        return response

    def process_view(request: Any, view: Any, args: Any, kwargs: Any) -> Any:
        TRACE.append("Func.process_view")
        return None

    middleware.process_view = process_view  # type: ignore[attr-defined]
    return middleware


class NotUsed:
    """A factory that takes itself out of the chain."""

    def __init__(self, get_response: Any) -> None:
        from scallion.core.exceptions import MiddlewareNotUsed

        raise MiddlewareNotUsed("only in production")


NOT_CALLABLE = 42


class NoGetResponse:
    """An old-style class: its __init__ takes no get_response."""

    def __init__(self) -> None:
        pass


def broken_factory(get_response: Any) -> Any:
    """A factory whose own code raises TypeError."""
    return len(get_response)


class AsyncOnly:
    """A middleware that can only run async: a sync chain adapts around it."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Any) -> None:
        from asgiref.sync import markcoroutinefunction

        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: Any) -> Any:
        return await self.get_response(request)


class AsyncTemplateHookReturnsNone(MiddlewareMixin):
    """An async ``process_template_response`` that forgets to return the response."""

    async def process_template_response(self, request: Any, response: Any) -> Any:
        return None
