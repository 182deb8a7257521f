"""``View`` and its first descendants, with Django's semantics.

``View.as_view(**initkwargs)`` validates the keywords once, at URLconf import
time, and returns a function that builds a fresh instance per request, calls
``setup`` and then ``dispatch``, which picks the handler named after the HTTP
method (405 with ``Allow`` when there is none). A view whose handlers are all
``async def`` is itself a coroutine function (``view_is_async``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseGone,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from scallion.template.response import TemplateResponse
from scallion.urls import reverse
from scallion.utils.decorators import classonlymethod
from scallion.utils.functional import classproperty
from scallion.utils.log import log_response

logger = logging.getLogger("scallion.request")


class View:
    """Dispatch a request to the method named after its HTTP verb."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    request: HttpRequest
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def __init__(self, **kwargs: Any) -> None:
        for key, value in kwargs.items():
            setattr(self, key, value)

    @classproperty
    def view_is_async(cls: type[View]) -> bool:
        handlers = [
            getattr(cls, method)
            for method in cls.http_method_names
            if method != "options" and hasattr(cls, method)
        ]
        if not handlers:
            return False
        is_async = iscoroutinefunction(handlers[0])
        if not all(iscoroutinefunction(h) == is_async for h in handlers[1:]):
            raise ImproperlyConfigured(
                f"{cls.__qualname__} HTTP handlers must either be all sync or all async "
                "(make every method handler `def`, or every one `async def`)."
            )
        return is_async

    @classonlymethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., Any]:
        """The view function for the URLconf; ``initkwargs`` become instance attributes."""
        for key in initkwargs:
            if key in cls.http_method_names:
                raise TypeError(
                    f"The method name {key} is not accepted as a keyword argument to "
                    f"{cls.__name__}()."
                )
            if not hasattr(cls, key):
                raise TypeError(
                    f"{cls.__name__}() received an invalid keyword {key!r}. as_view only accepts "
                    "arguments that are already attributes of the class."
                )

        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            self = cls(**initkwargs)
            self.setup(request, *args, **kwargs)
            if not hasattr(self, "request"):
                raise AttributeError(
                    f"{cls.__name__} instance has no 'request' attribute. Did you override "
                    "setup() and forget to call super()?"
                )
            return self.dispatch(request, *args, **kwargs)

        view.view_class = cls  # type: ignore[attr-defined]
        view.view_initkwargs = initkwargs  # type: ignore[attr-defined]
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.__annotations__ = cls.dispatch.__annotations__
        # Attributes set on dispatch by decorators (csrf_exempt...) show on the view.
        view.__dict__.update(cls.dispatch.__dict__)
        if cls.view_is_async:
            markcoroutinefunction(view)
        return view

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        """Attach the request and URL arguments; ``head`` falls back to ``get``."""
        if hasattr(self, "get") and not hasattr(self, "head"):
            self.head = self.get
        self.request = request
        self.args = args
        self.kwargs = kwargs

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        method = request.method.lower() if request.method else ""
        if method in self.http_method_names:
            handler = getattr(self, method, self.http_method_not_allowed)
        else:
            handler = self.http_method_not_allowed
        return handler(request, *args, **kwargs)

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = HttpResponseNotAllowed(self._allowed_methods())
        log_response(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            response=response,
            request=request,
        )
        return _maybe_async(self, response)

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Answer OPTIONS with the allowed methods in ``Allow`` and an empty body."""
        response = HttpResponse()
        response.headers["Allow"] = ", ".join(self._allowed_methods())
        response.headers["Content-Length"] = "0"
        return _maybe_async(self, response)

    def _allowed_methods(self) -> list[str]:
        return [m.upper() for m in self.http_method_names if hasattr(self, m)]


def _maybe_async(view: View, response: HttpResponseBase) -> Any:
    """Return the response, or a coroutine resolving to it for async views."""
    if not type(view).view_is_async:
        return response

    async def resolved() -> HttpResponseBase:
        return response

    return resolved()


class ContextMixin:
    """``get_context_data``: the URL kwargs, ``view`` and ``extra_context``."""

    extra_context: dict[str, Any] | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("view", self)
        if self.extra_context is not None:
            kwargs.update(self.extra_context)
        return kwargs


class TemplateResponseMixin:
    """Render ``template_name`` into a ``TemplateResponse`` (rendered after middleware)."""

    template_name: str | None = None
    template_engine: str | None = None
    response_class: type[TemplateResponse] = TemplateResponse
    content_type: str | None = None
    request: HttpRequest

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> Any:
        response_kwargs.setdefault("content_type", self.content_type)
        return self.response_class(
            request=self.request,
            template=self.get_template_names(),
            context=context,
            using=self.template_engine,
            **response_kwargs,
        )

    def get_template_names(self) -> list[str]:
        if self.template_name is None:
            raise ImproperlyConfigured(
                "TemplateResponseMixin requires either a definition of 'template_name' or an "
                f"implementation of 'get_template_names()' ({type(self).__name__} has neither)."
            )
        return [self.template_name]


class TemplateView(TemplateResponseMixin, ContextMixin, View):
    """Render a template with the URL kwargs in the context, on GET."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context)


class RedirectView(View):
    """Redirect to ``url`` (``%``-formatted with the URL kwargs) or to ``pattern_name``.

    ``query_string`` appends the request's query string (after the URL's own
    query, if it has one); ``preserve_request`` answers 307/308 so the client
    repeats the method and body. Without a URL the answer is 410 Gone.
    """

    permanent = False
    url: str | None = None
    pattern_name: str | None = None
    query_string = False
    preserve_request = False

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str | None:
        if self.url:
            url = self.url % kwargs
        elif self.pattern_name:
            url = str(reverse(self.pattern_name, args=args, kwargs=kwargs))
        else:
            return None
        query = self.request.META.get("QUERY_STRING", "")
        if query and self.query_string:
            separator = "&" if urlsplit(url).query else "?"
            url = f"{url}{separator}{query}"
        return url

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        url = self.get_redirect_url(*args, **kwargs)
        if url:
            response_class = (
                HttpResponsePermanentRedirect if self.permanent else HttpResponseRedirect
            )
            return response_class(url, preserve_request=self.preserve_request)
        response = HttpResponseGone()
        log_response("Gone: %s", request.path, response=response, request=request)
        return response

    def head(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)

    def delete(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)

    def put(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)

    def patch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.get(request, *args, **kwargs)
