"""The ASGI edge: a scope in, ``send`` messages out.

``ASGIHandler`` is the ASGI 3 application. It builds the same onion as the WSGI
edge, in async mode (``load_middleware(is_async=True)``): async-capable layers
and async views are awaited directly on the event loop, and a sync layer or
view costs one thread hop (``sync_to_async(thread_sensitive=True)``). Per
request it builds an ``ASGIRequest`` from the scope, runs the chain, and sends
the response:

* ``HttpResponse``: ``http.response.start`` then one body message;
* streaming responses: chunk by chunk (sync iterators in a worker thread),
  stopped - and the generator closed - when the client disconnects;
* HEAD: the headers and an empty body.

A client that disconnects while the view runs cancels it, as in Django (the
watcher starts the first time the chain has to wait: see ``continue_watched``),
and each request's thread-sensitive sync code gets a thread of its own
(``request_threads``).

``lifespan`` runs ``settings.LIFESPAN_HANDLERS``; a ``websocket`` connection goes
to the URLconf's ``websocket_urlpatterns`` (``scallion.core.handlers.websocket``).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import tempfile
import types
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterator,
    MutableMapping,
)
from io import BytesIO
from typing import IO, Any

from asgiref.sync import iscoroutinefunction, sync_to_async

from scallion.conf import settings
from scallion.core import signals
from scallion.core.exceptions import BadRequest, RequestAborted
from scallion.core.handlers import base, request_threads
from scallion.core.handlers.asgi_body import ASGIBodyStream
from scallion.core.handlers.content_length import CONTENT_LENGTH_HEADERS, content_length_headers
from scallion.core.handlers.lifespan import run_lifespan
from scallion.core.handlers.limitedstream import parse_content_length
from scallion.core.handlers.request_threads import HELD as _HELD_THREADS
from scallion.core.handlers.request_threads import IDLE as _IDLE_THREADS
from scallion.core.handlers.request_threads import current_key as _current_thread_key
from scallion.http.headers import meta_key_for_header
from scallion.http.response import NO_BODY_STATUSES, HttpResponseBase
from scallion.http.serverrequest import (
    REFUSED_WHILE_BUILT,
    ServerRequest,
    bad_request_response,
    join_path,
)
from scallion.urls import get_resolver, set_script_prefix
from scallion.urls.script_prefix import _script_prefix
from scallion.utils.functional import cached_property

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Larger non-streaming bodies go out in pieces of this size, so that the
#: server's flow control can pace them.
BODY_CHUNK_SIZE = 2**16

# Header names repeat across requests; their META keys are computed once.
# Bounded so that a client inventing names cannot grow it without limit.
_META_KEYS: dict[bytes, str | None] = {}
_META_KEYS_MAX = 1024


def _meta_key(raw_name: bytes) -> str | None:
    try:
        return _META_KEYS[raw_name]
    except KeyError:
        key = meta_key_for_header(raw_name)
        if len(_META_KEYS) < _META_KEYS_MAX:
            _META_KEYS[raw_name] = key
        return key


def get_script_prefix(scope: Scope) -> str:
    """The URL prefix the application is mounted at (``FORCE_SCRIPT_NAME`` wins)."""
    if settings.FORCE_SCRIPT_NAME is not None:
        return str(settings.FORCE_SCRIPT_NAME)
    return str(scope.get("root_path", "") or "")


def _below(path: str, mount: str) -> str:
    """``path`` without the ``mount`` prefix, if it starts with it at a segment boundary."""
    mount = mount.rstrip("/")
    if mount and (path == mount or path.startswith(mount + "/")):
        return path[len(mount) :] or "/"
    return path


def _check_path(scope: Scope, path: str) -> None:
    """Refuse a path whose percent-decoded bytes are not UTF-8 (400 before any middleware).

    Servers decode the path with replacement characters (uvicorn) or surrogate
    escapes; ``raw_path`` tells which replacements were in the request.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("The request path is not valid UTF-8 once percent-decoded.") from None
    raw_path = scope.get("raw_path")
    if "\ufffd" in path and raw_path:
        from urllib.parse import unquote_to_bytes

        try:
            unquote_to_bytes(raw_path).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("The request path is not valid UTF-8 once percent-decoded.") from None


