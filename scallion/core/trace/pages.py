"""The trace pages: the panel injected into HTML responses, and ``/__scallion__/requests/``.

They are rendered from this package's own templates with a private Jinja2
environment (autoescape on), so they work whatever ``TEMPLATES`` says, and the
tracing layer serves them itself, before the user's URLconf is consulted.
"""

from __future__ import annotations

import functools
import gzip
import os
import zlib
from typing import Any

import jinja2

from scallion.core.exceptions import DisallowedHost
from scallion.core.handlers.exception import response_for_exception
from scallion.core.trace.recorder import Trace, clip, ring, trace_pid
from scallion.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from scallion.http.response import HttpResponseBase

PREFIX = "/__scallion__/requests/"

#: How each kind of step is labelled in the picture.
KIND_LABELS = {
    "request": "request",
    "middleware": "middleware",
    "core": "handler core",
    "hook": "hook",
    "resolve": "URL resolution",
    "view": "view",
    "template_load": "template loading",
    "template": "template",
    "context_processor": "context processor",
    "websocket": "WebSocket event",
}


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["KIND_LABELS"] = KIND_LABELS
    env.globals["PREFIX"] = PREFIX
    return env


def render(template_name: str, **context: Any) -> str:
    return _environment().get_template(template_name).render(pid=os.getpid(), **context)


def panel_html(trace: Trace) -> str:
    return render("panel.html", trace=trace)


def inject_panel(response: HttpResponseBase, trace: Trace) -> None:
    """Insert the panel before ``</body>`` of a complete HTML response.

    A body that ``GZipMiddleware`` (or anything else) gzipped is decompressed,
    given the panel and compressed again, so the panel is there whatever the
    browser's ``Accept-Encoding``; other encodings are left untouched.
    """
    if getattr(response, "streaming", True) or not isinstance(response, HttpResponse):
        return
    content_type = response.get("Content-Type") or ""
    if not content_type.startswith("text/html"):
        return
    encoding = (response.get("Content-Encoding") or "").strip().lower()
    if encoding not in ("", "gzip"):
        return
    content = response.content
    if encoding == "gzip":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error):
            return  # not the gzip it claims to be: leave it as it is
    index = content.rfind(b"</body>")
    if index < 0:
        return
    panel = panel_html(trace).encode(response.charset, "xmlcharrefreplace")
    content = content[:index] + panel + content[index:]
    if encoding == "gzip":
        from scallion.middleware.gzip import GZipMiddleware, compress_string

        content = compress_string(content, max_random_bytes=GZipMiddleware.max_random_bytes)
    response.content = content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def serve(request: HttpRequest) -> HttpResponseBase:
    """``/__scallion__/requests/`` (the list) and ``/__scallion__/requests/<id>/``.

    The traces hold other requests' paths and query strings, so the host is
    validated first, as for every other page: a page on another site that
    rebinds its DNS name to this server gets the usual 400.
    """
    try:
        request.get_host()
    except DisallowedHost as exc:
        return response_for_exception(request, exc)
    rest = request.path_info[len(PREFIX) :].strip("/")
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == (
        "application/json"
    )
    if not rest:
        traces = ring.recent()
        if wants_json:
            return JsonResponse({"requests": [_summary(t) for t in traces]})
        return _page(render("requests.html", traces=traces))
    trace = ring.get(rest) if trace_pid(rest) is not None else None
    if trace is None:
        recorded_by = trace_pid(rest)
        page = render(
            "missing.html",
            wanted=clip(rest),
            recorded_by=recorded_by if recorded_by != os.getpid() else None,
            this_process=os.getpid(),
        )
        return HttpResponseNotFound(page, content_type="text/html; charset=utf-8")
    if wants_json:
        return JsonResponse(trace.as_dict())
    return _page(render("trace.html", trace=trace))


def _page(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _summary(trace: Trace) -> dict[str, Any]:
    return {
        "id": trace.id,
        "method": trace.method,
        "path": trace.path,
        "status": trace.status,
        "duration_ms": round(trace.duration_ms, 3),
        "streaming": trace.streaming,
        "url": f"{PREFIX}{trace.id}/",
    }
