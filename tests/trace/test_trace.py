"""The request-cycle trace: what is recorded, the panel, the pages, and the cost when off."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.core.handlers.wsgi import WSGIHandler
from scallion.core.trace import Step, Trace, TraceRing, current_trace, ring
from scallion.core.trace.recorder import MAX_TEXT, activate, clip
from scallion.template.exceptions import TemplateDoesNotExist
from scallion.template.loader import get_template, render_to_string
from scallion.test import AsyncClient, Client, override_settings
from tests.trace.app import MIDDLEWARE, SETTINGS


@pytest.fixture
def traced() -> Iterator[Client]:
    ring.clear()
    with override_settings(**SETTINGS):
        yield Client(raise_request_exception=False)
    ring.clear()


def last_trace() -> Trace:
    return ring.recent()[0]


def kinds_and_names(step: Step) -> list[tuple[str, str]]:
    return [(child.kind, child.name) for child in step.children]


def test_records_each_layer_outside_in_with_its_hooks(traced: Client) -> None:
    assert traced.get("/").status_code == 200
    trace = last_trace()
    assert trace.layers() == MIDDLEWARE
    assert trace.status == 200 and trace.method == "GET" and trace.path == "/"
    outer = trace.root.children[0]
    assert kinds_and_names(outer) == [
        ("hook", "Outer.process_request"),
        ("middleware", "tests.trace.app.function_middleware"),
        ("hook", "Outer.process_response"),
    ]
    core = trace.root.find("core")[0]
    assert [child.kind for child in core.children] == [
        "resolve",
        "hook",  # Inner.process_view
        "view",
        "hook",  # Inner.process_template_response
        "template_load",  # TemplateResponse.resolve_template -> get_template
        "template",
    ]
    resolve = core.children[0]
    assert resolve.detail["route"] == "''"  # path(""): an empty route, shown as such
    assert resolve.detail["view"] == "tests.trace.app.page"
    assert resolve.detail["url_name"] == "page"
    view = core.find("view")[0]
    assert view.outcome == "response" and view.detail["status"] == "200"


def test_template_rendering_and_context_processors_are_steps(traced: Client) -> None:
    traced.get("/")
    template = last_trace().root.find("template")[0]
    assert template.name == "page.html"
    assert [(c.kind, c.name) for c in template.children] == [
        ("context_processor", "tests.trace.app.greeting")
    ]


def test_a_non_empty_route_is_shown_as_written(traced: Client) -> None:
    traced.get("/plain/")
    assert last_trace().root.find("resolve")[0].detail["route"] == "plain/"


def test_template_loading_is_a_step(traced: Client) -> None:
    traced.get("/")
    core = last_trace().root.find("core")[0]
    load = core.find("template_load")[0]
    assert load.name == "page.html"
    assert load.detail["origin"].endswith(os.path.join("trace", "templates", "page.html"))
    kinds = [child.kind for child in core.children]
    assert kinds.index("template_load") < kinds.index("template")


def test_a_first_request_spends_its_time_in_recorded_steps(traced: Client) -> None:
    # The fixture's settings make a new engine: this request compiles page.html.
    traced.get("/")
    core = last_trace().root.find("core")[0]
    cold = core.find("template_load")[0]
    # The core's own time is nearly all in its children: compiling is not hidden.
    assert sum(child.duration for child in core.children) >= 0.5 * core.duration
    traced.get("/")
    warm = last_trace().root.find("template_load")[0]
    assert cold.duration > warm.duration


def test_render_to_string_and_select_template_are_traced() -> None:
    trace = Trace("GET", "/")
    with override_settings(**SETTINGS), activate(trace):
        assert "hello" in render_to_string(["missing.html", "page.html"], {"title": "hello"})
        with pytest.raises(TemplateDoesNotExist):
            get_template("nowhere.html")
    chosen, missing = trace.root.children[0], trace.root.children[2]
    assert chosen.kind == "template_load" and chosen.name == "missing.html, page.html"
    assert chosen.detail["chosen"] == "page.html"
    assert trace.root.children[1].kind == "template"
    assert missing.name == "nowhere.html" and missing.outcome == "raised"


def test_durations_nest(traced: Client) -> None:
    traced.get("/")
    trace = last_trace()

    def check(step: Step) -> None:
        for child in step.children:
            assert child.duration >= 0
            assert child.start >= step.start
            assert child.start + child.duration <= step.start + step.duration + 1e-6
            check(child)

    check(trace.root)
    assert trace.duration_ms > 0


def test_process_request_short_circuit(traced: Client) -> None:
    assert traced.get("/blocked/").status_code == 403
    outer = last_trace().root.children[0]
    assert outer.outcome == "short-circuit"
    assert outer.children[0].name == "Outer.process_request"
    assert outer.children[0].outcome == "short-circuit"
    assert last_trace().root.find("core") == []


def test_function_middleware_short_circuit(traced: Client) -> None:
    assert traced.get("/teapot/").status_code == 418
    trace = last_trace()
    assert trace.layers() == MIDDLEWARE[:2]
    assert trace.root.find("middleware")[1].outcome == "short-circuit"


def test_process_view_short_circuit(traced: Client) -> None:
    traced.get("/viewhook/")
    core = last_trace().root.find("core")[0]
    hook = core.children[1]
    assert hook.name == "Inner.process_view" and hook.outcome == "short-circuit"
    assert core.find("view") == []


def test_exception_caught_by_process_exception(traced: Client) -> None:
    assert traced.get("/handled/").status_code == 409
    core = last_trace().root.find("core")[0]
    view = core.find("view")[0]
    assert view.outcome == "raised" and "KeyError" in view.detail["exception"]
    hook = core.children[-1]
    assert hook.name == "Inner.process_exception" and hook.outcome == "caught"


def test_uncaught_exception_marks_where_it_became_a_response(traced: Client) -> None:
    assert traced.get("/boom/").status_code == 500
    trace = last_trace()
    core = trace.root.find("core")[0]
    assert core.outcome == "caught" and core.detail["converted_to"] == "500"
    assert "ValueError: boom" in core.detail["exception"]
    assert trace.root.find("hook")[-1].name == "Outer.process_response"
    assert trace.status == 500


def test_panel_is_injected_into_html_before_body_end(traced: Client) -> None:
    response = traced.get("/plain/")
    body = response.content.decode()
    assert body.count('id="scallion-trace"') == 1
    assert body.index('id="scallion-trace"') < body.rindex("</body>")
    assert f'data-trace-id="{last_trace().id}"' in body
    for name in MIDDLEWARE:
        assert f'data-name="{name}"' in body


def test_panel_is_injected_into_a_gzipped_page() -> None:
    ring.clear()
    with_gzip = {**SETTINGS, "MIDDLEWARE": ["scallion.middleware.gzip.GZipMiddleware", *MIDDLEWARE]}
    with override_settings(**with_gzip):
        response = Client().get("/long/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    ring.clear()
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(response.content))
    body = gzip.decompress(response.content)
    assert body.count(b'id="scallion-trace"') == 1
    assert body.index(b'id="scallion-trace"') < body.rindex(b"</body>")
    assert body.startswith(b"<html><body><p>compress me</p>")
    assert b'data-name="scallion.middleware.gzip.GZipMiddleware"' in body


def test_panel_leaves_other_encodings_alone(traced: Client) -> None:
    response = traced.get("/encoded/")
    assert response.content == b"<html><body>not really brotli</body></html>"


@pytest.mark.parametrize("path", ["/api/", "/stream/"])
def test_panel_is_not_injected_into_json_or_streaming(traced: Client, path: str) -> None:
    response = traced.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"scallion-trace" not in body


def test_requests_page_lists_recent_requests_and_is_not_traced(traced: Client) -> None:
    traced.get("/plain/")
    traced.get("/api/")
    page = traced.get("/__scallion__/requests/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    assert body.index("/api/") < body.index("/plain/")  # newest first
    assert [t.path for t in ring.recent()] == ["/api/", "/plain/"]


def test_trace_page_draws_the_onion(traced: Client) -> None:
    traced.get("/")
    body = traced.get(f"/__scallion__/requests/{last_trace().id}/").content.decode()
    positions = [body.index(f'data-name="{name}"') for name in MIDDLEWARE]
    assert positions == sorted(positions)
    assert 'data-kind="view"' in body and "response produced here" in body


def test_pages_answer_json(traced: Client) -> None:
    traced.get("/plain/")
    listing = json.loads(
        traced.get("/__scallion__/requests/", HTTP_ACCEPT="application/json").content
    )
    first = listing["requests"][0]
    assert first["path"] == "/plain/" and first["status"] == 200
    detail = json.loads(traced.get(first["url"], HTTP_ACCEPT="application/json").content)
    assert detail["steps"]["children"][0]["name"] == MIDDLEWARE[0]


@pytest.mark.parametrize("wanted", ["999999", "abc", "1" * 40])
def test_unknown_trace_is_a_404(traced: Client, wanted: str) -> None:
    assert traced.get(f"/__scallion__/requests/{wanted}/").status_code == 404


def test_request_data_is_escaped_on_every_page(traced: Client) -> None:
    nasty = "/pl%1Bain%E2%80%AE/%3Cscript%3Ealert(1)%3C/script%3E/"
    panel = traced.get(nasty).content.decode()  # a 404 page, with the panel
    listing = traced.get("/__scallion__/requests/").content.decode()
    detail = traced.get(f"/__scallion__/requests/{last_trace().id}/").content.decode()
    missing = traced.get("/__scallion__/requests/%3Cscript%3E%1B/").content.decode()
    for page in (panel, listing, detail, missing):
        assert "<script>alert" not in page and "<script>" not in page
        assert "\x1b" not in page and "\u202e" not in page
    # The decoded path (URL resolution step) shows control characters as escapes.
    assert "\\x1b" in detail and "\\u202e" in detail and "\\x1b" in missing
    assert "&lt;script&gt;" in detail and "&lt;script&gt;" in missing


def test_async_chain_is_traced() -> None:
    ring.clear()
    with override_settings(**SETTINGS):
        response = asyncio.run(AsyncClient().get("/async/"))
    assert response.status_code == 200
    assert b"scallion-trace" in response.content
    trace = last_trace()
    assert trace.layers() == MIDDLEWARE
    assert trace.root.find("view")[0].name == "tests.trace.app.async_view"
    ring.clear()


@pytest.mark.parametrize(
    "flags", [{"DEBUG": False, "TRACE_REQUESTS": True}, {"DEBUG": True, "TRACE_REQUESTS": False}]
)
def test_off_builds_the_plain_chain(flags: dict[str, bool]) -> None:
    ring.clear()
    with override_settings(**{**SETTINGS, **flags}):
        handler = WSGIHandler()
        assert handler._tracer is None
        assert "resolve_request" not in vars(handler)  # the class method, unwrapped
        response = Client().get("/plain/")
        page = Client().get("/__scallion__/requests/")
    assert b"scallion-trace" not in response.content
    assert page.status_code == 404  # served by nobody: the user's URLconf has no such path
    assert ring.recent() == []


def test_current_trace_is_none_outside_a_request() -> None:
    assert current_trace() is None


def test_ring_is_bounded() -> None:
    small = TraceRing(size=3)
    traces = [Trace("GET", f"/{n}/") for n in range(5)]
    for trace in traces:
        small.add(trace)
    assert [t.path for t in small.recent()] == ["/4/", "/3/", "/2/"]
    assert small.get(traces[0].id) is None and small.get(traces[4].id) is traces[4]


def test_recorded_text_is_bounded_and_printable() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError

    assert len(clip("x" * 10_000)) == MAX_TEXT + 1
    assert clip("a\x00b\u202e") == "a\\x00b\\u202e"
    assert "str() raised" in clip(Broken())


def test_span_records_an_escaping_exception() -> None:
    trace = Trace("GET", "/")
    with pytest.raises(KeyError), trace.span("view", "v"):
        raise KeyError("k")
    step = trace.root.children[0]
    assert step.outcome == "raised" and "KeyError" in step.detail["exception"]
    trace.event("template", "t.html", duration_ms=2.0, engine="jinja2")
    assert trace.root.children[1].duration_ms == pytest.approx(2.0)
    assert trace.root.children[1].detail == {"engine": "jinja2"}


def test_none_returning_middleware_is_still_named(traced: Client) -> None:
    def none_middleware(get_response: Any) -> Any:
        def middleware(request: Any) -> None:
            return None

        return middleware

    import tests.trace.app as app

    app.none_middleware = none_middleware  # type: ignore[attr-defined]
    try:
        with override_settings(MIDDLEWARE=["tests.trace.app.none_middleware"]):
            response = Client(raise_request_exception=False).get("/plain/")
    finally:
        del app.none_middleware  # type: ignore[attr-defined]
    assert response.status_code == 500
    assert b"none_middleware" in response.content


def logged_frames(caplog: pytest.LogCaptureFixture, path: str, trace: bool) -> list[str]:
    """``file:function`` of each frame of the traceback logged for ``path``."""
    import traceback

    caplog.clear()
    with override_settings(**{**SETTINGS, "TRACE_REQUESTS": trace}):
        if path.startswith("/async"):
            response = asyncio.run(AsyncClient(raise_request_exception=False).get(path))
        else:
            response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "scallion.request"]
    assert record.exc_info is not None
    frames = traceback.extract_tb(record.exc_info[2])
    return [f"{os.path.basename(frame.filename)}:{frame.name}" for frame in frames]


@pytest.mark.parametrize("path", ["/boom/", "/async-boom/"])
def test_logged_tracebacks_have_no_trace_wrapper_frames(
    caplog: pytest.LogCaptureFixture, path: str
) -> None:
    ring.clear()
    traced_frames = logged_frames(caplog, path, trace=True)
    plain_frames = logged_frames(caplog, path, trace=False)
    ring.clear()
    assert not [frame for frame in traced_frames if frame.startswith("wrap.py:")]
    assert traced_frames == plain_frames
    assert traced_frames[-1] in ("app.py:boom", "app.py:async_boom")


def test_each_step_has_its_own_time_beside_its_inclusive_time(traced: Client) -> None:
    body = traced.get("/").content.decode()
    trace = last_trace()
    outer = trace.root.find("middleware")[0]
    for step in [trace.root, *trace.root.find("middleware"), *trace.root.find("core")]:
        inner = sum(child.duration_ms for child in step.children)
        assert step.own_ms == pytest.approx(max(step.duration_ms - inner, 0.0), abs=1e-6)
        assert step.own_ms <= step.duration_ms
    assert f"own {outer.own_ms:.2f} ms" in body  # in the panel, beside the inclusive time
    assert f"{outer.duration_ms:.2f} ms" in body
    leaf = trace.root.find("resolve")[0]
    assert not leaf.children and leaf.own_ms == pytest.approx(leaf.duration_ms)
    detail = json.loads(
        traced.get(f"/__scallion__/requests/{trace.id}/", HTTP_ACCEPT="application/json").content
    )
    assert detail["steps"]["children"][0]["own_ms"] == round(outer.own_ms, 3)


def test_a_streaming_response_says_its_time_excludes_the_body(traced: Client) -> None:
    traced.get("/plain/")
    plain = last_trace()
    response = traced.get("/stream/")
    b"".join(response.streaming_content)
    streamed = last_trace()
    assert streamed.streaming is True and plain.streaming is False
    listing = traced.get("/__scallion__/requests/").content.decode()
    assert listing.count("before the streamed body") == 1
    page = traced.get(f"/__scallion__/requests/{streamed.id}/").content.decode()
    assert 'id="sct-streaming"' in page and "is not included" in page
    assert (
        'id="sct-streaming"'
        not in traced.get(f"/__scallion__/requests/{plain.id}/").content.decode()
    )
    summary = json.loads(
        traced.get("/__scallion__/requests/", HTTP_ACCEPT="application/json").content
    )
    assert [entry["streaming"] for entry in summary["requests"][-2:]] == [True, False]


def test_trace_ids_name_the_recording_process(traced: Client) -> None:
    traced.get("/plain/")
    traced.get("/plain/")
    first, second = reversed(ring.recent()[:2])
    pid, number = first.id.split("-")
    assert int(pid) == os.getpid()
    assert second.id == f"{pid}-{int(number) + 1}"
    elsewhere = f"{os.getpid() + 1}-{number}"
    missing = traced.get(f"/__scallion__/requests/{elsewhere}/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert 'id="sct-other-process"' in page
    assert f"recorded by process {os.getpid() + 1}" in page and str(os.getpid()) in page
    gone = traced.get(f"/__scallion__/requests/{pid}-999999999/").content.decode()
    assert "Only the last requests are kept" in gone and "sct-other-process" not in gone