class ASGIRequest(ServerRequest):
    """A request built from an ASGI scope; ``META`` mirrors a WSGI environ.

    Header names containing ``_`` are dropped (they would alias ``-`` names in
    META); repeated headers are joined with ``,`` (``Cookie`` with ``; ``).
    """

    # PERF: asgi-hello - defaults on the class, so __init__ sets only what varies.
    _script_name = ""

    @property
    def script_name(self) -> str:
        """The mount point the request's path starts with (``SCRIPT_NAME``)."""
        return self._script_name

    #: The ASGI channel of a bodiless request, for the stream made on first need.
    _receive: Receive | None = None
    #: The ASGI body stream (the handler's, or the one made on first need); it
    #: outlives ``_stream``, which reading the body replaces with a BytesIO.
    _body_stream: ASGIBodyStream | None = None

    def __init__(
        self,
        scope: Scope,
        body_file: Any = None,
        script_name: str | None = None,
        receive: Receive | None = None,
    ) -> None:
        """``body_file`` None: no body; a stream over ``receive`` is made only if
        someone reads the body or asks about the client (PERF: asgi-hello)."""
        self.scope = scope
        path: str = scope["path"]
        if not path.isascii():
            _check_path(scope, path)
        if script_name is None:
            script_name = get_script_prefix(scope)
        # The ASGI path is the full path, the server's root_path included (the
        # spec, as Django reads it): path_info is what follows the mount point,
        # cut only at a segment boundary ("/rootx/" is not under "/root").
        path = path or "/"
        root_path = scope.get("root_path")
        path_info = _below(path, root_path) if root_path else path
        forced = settings.FORCE_SCRIPT_NAME
        if forced is not None and path_info == path:
            path_info = _below(path, forced)
        if script_name:
            self._script_name = script_name
        # FORCE_SCRIPT_NAME says where the application is mounted, whatever the
        # server sent: the path is rebuilt on it, as the WSGI request does.
        self._set_path_and_method(
            path if forced is None else join_path(forced, path_info), path_info, scope["method"]
        )
        if self._assign_meta:
            self.META = self._build_meta()
        if body_file is not None:
            self._stream = body_file
            if isinstance(body_file, ASGIBodyStream):
                self._body_stream = body_file
        elif receive is not None:
            self._receive = receive

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        # The ASGI channel belongs to the live connection.
        state.pop("_receive", None)
        state.pop("_body_stream", None)
        return state

    @cached_property
    def _stream(self) -> IO[bytes]:
        """The body stream of a request built without one: empty, over the channel."""
        receive = self._receive
        if receive is None:
            return BytesIO()
        stream = self._body_stream = ASGIBodyStream(receive, more_body=False)
        return stream  # type: ignore[return-value]

    #: A subclass replaced ``META`` with a property of its own (as code written
    #: for Django's ``ASGIRequest`` may): it is assigned in ``__init__``, as
    #: Django does, instead of being built on first use.
    _assign_meta = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        meta = inspect.getattr_static(cls, "META")
        cls._assign_meta = meta is not ASGIRequest.__dict__["META"] and hasattr(meta, "__set__")

    @cached_property
    def META(self) -> dict[str, Any]:
        """The WSGI-style view of the scope, built on first use. PERF: asgi-hello."""
        return self._build_meta()

    def _build_meta(self) -> dict[str, Any]:
        scope = self.scope
        query_string = scope.get("query_string", b"")
        if isinstance(query_string, bytes):
            query_string = query_string.decode("latin-1")
        meta: dict[str, Any] = {
            "REQUEST_METHOD": self.method,
            "QUERY_STRING": query_string,
            "SCRIPT_NAME": self._script_name,
            "PATH_INFO": self.path_info,
            "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
        }
        client = scope.get("client")
        if client:
            meta["REMOTE_ADDR"] = client[0]
            meta["REMOTE_HOST"] = client[0]
            meta["REMOTE_PORT"] = str(client[1])
        server = scope.get("server")
        if server:
            meta["SERVER_NAME"] = server[0]
            meta["SERVER_PORT"] = str(server[1]) if server[1] is not None else "0"
        else:
            meta["SERVER_NAME"] = "unknown"
            meta["SERVER_PORT"] = "0"
        # A header sent more than once is joined once all its values are in:
        # joining as they come would copy the value so far for each repeat.
        repeated: dict[str, list[str]] | None = None
        for raw_name, raw_value in scope.get("headers", ()):
            key = _meta_key(raw_name)
            if key is None:
                continue
            value = raw_value.decode("latin-1")
            if key == "HTTP_COOKIE":
                # HTTP/2 sends one header per cookie, some clients with a
                # trailing ";": joined as one HTTP/1.1 Cookie line would be.
                value = value.rstrip("; ")
            if key in meta:
                if repeated is None:
                    repeated = {}
                values = repeated.get(key)
                if values is None:
                    values = repeated[key] = [meta[key]]
                values.append(value)
            else:
                meta[key] = value
        if repeated is not None:
            for key, values in repeated.items():
                meta[key] = ("; " if key == "HTTP_COOKIE" else ",").join(values)
        return meta

    def _get_scheme(self) -> str:
        return str(self.scope.get("scheme") or "http")

    def _raw_query_string(self) -> str | bytes:
        raw: bytes | str = self.scope.get("query_string", b"")
        if isinstance(raw, str):
            return raw  # text, as some callers build scopes (META takes it too)
        if b"%" not in raw and raw.isascii():
            # Nothing to decode twice: parsed as str. PERF: asgi-json.
            return raw.decode("ascii")
        return raw

    async def aload_body(self) -> None:
        """Read the rest of the body from the ASGI channel, for async code.

        Needed only for bodies larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (smaller
        ones are read before the view runs). Afterwards ``body``, ``POST`` and
        ``FILES`` work synchronously. A non-multipart body over the limit raises
        ``RequestDataTooBig`` (413) having read no more than the limit; a multipart
        body is spooled to a temporary file above ``FILE_UPLOAD_MAX_MEMORY_SIZE``.
        """
        stream = self._stream
        if not isinstance(stream, ASGIBodyStream):
            return
        limit = None
        if self.content_type != "multipart/form-data":
            limit = self.body_limit("DATA_UPLOAD_MAX_MEMORY_SIZE")
        try:
            await stream.load(limit, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        except OSError as e:  # the client went away: later reads raise again
            raise self._unreadable(e) from e

    async def is_disconnected(self) -> bool:
        """True once the client has gone away (``http.disconnect`` received).

        It answers without blocking; a streaming response's generator can ask it
        between events. (A view whose body has been received is cancelled by the
        disconnect before it could ask.) While the view has not read an uploaded
        body it answers False.
        """
        stream = self._body_stream
        if stream is None:
            self._stream  # noqa: B018 - made on first need, over the ASGI channel
            stream = self._body_stream
        if stream is not None:
            return await stream.is_disconnected()
        return False


class ASGIHandler(base.BaseHandler):
    """The ASGI application: one instance per process, the chain built once."""

    request_class = ASGIRequest

    #: A subclass overrides ``get_response_async``: call it rather than the
    #: inlined copy in ``__call__``.
    _own_get_response = False
    #: ``request_class`` has its own ``__init__`` (a subclass written for
    #: Django's ``ASGIRequest(scope, body_file)``): called with those two only.
    _own_request_init = False
    #: Serves ``websocket`` scopes; made on the first connection.
    _websocket: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=True)
        # Set on the instance, even when False: read per request, an instance
        # attribute is found at once where a class one is searched for.
        # PERF: asgi-hello (with _body_stream: 60,428 -> 59,199 instructions).
        self._own_get_response = (
            type(self).get_response_async is not base.BaseHandler.get_response_async
        )
        self._own_request_init = self.request_class.__init__ is not ASGIRequest.__init__

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection. PERF: asgi-hello - no receive() for a bodiless request
        whose view answers without waiting, one coroutine frame, the response sent inline.

        While the view runs with the whole body read, a client that disconnects
        cancels it (see ``continue_watched``): nothing is sent, and the
        response, if any, is still closed and ``request_finished`` still sent.
        """
        if scope["type"] != "http":
            await self.handle_other(scope, receive, send)
            return
        # request_threads.enter() only when it has something to do: a request
        # served in a task that already has its key, with no idle thread to
        # hand over, runs no Python for it (see current_key). PERF: asgi-hello
        # (61,490 -> 60,428 instructions).
        threads = _current_thread_key(None)
        if threads is None or _IDLE_THREADS:
            threads = request_threads.enter()
        cancelled = False
        try:
            # get_script_prefix(), inlined; most apps are mounted at "/", the
            # default prefix: nothing to set. PERF: asgi-hello.
            script_name = settings.FORCE_SCRIPT_NAME
            script_name = scope.get("root_path") or "" if script_name is None else str(script_name)
            if script_name or _script_prefix.get() != "/":
                set_script_prefix(script_name)
            if signals.request_started.listened:
                await sync_to_async(signals.request_started.send, thread_sensitive=True)(
                    sender=self.__class__, scope=scope
                )
            # PERF: asgi-hello - a bodiless request gets no body stream unless
            # someone reads the body or the view waits for something.
            body = _body_stream(scope, receive)
            try:
                if body is not None:
                    try:
                        await body.prefetch(prefetch_bound())
                    except OSError:
                        return  # the client went away before the view could run
                request: ASGIRequest | None = None
                response: HttpResponseBase | None
                try:
                    if self._own_request_init:
                        # Two arguments, as Django's handler calls it: a subclass
                        # written for Django's ASGIRequest keeps working.
                        asgi_request = self.request_class(scope, body)
                        if body is None:
                            asgi_request._receive = receive
                    else:
                        asgi_request = self.request_class(scope, body, script_name, receive)
                except REFUSED_WHILE_BUILT as exc:
                    response = bad_request_response(exc)
                else:
                    request = asgi_request
                    if body is not None and body.more_body:
                        await self._load_large_upload(asgi_request)
                    own = self._own_get_response
                    # get_response_async(), inlined unless overridden: one
                    # coroutine less. PERF: asgi-hello.
                    chain = (
                        self.get_response_async(asgi_request)
                        if own
                        else self._middleware_chain(asgi_request)  # type: ignore[misc]
                    )
                    try:
                        # The chain's first step, taken here: a view that answers
                        # without waiting needs no disconnect watcher (see
                        # continue_watched). Through a generator that keeps the
                        # response in ``box`` and returns None, so that the step
                        # ends without a StopIteration to catch. PERF: asgi-hello
                        # (chain.send(None) and StopIteration: 63,061 -> 61,490
                        # instructions).
                        box: list[Any] = [None]
                        steps = _run_into(box, chain)
                        for waiting_on in steps:
                            await continue_watched(steps, waiting_on, asgi_request)
                            break
                        response = box[0]
                        if not own:
                            response = self._finish_response(asgi_request, response)
                    except asyncio.CancelledError:
                        if not _cancelled_by_client(asgi_request):
                            raise
                        cancelled = True
                        response = None
                    body = asgi_request._body_stream
                    if body is not None:
                        body.cancel_on_disconnect = None
                        if body.disconnected and not cancelled:
                            # The view caught the cancellation and answered anyway.
                            _uncancel()
                try:
                    if response is not None:
                        response._handler_class = self.__class__
                    if response is None or (body is not None and body.disconnected):
                        pass  # the client went away: nothing to send
                    elif response.streaming or scope["method"] == "HEAD":
                        if body is None:
                            body = _channel_of(request, receive)
                        await self.send_response(response, send, body, scope["method"] == "HEAD")
                    else:
                        # PERF: asgi-hello - a small body goes out in one message, inline.
                        content: bytes = response.content  # type: ignore[attr-defined]
                        if len(content) > BODY_CHUNK_SIZE:
                            await self.send_response(response, send, None, False)
                        else:
                            await send(
                                {
                                    "type": "http.response.start",
                                    "status": response.status_code,
                                    "headers": response_headers(response, len(content)),
                                }
                            )
                            await send({"type": "http.response.body", "body": content})
                finally:
                    if response is None:
                        await request_threads.wait_idle(threads)
                        if signals.request_finished.listened:
                            await sync_to_async(
                                signals.request_finished.send, thread_sensitive=True
                            )(sender=self.__class__)
                        if request is not None:
                            request.close()
                    elif signals.request_finished.listened:
                        await sync_to_async(response.close, thread_sensitive=True)()
                    else:
                        response.close()
                if cancelled and body is not None and body.abort_error is not None:
                    raise body.abort_error
            finally:
                if body is not None:
                    if body._watcher is not None:
                        await body.stop_watching()
                    if body.received or body.more_body:
                        body.close()
        finally:
            if _HELD_THREADS and threads is not None:
                request_threads.leave(threads)

    async def handle_other(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ``lifespan`` and ``websocket`` scopes."""
        kind = scope["type"]
        if kind == "lifespan":
            await run_lifespan(list(settings.LIFESPAN_HANDLERS), receive, send)
        elif kind == "websocket":
            if self._websocket is None:
                from scallion.core.handlers.websocket import WebsocketHandler

                self._websocket = WebsocketHandler()
            await self._websocket(scope, receive, send)
        else:
            # Worded as Django's, naming the three types served here.
            raise ValueError(
                "scallion can only handle ASGI/HTTP, ASGI/WebSocket and ASGI lifespan "
                f"connections, not {kind}."
            )

    async def read_body(self, receive: Receive) -> IO[bytes]:
        """Read a whole request body from ``receive`` into a file, rewound, as Django does.

        The request path does not use it (scallion streams large bodies from the
        channel instead); it is kept for subclasses and code written against
        Django's handler. Every chunk is read whatever the size limits, which
        apply later, when the body is parsed. The file stays in memory up to
        ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and is then on disk, written from a
        worker thread so disk writes never block the event loop. A disconnect
        before the end closes it and raises ``RequestAborted``.
        """
        # Not a with block: the file is handed to the caller, who closes it.
        body_file: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b"
        )
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise RequestAborted()
                chunk = message.get("body")
                if chunk:
                    if getattr(body_file, "_rolled", False):
                        await sync_to_async(body_file.write, thread_sensitive=False)(chunk)
                    else:
                        body_file.write(chunk)
                if not message.get("more_body", False):
                    break
        except BaseException:
            body_file.close()
            raise
        body_file.seek(0)
        return body_file

    async def _load_large_upload(self, request: ASGIRequest) -> None:
        """Read a large upload from the channel first when async code could read it.

        A multipart body larger than the prefetch bound is still in the ASGI
        channel. Code running in a worker thread (sync views, sync hooks) streams
        it as it parses; async code on the event loop cannot wait for it. So it
        is loaded first (spooled to disk above ``FILE_UPLOAD_MAX_MEMORY_SIZE``),
        as Django always does, when the chain has middleware whose own code runs
        on the loop (``loop_middleware``: it may read ``request.POST``/``FILES``
        before the view) or when the view is ``async def`` (resolved here, only
        in this rare case).
        """
        if request.content_type != "multipart/form-data":
            return
        if not self.loop_middleware:
            try:
                match = get_resolver(request.urlconf).resolve(request.path_info)
            except Exception:
                return  # the onion will produce the 404 (or whatever it is)
            if not iscoroutinefunction(match.func):
                return
        try:
            await request.aload_body()
        except OSError:
            pass  # the disconnect is seen by the stream; nothing will be sent

    async def send_response(
        self, response: HttpResponseBase, send: Send, body: ASGIBodyStream | None, is_head: bool
    ) -> None:
        """Send the status, headers and body as ASGI messages (the general case).

        ``body`` (the request's stream, watched for ``http.disconnect``) is needed
        only to stream a body.
        """
        status = response.status_code
        if not response.streaming:
            content: bytes = response.content  # type: ignore[attr-defined]
            headers = response_headers(response, len(content))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            if is_head or len(content) <= BODY_CHUNK_SIZE:
                await send({"type": "http.response.body", "body": b"" if is_head else content})
                return
            for start in range(0, len(content), BODY_CHUNK_SIZE):
                piece = content[start : start + BODY_CHUNK_SIZE]
                more = start + BODY_CHUNK_SIZE < len(content)
                await send({"type": "http.response.body", "body": piece, "more_body": more})
            return
        headers = response_headers(response)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if is_head:
            await send({"type": "http.response.body", "body": b""})
            return
        if body is None:
            raise TypeError("Streaming a response needs the request's body stream (body=).")
        await stream_until_disconnect(response, send, body)


