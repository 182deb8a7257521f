"""The messages framework: API, storages and middleware."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from markupsafe import Markup

from scallion.contrib import messages
from scallion.contrib.messages import constants
from scallion.contrib.messages.context_processors import messages as messages_processor
from scallion.contrib.messages.storage.base import (
    Message,
    dumps_messages,
    loads_messages,
)
from scallion.contrib.messages.storage.cookie import CookieStorage
from scallion.contrib.messages.storage.fallback import FallbackStorage
from scallion.contrib.messages.storage.session import SessionStorage
from scallion.core.exceptions import ImproperlyConfigured
from scallion.http import HttpResponse
from scallion.test import Client, RequestFactory, override_settings

STACK = [
    "scallion.contrib.sessions.middleware.SessionMiddleware",
    "scallion.contrib.messages.middleware.MessageMiddleware",
]
STORAGES = {
    "cookie": "scallion.contrib.messages.storage.cookie.CookieStorage",
    "session": "scallion.contrib.messages.storage.session.SessionStorage",
    "fallback": "scallion.contrib.messages.storage.fallback.FallbackStorage",
}


def incompressible(length: int, seed: int) -> str:
    """Text that zlib cannot shrink much (the cookie is compressed when it helps)."""
    digests = (hashlib.sha256(f"{seed}-{i}".encode()).hexdigest() for i in range(length))
    return "".join(digests)[:length]


@pytest.fixture
def make_client() -> Iterator[Callable[..., Client]]:
    with ExitStack() as stack:

        def make(storage: str = "fallback", **overrides: Any) -> Client:
            overrides.setdefault("MIDDLEWARE", STACK)
            stack.enter_context(
                override_settings(
                    ROOT_URLCONF="tests.messages.urls",
                    MESSAGE_STORAGE=STORAGES[storage],
                    **overrides,
                )
            )
            return Client()

        yield make


@pytest.mark.parametrize("storage", list(STORAGES))
def test_messages_shown_once_on_next_request(
    make_client: Callable[..., Client], storage: str
) -> None:
    client = make_client(storage)
    client.get("/add/", {"m": ["one", "two"]})
    assert client.get("/show/").content == b"success:one|success:two"
    assert client.get("/show/").content == b""


@pytest.mark.parametrize("storage", list(STORAGES))
def test_messages_kept_until_read(make_client: Callable[..., Client], storage: str) -> None:
    client = make_client(storage)
    client.get("/add/", {"m": "first"})
    client.get("/untouched/")
    client.get("/add/", {"m": "second"})
    assert client.get("/show/").content == b"success:first|success:second"


def test_added_and_read_in_same_request(make_client: Callable[..., Client]) -> None:
    client = make_client()
    assert client.get("/add-show/").content == b"info:now"
    assert client.get("/show/").content == b""


def test_level_filtering_and_tags(make_client: Callable[..., Client]) -> None:
    client = make_client()
    client.get("/add/", {"level": str(constants.DEBUG)})
    assert client.get("/show/").content == b""
    client.get("/add/", {"level": str(constants.ERROR)})
    assert client.get("/show/").content == b"extra error:leveled"
    client = make_client(MESSAGE_LEVEL=constants.DEBUG)
    client.get("/add/", {"level": str(constants.DEBUG)})
    assert client.get("/show/").content == b"extra debug:leveled"


def test_custom_tags(make_client: Callable[..., Client]) -> None:
    client = make_client(MESSAGE_TAGS={constants.SUCCESS: "ok"})
    client.get("/add/", {"m": "x"})
    assert client.get("/show/").content == b"ok:x"


def test_untouched_request_sets_no_cookie(make_client: Callable[..., Client]) -> None:
    response = make_client().get("/untouched/")
    assert "messages" not in response.cookies
    assert "sessionid" not in response.cookies


def test_cookie_overflow_goes_to_session(make_client: Callable[..., Client]) -> None:
    client = make_client("fallback")
    texts = [f"message {i} " + incompressible(300, i) for i in range(12)]
    client.get("/add/", {"m": texts})
    assert "messages" in client.cookies
    assert "_messages" in client.session
    shown = client.get("/show/").content.decode().split("|")
    assert shown == [f"success:{t}" for t in texts]
    assert client.get("/show/").content == b""


def test_cookie_only_overflow_drops_oldest_and_debug_raises(
    make_client: Callable[..., Client],
) -> None:
    client = make_client("cookie", MIDDLEWARE=STACK[1:])
    texts = [f"m{i} " + incompressible(400, i) for i in range(10)]
    client.get("/add/", {"m": texts})
    shown = client.get("/show/").content.decode().split("|")
    assert shown and shown[-1] == f"success:{texts[-1]}"
    assert len(shown) < len(texts)
    debug_client = make_client("cookie", MIDDLEWARE=STACK[1:], DEBUG=True)
    with pytest.raises(ValueError, match="Not all temporary messages could be stored"):
        debug_client.get("/add/", {"m": texts})


def test_tampered_cookie_ignored_and_removed(make_client: Callable[..., Client]) -> None:
    client = make_client("cookie", MIDDLEWARE=STACK[1:])
    client.get("/add/", {"m": "genuine"})
    value = client.cookies["messages"].value
    # One character of the signed payload changed.
    client.cookies["messages"] = ("B" if value[0] == "A" else "A") + value[1:]
    response = client.get("/show/")
    assert response.content == b""
    assert response.cookies["messages"]["max-age"] == 0


def test_add_without_middleware() -> None:
    request = RequestFactory().get("/")
    with pytest.raises(messages.MessageFailure, match="MessageMiddleware"):
        messages.info(request, "x")
    messages.info(request, "x", fail_silently=True)
    assert messages.get_messages(request) == []
    with pytest.raises(TypeError, match="HttpRequest"):
        messages.info(object(), "x")


def test_session_storage_needs_session_middleware() -> None:
    with pytest.raises(ImproperlyConfigured, match="session middleware"):
        SessionStorage(RequestFactory().get("/"))


def test_get_and_set_level() -> None:
    request = RequestFactory().get("/")
    assert messages.get_level(request) == constants.INFO
    assert not messages.set_level(request, constants.DEBUG)
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    assert messages.set_level(request, constants.WARNING)
    assert messages.get_level(request) == constants.WARNING
    messages.info(request, "dropped")
    messages.warning(request, "kept")
    assert [str(m) for m in request._messages] == ["kept"]  # type: ignore[attr-defined]
    messages.set_level(request, None)
    assert messages.get_level(request) == constants.INFO


def test_message_object() -> None:
    message = Message(constants.WARNING, "careful", extra_tags="a b")
    assert message.tags == "a b warning"
    assert message.level_tag == "warning"
    assert message == Message(constants.WARNING, "careful")
    assert message != Message(constants.ERROR, "careful")
    assert str(message) == "careful"
    assert "careful" in repr(message)
    assert Message(99, "x").tags == ""


def test_serialization_round_trip_keeps_safe_strings() -> None:
    items = [
        Message(constants.INFO, "plain"),
        Message(constants.ERROR, Markup("<b>bold</b>"), extra_tags="tag"),
        "__messagesnotfinished__",
    ]
    for item in items:
        if isinstance(item, Message):
            item._prepare()
    loaded = loads_messages(dumps_messages(items))
    assert loaded[0] == items[0]
    assert isinstance(loaded[1].message, Markup)
    assert loaded[1].extra_tags == "tag"
    assert loaded[2] == "__messagesnotfinished__"


def test_empty_message_ignored() -> None:
    storage = FallbackStorage(_request_with_session())
    storage.add(constants.INFO, "")
    assert len(storage) == 0
    assert storage.update(HttpResponse()) is None


def _request_with_session() -> Any:
    from scallion.contrib.sessions.backends.signed_cookies import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()  # type: ignore[attr-defined]
    return request


def test_context_processor() -> None:
    request = RequestFactory().get("/")
    context = messages_processor(request)
    assert context["messages"] == []
    assert context["DEFAULT_MESSAGE_LEVELS"]["ERROR"] == constants.ERROR


def test_storage_contains_and_iter() -> None:
    storage = SessionStorage(_request_with_session())
    storage.add(constants.INFO, "hello")
    assert Message(constants.INFO, "hello") in storage
    assert [str(m) for m in storage] == ["hello"]
    assert storage.used


def _middleware_round_trip(storage: str) -> tuple[Any, Any]:
    from scallion.contrib.messages.middleware import MessageMiddleware
    from scallion.contrib.sessions.backends.signed_cookies import SessionStore

    with override_settings(MESSAGE_STORAGE=STORAGES[storage]):
        request = RequestFactory().get("/")
        request.session = SessionStore(None)  # type: ignore[attr-defined]
        response = MessageMiddleware(lambda r: HttpResponse())(request)
    return request, response


@pytest.mark.parametrize("storage", list(STORAGES))
def test_untouched_storage_leaves_no_reference_cycle(storage: str) -> None:
    # PERF: stack. The request is freed by reference counting, not the cyclic GC.
    import gc
    import weakref

    request, response = _middleware_round_trip(storage)
    ref = weakref.ref(request)
    gc.disable()
    try:
        del request, response
        assert ref() is None
    finally:
        gc.enable()


def test_storage_of_a_freed_request_explains() -> None:
    request, _ = _middleware_round_trip("cookie")
    storage = request._messages
    del request, _
    with pytest.raises(ReferenceError, match="get_messages"):
        list(storage)


def test_get_messages_keeps_the_request() -> None:
    request, _ = _middleware_round_trip("cookie")
    request.COOKIES["messages"] = CookieStorage(request)._encode([Message(20, "kept")])
    storage = messages.get_messages(request)
    del request, _
    assert [str(m) for m in storage] == ["kept"]


def test_fallback_without_session_middleware_fails_at_once() -> None:
    from scallion.contrib.messages.middleware import MessageMiddleware

    with override_settings(MESSAGE_STORAGE=STORAGES["fallback"]):
        middleware = MessageMiddleware(lambda r: HttpResponse())
        with pytest.raises(ImproperlyConfigured, match="session middleware"):
            middleware(RequestFactory().get("/"))


DJANGO_DELETION = (
    'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax'
)


@pytest.mark.parametrize(
    ("before", "path"),
    [
        ("/add/?m=hi", "/show/"),  # shown on the next request
        (None, "/add-show/"),  # added and shown in the same request
        (None, "/show/"),  # read with nothing stored
    ],
)
def test_consumed_cookie_messages_expire_the_cookie_as_in_django(
    make_client: Callable[..., Client], before: str | None, path: str
) -> None:
    # Django 6.1.3's CookieStorage answers each of these with this Set-Cookie.
    client = make_client("cookie", MIDDLEWARE=STACK[1:])
    if before:
        client.get(before)
    response = client.get(path)
    assert response.cookies["messages"].output(header="").strip() == DJANGO_DELETION


def test_untouched_messages_leave_the_cookie_alone(make_client: Callable[..., Client]) -> None:
    client = make_client("cookie", MIDDLEWARE=STACK[1:])
    client.get("/add/?m=hi")
    assert "messages" not in client.get("/untouched/").cookies
