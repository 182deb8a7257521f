"""EventStreamResponse: the wire format, heartbeats, endless streams and disconnects."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.handlers.asgi import ASGIHandler
from scallion.http import EventStreamResponse, HttpRequest
from scallion.http.eventstream import HEARTBEAT, encode_event, last_event_id
from scallion.test import AsyncClient, Client, RequestFactory, override_settings
from scallion.test.eventstream import EventStreamParser, ServerSentEvent
from tests.http import eventstream_urls


@pytest.fixture(autouse=True)
def urlconf() -> Iterator[None]:
    eventstream_urls.CLOSED.clear()
    eventstream_urls.CLOSED_EVENT.clear()
    with override_settings(ROOT_URLCONF="tests.http.eventstream_urls"):
        yield


def parse(raw: bytes) -> list[ServerSentEvent]:
    return EventStreamParser().feed(raw)


# The wire format ------------------------------------------------------------


def test_string_event_and_line_breaks() -> None:
    assert encode_event("hi") == b"data: hi\n\n"
    assert encode_event("a\r\nb\rc\nd") == b"data: a\ndata: b\ndata: c\ndata: d\n\n"


def test_dict_event_with_every_field() -> None:
    raw = encode_event({"comment": "note", "event": "tick", "id": "7", "retry": 1000, "data": [1]})
    assert raw == b": note\nevent: tick\nid: 7\nretry: 1000\ndata: [1]\n\n"
    [event] = parse(raw)
    assert (event.event, event.id, event.retry, event.json()) == ("tick", "7", 1000, [1])


@pytest.mark.parametrize(
    ("event", "error", "match"),
    [
        ({"event": "a\nb", "data": "x"}, ValueError, "'event'"),
        ({"id": "1\r2", "data": "x"}, ValueError, "'id'"),
        ({"id": "1\x002", "data": "x"}, ValueError, "NUL"),
        ({"retry": -1}, ValueError, "retry"),
        ({"retry": "5"}, ValueError, "retry"),
        ({"retry": True}, ValueError, "retry"),
        ({"colour": "red", "data": "x"}, ValueError, "colour"),
        ({}, ValueError, "at least one"),
        (b"bytes", TypeError, "bytes"),
        (42, TypeError, "int"),
    ],
)
def test_events_that_cannot_be_sent_name_the_field(event: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        encode_event(event)


@given(data=st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_a_string_event_is_its_data_field(data: str) -> None:
    # A one-line string takes a shortcut; it must give the bytes the dict form gives.
    assert encode_event(data) == encode_event({"data": data})


def test_a_string_subclass_is_an_event_too() -> None:
    class Text(str):
        pass

    assert encode_event(Text("a\nb")) == b"data: a\ndata: b\n\n"
    assert encode_event(Text("a")) == b"data: a\n\n"


@given(
    data=st.text(),
    name=st.text().filter(lambda t: "\r" not in t and "\n" not in t),
    event_id=st.text().filter(lambda t: not set(t) & {"\r", "\n", "\0"}),
)
def test_round_trip_through_the_parser(data: str, name: str, event_id: str) -> None:
    raw = encode_event({"data": data, "event": name, "id": event_id})
    events = parse(raw[: len(raw) // 2]) + EventStreamParser().feed(b"")  # no event from half
    assert events == []
    expected = data.replace("\r\n", "\n").replace("\r", "\n")
    if not expected:
        assert parse(raw) == []  # EventSource dispatches no event with empty data
        return
    [event] = parse(raw)
    assert event.data == expected
    assert event.event == (name or "message")
    assert event.id == event_id


def test_parser_handles_chunks_split_anywhere_and_comments() -> None:
    raw = b"\xef\xbb\xbf: hi\r\ndata: a\r\ndata: b\r\n\r\nevent: x\rdata: c\r\r\n"
    for size in range(1, 8):
        parser = EventStreamParser()
        events = [e for i in range(0, len(raw), size) for e in parser.feed(raw[i : i + size])]
        assert [(e.event, e.data) for e in events] == [("message", "a\nb"), ("x", "c")]
        assert parser.comments == ["hi"]


def test_response_headers() -> None:
    response = EventStreamResponse(iter(["x"]))
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"


@pytest.mark.parametrize("bad", ["text", b"bytes", {"data": "x"}, 5])
def test_not_an_iterator_is_refused(bad: Any) -> None:
    with pytest.raises(TypeError, match="iterator of events"):
        EventStreamResponse(bad)


def test_bad_heartbeat_is_refused() -> None:
    with pytest.raises(ValueError, match="heartbeat"):
        EventStreamResponse(iter([]), heartbeat=0)


def test_last_event_id() -> None:
    factory = RequestFactory()
    assert last_event_id(factory.get("/")) is None
    assert last_event_id(factory.get("/", headers={"Last-Event-ID": "41"})) == "41"
    assert last_event_id(factory.get("/", headers={"Last-Event-ID": "x" * 2000})) is None
    assert last_event_id(factory.get("/", HTTP_LAST_EVENT_ID="a\x01")) is None


# The test clients -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_client_reads_an_endless_stream_and_closes_it(kind: str) -> None:
    response = Client().get(f"/{kind}/", headers={"Last-Event-ID": "10"})
    assert response["Content-Type"] == "text/event-stream"
    events = list(response.iter_events(limit=3))
    assert [e.json() for e in events] == [{"n": 11}, {"n": 12}, {"n": 13}]
    assert [e.id for e in events] == ["11", "12", "13"] and events[0].event == "tick"
    assert eventstream_urls.CLOSED_EVENT.wait(5)
    assert eventstream_urls.CLOSED == [kind]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_async_client_reads_an_endless_stream_and_closes_it(kind: str) -> None:
    async def scenario() -> list[Any]:
        response = await AsyncClient().get(f"/{kind}/")
        return [e.json()["n"] async for e in response.aiter_events(limit=2)]

    assert asyncio.run(scenario()) == [1, 2]
    assert eventstream_urls.CLOSED_EVENT.wait(5)
    assert eventstream_urls.CLOSED == [kind]


def test_finite_stream_ends() -> None:
    events = list(Client().get("/finite/").iter_events())
    assert [(e.event, e.data) for e in events] == [
        ("message", "one"),
        ("message", "two\nlines"),
    ]  # the "done" event had empty data: a browser dispatches nothing for it either


@pytest.mark.parametrize("kind", ["sync-silent", "async-silent"])
def test_heartbeats_fill_silence(kind: str) -> None:
    from scallion.test.eventstream import response_chunks

    response = Client().get(f"/{kind}/")
    chunks = iter(response_chunks(response))
    seen = [next(chunks) for _ in range(4)]
    response.close()
    assert HEARTBEAT in seen[1:]
    assert b"data: hello\n\n" in seen
    if kind == "sync-silent":
        assert seen[0] == b"retry: 2500\n\n"


def test_timeout_on_a_silent_stream() -> None:
    response = Client().get("/async-silent/")
    with pytest.raises(TimeoutError):
        list(response.iter_events(limit=2, timeout=0.3))
    assert eventstream_urls.CLOSED_EVENT.wait(5)


# The ASGI edge: disconnects and middleware ----------------------------------


def asgi_stream(path: str, events_before_leaving: int, gzipped: bool = False) -> list[bytes]:
    """Serve ``path`` through ASGIHandler; the client leaves after N events arrived."""
    bodies: list[bytes] = []
    plain: list[bytes] = []
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    left = asyncio.Event()

    async def scenario() -> None:
        gone = False

        async def receive() -> dict[str, Any]:
            nonlocal gone
            if gone:
                await left.wait()
                return {"type": "http.disconnect"}
            gone = True
            await left.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                body = message.get("body", b"")
                bodies.append(body)
                plain.append(decompressor.decompress(body) if gzipped else body)
                if b"".join(plain).count(b"\n\n") >= events_before_leaving:
                    left.set()

        scope = {
            "type": "http",
            "method": "GET",
            "path": path.split("?")[0],
            "query_string": path.partition("?")[2].encode(),
            "headers": [(b"host", b"testserver"), (b"accept-encoding", b"gzip")],
        }
        await asyncio.wait_for(ASGIHandler()(scope, receive, send), 10)

    asyncio.run(scenario())
    return bodies


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_asgi_disconnect_stops_the_iterator(kind: str) -> None:
    bodies = asgi_stream(f"/{kind}/?pause=0.05", 3)
    assert eventstream_urls.CLOSED_EVENT.wait(5)
    assert eventstream_urls.CLOSED == [kind]
    assert len(parse(b"".join(bodies))) >= 3


def test_asgi_disconnect_interrupts_a_waiting_async_source() -> None:
    asgi_stream("/async-silent/", 1)
    assert eventstream_urls.CLOSED == ["async-silent"]  # at once, not after the hour


def test_gzip_middleware_passes_each_event_on_at_once() -> None:
    with override_settings(MIDDLEWARE=["scallion.middleware.gzip.GZipMiddleware"]):
        bodies = asgi_stream("/async/?pause=0.05", 3, gzipped=True)
    assert eventstream_urls.CLOSED_EVENT.wait(5)  # the client left: the source was closed
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    events = []
    parser = EventStreamParser()
    for chunk in bodies:
        events.extend(parser.feed(decompressor.decompress(chunk)))
        if len(events) >= 3:
            break
    # The first three events were readable before the stream ended.
    assert [e.json()["n"] for e in events[:3]] == [1, 2, 3]
    assert bodies[0].startswith(gzip.compress(b"")[:2])  # the gzip magic number


def test_view_sees_last_event_id() -> None:
    def view(request: HttpRequest) -> EventStreamResponse:
        return EventStreamResponse(iter([last_event_id(request) or "none"]))

    request = RequestFactory().get("/", headers={"Last-Event-ID": "abc"})
    assert b"data: abc" in b"".join(view(request))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_waitress_streams_and_closes_when_the_client_leaves(kind: str) -> None:
    """Under WSGI (waitress) both kinds stream event by event; leaving stops the source."""

    import httpx

    from scallion.core.handlers.wsgi import WSGIHandler
    from scallion.test.eventstream import iter_events
    from tests.threaded_server import serving

    with serving(WSGIHandler()) as base:
        url = f"{base}/{kind}/?pause=0.05&heartbeat=0.1"
        with httpx.stream("GET", url, timeout=10) as response:
            events = list(iter_events(response.iter_bytes(), limit=3))
        assert [e.json()["n"] for e in events] == [1, 2, 3]
        assert eventstream_urls.CLOSED_EVENT.wait(10)
        assert eventstream_urls.CLOSED == [kind]