def _cancelled_by_client(request: ASGIRequest) -> bool:
    """Whether the cancellation just caught came from the request's disconnect watcher.

    If so it is taken back (``uncancel``), unless someone else cancelled the
    task too (a server shutting down), whose cancellation still stands.
    """
    stream = request._body_stream
    if stream is None or not (stream.disconnected or stream.abort_error is not None):
        return False
    return _uncancel()


def _uncancel() -> bool:
    """Take back one cancellation of the current task; True if none remains."""
    task = asyncio.current_task()
    if task is None:
        return True
    if task.cancelling():
        task.uncancel()
    return not task.cancelling()


def _watch_from_first_wait(request: ASGIRequest) -> None:
    """The view has to wait: watch the channel for the client going away.

    Only once the whole body has been received: before that, the next message
    is the body's, for the view to read.
    """
    stream = request._body_stream
    if stream is None:
        request._stream  # noqa: B018 - made on first need, over the ASGI channel
        stream = request._body_stream
        if stream is None:
            return  # a subclass gave its own body file: no channel to watch
    if stream.more_body or stream.disconnected:
        return
    stream.cancel_on_disconnect = asyncio.current_task()
    stream.watch()


@types.coroutine
def _run_into(box: list[Any], chain: Coroutine[Any, Any, Any]) -> Generator[Any, Any, None]:
    """Run ``chain`` (the onion) and keep its response in ``box[0]``.

    Iterated by hand for its first step: a generator that returns None stops
    without raising anything, where ``chain.send()`` would raise a
    ``StopIteration`` carrying the response.
    """
    box[0] = yield from chain


