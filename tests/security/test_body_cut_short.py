"""A form whose body stops arriving midway never reaches a view as a form.

``CsrfViewMiddleware`` swallows the ``UnreadablePostError`` of its own read of
``request.POST`` (as Django's does) and then accepts a token sent in the
``X-CSRFToken`` header. The view that runs next must not be handed the part
of the body that arrived, or an empty form: its read raises again, a 400.
"""

from __future__ import annotations

import pytest

from scallion.core.handlers.asgi import ASGIHandler
from scallion.core.wsgi import get_wsgi_application
from scallion.http import HttpRequest, HttpResponse, UnreadablePostError
from scallion.test import override_settings
from scallion.urls import path
from tests.http.hostile.edges import Request, asgi_scope, send_asgi_client_gone, send_wsgi

from .conftest import BASE_SETTINGS

#: The forms the view below was handed, in order.
FORMS_SEEN: list[dict[str, list[str]]] = []


def form(request: HttpRequest) -> HttpResponse:
    """Records the form it is given, as a view acting on it would."""
    FORMS_SEEN.append({key: request.POST.getlist(key) for key in request.POST})
    return HttpResponse("acted on the form")


async def loaded_form(request: HttpRequest) -> HttpResponse:
    """Loads the body as async code must, swallows the failure, then uses the form."""
    try:
        await request.aload_body()  # type: ignore[attr-defined]
    except UnreadablePostError:
        pass  # as a middleware that swallows it would
    FORMS_SEEN.append({key: request.POST.getlist(key) for key in request.POST})
    return HttpResponse("acted on the form")


urlpatterns = [path("form/", form), path("loaded/", loaded_form)]
SETTINGS = {**BASE_SETTINGS, "ROOT_URLCONF": __name__}


@pytest.fixture(autouse=True)
def _forget_forms() -> None:
    FORMS_SEEN.clear()


TOKEN = "a" * 32
CSRF = {"HTTP_COOKIE": f"csrftoken={TOKEN}", "HTTP_X_CSRFTOKEN": TOKEN}
BOUNDARY = "cut"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
#: A complete field, then a file part whose body is still arriving.
MULTIPART_START = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n'
    "Content-Type: text/plain\r\n\r\n" + "x" * 200
).encode()


class CutShortInput:
    """A ``wsgi.input`` that delivers ``start`` and then fails, as a reset socket does."""

    def __init__(self, start: bytes) -> None:
        self.start = start

    def read(self, size: int = -1) -> bytes:
        if self.start:
            data, self.start = self.start, b""
            return data
        raise ConnectionResetError(104, "Connection reset by peer")

    readline = read


@pytest.mark.parametrize(
    "content_type, start",
    [("application/x-www-form-urlencoded", b"a=1&b="), (MULTIPART, MULTIPART_START)],
    ids=["urlencoded", "multipart"],
)
def test_wsgi_view_behind_csrf_gets_a_400_not_the_part_that_arrived(
    quiet_logs: None, content_type: str, start: bytes
) -> None:
    request = Request(
        "cut-short",
        400,
        path="/form/",
        method="POST",
        environ={
            **CSRF,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(start) + 100),
            "wsgi.input": CutShortInput(start),  # type: ignore[dict-item]
        },
    )
    with override_settings(**SETTINGS):
        answer = send_wsgi(get_wsgi_application(), request)
    # Before the fix: a 200, the view having acted on an empty form.
    assert answer.status == 400, answer.content
    assert FORMS_SEEN == []


def test_asgi_view_behind_csrf_gets_no_form_when_the_client_goes_midway(
    quiet_logs: None,
) -> None:
    # Larger than the prefetch bound: the sync view parses the multipart body
    # as it arrives, and the client disconnects in the file part.
    request = Request("gone", 0, path="/form/", method="POST")
    scope = asgi_scope(request)
    scope["headers"] = [
        (b"host", b"testserver"),
        (b"cookie", f"csrftoken={TOKEN}".encode()),
        (b"x-csrftoken", TOKEN.encode()),
        (b"content-type", MULTIPART.encode()),
        (b"content-length", str(len(MULTIPART_START) + 1000).encode()),
    ]
    messages = [
        {"type": "http.request", "body": MULTIPART_START, "more_body": True},
        {"type": "http.disconnect"},
    ]
    with override_settings(**SETTINGS, DATA_UPLOAD_MAX_MEMORY_SIZE=64):
        seen = send_asgi_client_gone(ASGIHandler(), scope, messages)
    # Before the fix the view acted on an empty form. The client is gone, so
    # nothing is sent either way.
    assert FORMS_SEEN == []
    assert seen == []


def test_asgi_async_view_gets_no_form_after_a_failed_load(quiet_logs: None) -> None:
    # No Content-Length (a chunked upload): nothing tells the part that arrived
    # from a whole body but the failure of the load, which must be remembered.
    request = Request("gone", 0, path="/loaded/", method="POST")
    scope = asgi_scope(request)
    scope["headers"] = [(b"host", b"testserver"), (b"content-type", MULTIPART.encode())]
    messages = [
        {"type": "http.request", "body": MULTIPART_START, "more_body": True},
        {"type": "http.disconnect"},
    ]
    with override_settings(**{**SETTINGS, "MIDDLEWARE": [], "DATA_UPLOAD_MAX_MEMORY_SIZE": 64}):
        seen = send_asgi_client_gone(ASGIHandler(), scope, messages)
    # Before the fix the view acted on an empty form.
    assert FORMS_SEEN == []
    assert seen == []
