"""Views for the ASGI tests: sync and async, streaming, forms, disconnect watchers."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scallion.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from scallion.http.fileresponse import FileResponse
from scallion.urls import path

#: What the views observed (generator closings, disconnect polls), per test.
EVENTS: list[str] = []


def hello(request: Any) -> HttpResponse:
    return HttpResponse("Hello, World!", content_type="text/plain")


async def ahello(request: Any) -> HttpResponse:
    return HttpResponse("Hello, async!", content_type="text/plain")


def thread_name(request: Any) -> HttpResponse:
    return HttpResponse(threading.current_thread().name)


async def athread_name(request: Any) -> HttpResponse:
    return HttpResponse(threading.current_thread().name)


def meta(request: Any) -> JsonResponse:
    keys = request.GET.getlist("key")
    return JsonResponse(
        {
            "META": {k: request.META.get(k) for k in keys},
            "path": request.path,
            "path_info": request.path_info,
            "scheme": request.scheme,
            "GET": {k: request.GET.getlist(k) for k in request.GET if k != "key"},
            "COOKIES": request.COOKIES,
            "host": request.get_host(),
        }
    )


def _form_payload(request: Any) -> dict[str, Any]:
    return {
        "POST": {k: request.POST.getlist(k) for k in request.POST},
        "FILES": {
            k: [{"name": f.name, "size": f.size, "head": f.read(16).decode("latin-1")} for f in v]
            for k, v in request.FILES.lists()
        },
    }


def form(request: Any) -> JsonResponse:
    return JsonResponse(_form_payload(request))


async def aform(request: Any) -> JsonResponse:
    return JsonResponse(_form_payload(request))


async def aform_loaded(request: Any) -> JsonResponse:
    await request.aload_body()
    return JsonResponse(_form_payload(request))


def echo(request: Any) -> HttpResponse:
    return HttpResponse(request.body, content_type="application/octet-stream")


async def aecho(request: Any) -> HttpResponse:
    return HttpResponse(request.body, content_type="application/octet-stream")


async def aecho_loaded(request: Any) -> HttpResponse:
    await request.aload_body()
    return HttpResponse(request.body, content_type="application/octet-stream")


async def aread(request: Any) -> HttpResponse:
    return HttpResponse(str(len(request.read())))


def body_length(request: Any) -> HttpResponse:
    """Reads the stream in pieces (never request.body): length of what arrived."""
    total = 0
    while chunk := request.read(1000):
        total += len(chunk)
    return HttpResponse(str(total))


def stream(request: Any) -> StreamingHttpResponse:
    def gen() -> Iterator[bytes]:
        try:
            yield b"one,"
            yield b"two,"
            yield b"three"
        finally:
            EVENTS.append("sync-gen-closed")

    return StreamingHttpResponse(gen(), content_type="text/plain")


def astream(request: Any) -> StreamingHttpResponse:
    async def gen() -> AsyncIterator[bytes]:
        try:
            for word in (b"one,", b"two,", b"three"):
                await asyncio.sleep(0)
                yield word
        finally:
            EVENTS.append("async-gen-closed")

    return StreamingHttpResponse(gen(), content_type="text/plain")


def endless_sync(request: Any) -> StreamingHttpResponse:
    def gen() -> Iterator[bytes]:
        try:
            n = 0
            while True:
                n += 1
                time.sleep(0.001)
                yield b"tick\n"
        finally:
            EVENTS.append("endless-sync-closed")

    return StreamingHttpResponse(gen(), content_type="text/plain")


async def endless_async(request: Any) -> StreamingHttpResponse:
    async def gen() -> AsyncIterator[bytes]:
        try:
            while True:
                await asyncio.sleep(0.001)
                yield b"data: tick\n\n"
        finally:
            EVENTS.append("endless-async-closed")

    return StreamingHttpResponse(gen(), content_type="text/event-stream")


async def _poll_for_disconnect(request: Any, name: str) -> HttpResponse:
    """Poll ``is_disconnected()`` for about two seconds, noting in EVENTS how it ended
    (``<name>-saw-disconnect``, ``<name>-cancelled`` or ``<name>-never-saw-disconnect``)."""
    try:
        for _ in range(2000):
            if await request.is_disconnected():
                EVENTS.append(f"{name}-saw-disconnect")
                return HttpResponse("gone")
            await asyncio.sleep(0.001)
    except asyncio.CancelledError:
        EVENTS.append(f"{name}-cancelled")
        raise
    EVENTS.append(f"{name}-never-saw-disconnect")
    return HttpResponse("still here")


async def watch_disconnect(request: Any) -> HttpResponse:
    """Polls for a disconnect; the handler cancels it when the client leaves."""
    return await _poll_for_disconnect(request, "view")


async def read_then_watch(request: Any) -> HttpResponse:
    """Reads the body (which replaces request._stream), then polls for a disconnect."""
    assert request.body == b"payload"
    return await _poll_for_disconnect(request, "read-then")


async def abody(request: Any) -> HttpResponse:
    """Reads the body of a request that has none: the empty body, without waiting."""
    return HttpResponse(b"[" + request.body + b"]")


def file_view(request: Any) -> FileResponse:
    data = io.BytesIO(b"x" * 200_000)
    return FileResponse(data, content_type="application/octet-stream")


def set_cookie(request: Any) -> HttpResponse:
    response = HttpResponse("cookies set")
    response.set_cookie("a", "1")
    response.set_cookie("b", "2", httponly=True)
    return response


def redirect(request: Any) -> HttpResponseRedirect:
    return HttpResponseRedirect("/hello/")


def not_found(request: Any) -> HttpResponse:
    raise Http404("nope")


def boom(request: Any) -> HttpResponse:
    raise RuntimeError("boom")


async def aboom(request: Any) -> HttpResponse:
    raise RuntimeError("async boom")


def big(request: Any) -> HttpResponse:
    return HttpResponse(b"b" * 200_000, content_type="application/octet-stream")


def json_body(request: Any) -> JsonResponse:
    return JsonResponse({"got": json.loads(request.body)})


urlpatterns = [
    path("hello/", hello),
    path("ahello/", ahello),
    path("thread/", thread_name),
    path("athread/", athread_name),
    path("meta/", meta),
    path("form/", form),
    path("aform/", aform),
    path("aform-loaded/", aform_loaded),
    path("echo/", echo),
    path("aecho/", aecho),
    path("aecho-loaded/", aecho_loaded),
    path("length/", body_length),
    path("aread/", aread),
    path("stream/", stream),
    path("astream/", astream),
    path("endless-sync/", endless_sync),
    path("endless-async/", endless_async),
    path("watch/", watch_disconnect),
    path("read-then-watch/", read_then_watch),
    path("abody/", abody),
    path("file/", file_view),
    path("cookie/", set_cookie),
    path("redirect/", redirect),
    path("404/", not_found),
    path("boom/", boom),
    path("aboom/", aboom),
    path("big/", big),
    path("json/", json_body),
]