@types.coroutine
def continue_watched(
    steps: Generator[Any, Any, Any], waiting_on: Any, request: ASGIRequest
) -> Generator[Any, Any, Any]:
    """Finish running ``steps`` (the onion, see ``_run_into``), which has just
    suspended on ``waiting_on``, in the current task, having started the
    disconnect watcher.

    Django runs a listener task beside every view. A view that answers without
    ever waiting cannot be cancelled anyway, so scallion starts that one task
    only when the chain first suspends (a sync view's thread hop, an ``await``
    on I/O): a request served without waiting costs no task and no
    ``receive()``. PERF: asgi-hello. What follows is ``yield from steps``, with
    the first step already taken.
    """
    _watch_from_first_wait(request)
    yielded = waiting_on
    while True:
        try:
            sent = yield yielded
        except GeneratorExit:
            steps.close()
            raise
        except BaseException as exc:  # passed on to the chain
            try:
                yielded = steps.throw(exc)
            except StopIteration as done:
                return done.value
        else:
            try:
                yielded = steps.send(sent)
            except StopIteration as done:
                return done.value


def _channel_of(request: ASGIRequest | None, receive: Receive) -> ASGIBodyStream:
    """The body stream that watches for a disconnect, shared with the request's own."""
    if request is None:
        return ASGIBodyStream(receive, False)
    request._stream  # noqa: B018 - made on first need, over the ASGI channel
    return request._body_stream or ASGIBodyStream(receive, False)


def prefetch_bound() -> int:
    """How much of a body is read before the onion runs (``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""
    bound = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return int(settings.FILE_UPLOAD_MAX_MEMORY_SIZE if bound is None else bound)


_BODY_FRAMING_HEADERS = frozenset({b"content-length", b"transfer-encoding"})
#: The lengths of those two names: only a name of one of these lengths is
#: lower-cased and compared (header names are case-insensitive, and a server
#: may pass them as sent). PERF: asgi-hello.
_FRAMING_NAME_LENGTHS = frozenset(map(len, _BODY_FRAMING_HEADERS))


def _framing(scope: Scope) -> tuple[bool, bytes | None]:
    """``(chunked, content_length)``: whether Transfer-Encoding is present, and
    the last Content-Length value, whatever the case of their names."""
    content_length = None
    for name, value in scope.get("headers", ()):
        if len(name) in _FRAMING_NAME_LENGTHS:
            name = name.lower()
            if name == b"transfer-encoding":
                return True, None
            if name == b"content-length":
                content_length = value
    return False, content_length


def declared_length(scope: Scope) -> int | None:
    """The body's Content-Length; None when chunked or absent (read to the end).

    A value that is not a number, or is negative, declares an empty body, as
    under WSGI (and in Django).
    """
    chunked, length = _framing(scope)
    if chunked or length is None:
        return None
    return parse_content_length(length)


def _body_stream(scope: Scope, receive: Receive) -> ASGIBodyStream | None:
    """The stream of the request's body, or None when ``http.request`` messages
    carry none.

    A declared length or chunked framing says whether there is one. Without
    either, HTTP/1.x says the body is empty, but a server or test harness may
    still send one (and HTTP/2 and 3 may send a body without a length): a
    method that usually carries one reads the messages, so no body is dropped.
    A GET or HEAD without framing does not wait for them. PERF: asgi-hello -
    the headers are scanned once, in this one call (with the three calls it
    replaces, the handler's flags read from its class and ``_below`` called at
    the root mount: 60,428 -> 59,199 instructions).
    """
    # _framing's loop, written out here: calling it measured 4% of the ASGI
    # hello row (1.33x -> 1.28x Starlette, 54,442 -> 55,134 instructions).
    content_length = None
    for name, value in scope.get("headers", ()):
        if len(name) in _FRAMING_NAME_LENGTHS:
            name = name.lower()
            if name == b"transfer-encoding":
                return ASGIBodyStream(receive, True, None)
            if name == b"content-length":
                content_length = value
    if content_length is not None:
        length = parse_content_length(content_length)
        return ASGIBodyStream(receive, True, length) if length > 0 else None
    version = scope.get("http_version", "1.1")
    http1 = version == "1.1" or str(version).startswith("1")
    if http1 and scope.get("method") in _BODILESS_METHODS:
        return None
    return ASGIBodyStream(receive, True, None)


#: Methods whose requests carry no body in practice (RFC 9110 gives them no meaning).
_BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


#: The encoded form of header (name, value) pairs seen before, keyed by the
#: response's own (name, value) tuple. Bounded, as values may come from clients.
_HEADER_BYTES: dict[tuple[str, str], tuple[bytes, bytes]] = {}
_HEADER_BYTES_MAX = 512

#: Header names whose values repeat from response to response (worth caching).
_CACHED_HEADER_NAMES = frozenset(
    {
        "content-type",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "vary",
        "cache-control",
        "content-language",
    }
)


def _encode_header(lower: str, pair: tuple[str, str]) -> tuple[bytes, bytes]:
    encoded = (lower.encode("latin-1"), pair[1].encode("latin-1"))
    if lower in _CACHED_HEADER_NAMES and len(_HEADER_BYTES) < _HEADER_BYTES_MAX:
        _HEADER_BYTES[pair] = encoded
    return encoded


def response_headers(
    response: HttpResponseBase, content_length: int | None = None
) -> list[tuple[bytes, bytes]]:
    """The response headers as ASGI wants them: lower-cased bytes pairs, one per cookie.

    ``content_length`` (a non-streaming body's size) is added unless the response
    set one, so servers need not fall back to chunked encoding. PERF: asgi-hello -
    the pairs that repeat (``Content-Type: text/html; charset=utf-8``) are encoded once.
    """
    store = response.headers._store
    cached = _HEADER_BYTES.get
    headers = []
    for lower, pair in store.items():
        encoded = cached(pair)
        headers.append(encoded if encoded is not None else _encode_header(lower, pair))
    if content_length is not None and "content-length" not in store:
        status = response.status_code
        if status not in NO_BODY_STATUSES:
            length_headers = CONTENT_LENGTH_HEADERS.get(content_length)
            if length_headers is None:
                length_headers = content_length_headers(content_length)
            headers.append(length_headers[1])
    # _cookies, not cookies: reading the property would create an empty jar.
    cookies = response._cookies
    if cookies:
        headers.extend(
            (b"set-cookie", morsel.OutputString().encode("latin-1")) for morsel in cookies.values()
        )
    return headers


async def stream_until_disconnect(
    response: HttpResponseBase, send: Send, body: ASGIBodyStream
) -> None:
    """Send a streaming body; stop (and close the iterator) if the client goes away."""
    streamer = asyncio.ensure_future(_send_stream(response, send))
    listener = asyncio.ensure_future(body.wait_for_disconnect())
    try:
        await asyncio.wait((streamer, listener), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (listener, streamer):
            if not task.done():
                task.cancel()
        await asyncio.gather(listener, streamer, return_exceptions=True)
    if not streamer.cancelled() and not body.disconnected:
        exc = streamer.exception()
        if exc is not None:
            raise exc


async def _send_stream(response: HttpResponseBase, send: Send) -> None:
    chunks: Iterator[bytes] | AsyncIterator[bytes] = response.streaming_content  # type: ignore[attr-defined]
    try:
        if response.is_async:  # type: ignore[attr-defined]
            async for chunk in chunks:  # type: ignore[union-attr]
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        else:
            response.warn_if_served_async()  # type: ignore[attr-defined]
            await _send_sync_stream(chunks, send)  # type: ignore[arg-type]
    except OSError:
        return  # send() failed: the client went away
    finally:
        await _aclose(chunks)
        await _aclose(getattr(response, "_iterator", None))
    await send({"type": "http.response.body", "body": b"", "more_body": False})


_END = object()


async def _send_sync_stream(chunks: Iterator[bytes], send: Send) -> None:
    """Consume a sync iterator in a worker thread, one chunk per hop.

    The thread call is shielded: when the client disconnects mid-``next()``, the
    call finishes before the generator is closed (a running generator cannot be
    closed from another thread).
    """
    loop = asyncio.get_running_loop()
    pending: asyncio.Future[Any] | None = None
    try:
        while True:
            context = contextvars.copy_context()
            pending = loop.run_in_executor(None, functools.partial(context.run, _next, chunks))
            chunk = await asyncio.shield(pending)
            pending = None
            if chunk is _END:
                return
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
    finally:
        if pending is not None:
            try:
                await pending
            except BaseException:
                pass


def _next(chunks: Iterator[bytes]) -> object:
    return next(chunks, _END)


async def _aclose(iterator: object) -> None:
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        try:
            await aclose()
        except Exception:
            pass


__all__ = [
    "ASGIHandler",
    "ASGIRequest",
    "declared_length",
    "get_script_prefix",
    "prefetch_bound",
    "response_headers",
]
