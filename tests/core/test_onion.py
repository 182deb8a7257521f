"""The onion's documented semantics, each asserted as a trace of hook calls."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.test import Client, override_settings
from tests.core.trace_middleware import TRACE

MW = "tests.core.trace_middleware."
STACK = [MW + "Outer", MW + "Middle", MW + "Inner"]

REQUEST = ["Outer.process_request", "Middle.process_request", "Inner.process_request"]
VIEW = ["Outer.process_view", "Middle.process_view", "Inner.process_view"]
RESPONSE = ["Inner.process_response", "Middle.process_response", "Outer.process_response"]
EXCEPTION = ["Inner.process_exception", "Middle.process_exception", "Outer.process_exception"]


@pytest.fixture(autouse=True)
def onion_settings() -> Iterator[None]:
    TRACE.clear()
    with override_settings(ROOT_URLCONF="tests.core.trace_urls", MIDDLEWARE=STACK):
        yield
    TRACE.clear()


def get(path: str, act: str = "", **kwargs: object) -> object:
    client = Client(raise_request_exception=False)
    headers = {"X-Act": act} if act else None
    return client.get(path, headers=headers, **kwargs)


def test_request_flows_outside_in_and_response_inside_out() -> None:
    response = get("/view/")
    assert response.status_code == 200
    assert response.content == b"view body"
    assert TRACE == [*REQUEST, *VIEW, "view", *RESPONSE]
    assert response["X-Seen-By"] == "InnerMiddleOuter"


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_process_request_short_circuit_skips_inner_layers_and_view(layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_request=respond")
    assert response.status_code == 299
    assert response.content == f"from {layer}.process_request".encode()
    depth = ["Outer", "Middle", "Inner"].index(layer) + 1
    entered = REQUEST[:depth]
    left = RESPONSE[len(RESPONSE) - depth :]
    assert TRACE == [*entered, *left]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_process_view_short_circuit_skips_later_view_hooks_and_view(layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_view=respond")
    assert response.status_code == 299
    depth = ["Outer", "Middle", "Inner"].index(layer) + 1
    assert TRACE == [*REQUEST, *VIEW[:depth], *RESPONSE]


def test_view_exception_goes_to_process_exception_in_reverse_then_500() -> None:
    response = get("/fail/")
    assert response.status_code == 500
    assert TRACE == [*REQUEST, *VIEW, "view", *EXCEPTION, *RESPONSE]
    assert response["X-Seen-By"] == "InnerMiddleOuter"


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_first_process_exception_response_wins(layer: str) -> None:
    response = get("/fail/", act=f"{layer}.process_exception=respond")
    assert response.status_code == 299
    assert response.content == f"from {layer}.process_exception".encode()
    upto = EXCEPTION.index(f"{layer}.process_exception") + 1
    assert TRACE == [*REQUEST, *VIEW, "view", *EXCEPTION[:upto], *RESPONSE]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_request_becomes_response_for_outer_layers(layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_request=raise")
    assert response.status_code == 500
    depth = ["Outer", "Middle", "Inner"].index(layer) + 1
    outer_layers_left = RESPONSE[len(RESPONSE) - depth + 1 :]
    assert TRACE == [*REQUEST[:depth], *outer_layers_left]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_view_is_not_passed_to_process_exception(layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_view=raise")
    assert response.status_code == 500
    depth = ["Outer", "Middle", "Inner"].index(layer) + 1
    assert TRACE == [*REQUEST, *VIEW[:depth], *RESPONSE]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_response_reaches_outer_layers_as_500(layer: str) -> None:
    response = get("/view/", act=f"{layer}.process_response=raise")
    assert response.status_code == 500
    position = RESPONSE.index(f"{layer}.process_response")
    assert TRACE == [*REQUEST, *VIEW, "view", *RESPONSE]
    # The layers outside the failing one saw the 500 and still ran.
    assert response.get("X-Seen-By", "") == "".join(
        n.split(".")[0] for n in RESPONSE[position + 1 :]
    )


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_exception_becomes_500_for_outer_layers(layer: str) -> None:
    response = get("/fail/", act=f"{layer}.process_exception=raise")
    assert response.status_code == 500
    upto = EXCEPTION.index(f"{layer}.process_exception") + 1
    assert TRACE == [*REQUEST, *VIEW, "view", *EXCEPTION[:upto], *RESPONSE]


def test_view_returning_none_is_a_value_error_naming_the_view(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["testserver"]):
        response = get("/none/")
    assert response.status_code == 500
    page = html.unescape(response.content.decode())
    assert "tests.core.trace_urls.none_view didn't return an HttpResponse" in page
    assert TRACE == [*REQUEST, *VIEW, "view", *RESPONSE]


def test_view_returning_none_raises_in_the_client_by_default() -> None:
    with pytest.raises(ValueError, match=r"none_view didn't return an HttpResponse object"):
        Client().get("/none/")


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_middleware_returning_none_is_a_value_error_naming_it(layer: str) -> None:
    client = Client()
    with pytest.raises(ValueError, match=rf"middleware tests\.core\.trace_middleware\.{layer} "):
        client.get("/view/", headers={"X-Act": f"{layer}.process_response=none"})


def test_function_middleware_returning_none_is_named() -> None:
    with override_settings(MIDDLEWARE=[MW + "function_middleware"]):
        with pytest.raises(ValueError, match=r"function_middleware\.<locals>\.middleware"):
            Client().get("/view/", headers={"X-Act": "Func.call=none"})


def test_function_middleware_hooks_are_collected() -> None:
    with override_settings(MIDDLEWARE=[MW + "Outer", MW + "function_middleware", MW + "Inner"]):
        response = get("/view/")
    assert response.status_code == 200
    assert TRACE == [
        "Outer.process_request",
        "Func.before",
        "Inner.process_request",
        "Outer.process_view",
        "Func.process_view",
        "Inner.process_view",
        "view",
        "Inner.process_response",
        "Func.after",
        "Outer.process_response",
    ]


def test_function_middleware_short_circuit() -> None:
    with override_settings(MIDDLEWARE=[MW + "Outer", MW + "function_middleware", MW + "Inner"]):
        response = get("/view/", act="Func.call=respond")
    assert response.status_code == 299
    assert TRACE == ["Outer.process_request", "Func.before", "Outer.process_response"]


def test_template_response_hooks_run_in_reverse_before_render() -> None:
    response = get("/template/")
    assert response.status_code == 200
    assert response.content == b"rendered:view"
    assert TRACE == [
        *REQUEST,
        *VIEW,
        "view",
        "Inner.process_template_response",
        "Middle.process_template_response",
        "Outer.process_template_response",
        "render",
        *RESPONSE,
    ]


def test_process_template_response_returning_none_is_named() -> None:
    with pytest.raises(
        ValueError, match=r"Middle\.process_template_response didn't return an HttpResponse"
    ):
        Client().get("/template/", headers={"X-Act": "Middle.process_template_response=none"})


def test_middleware_not_used_is_skipped() -> None:
    with override_settings(MIDDLEWARE=[MW + "Outer", MW + "NotUsed", MW + "Inner"]):
        response = get("/view/")
    assert response.status_code == 200
    # The chain is Outer around Inner, with nothing in between.
    assert TRACE == [
        "Outer.process_request",
        "Inner.process_request",
        "Outer.process_view",
        "Inner.process_view",
        "view",
        "Inner.process_response",
        "Outer.process_response",
    ]
    assert response["X-Seen-By"] == "InnerOuter"


def test_unimportable_middleware_names_the_dotted_path() -> None:
    with override_settings(MIDDLEWARE=["tests.core.nowhere.Missing"]):
        with pytest.raises(ImproperlyConfigured, match=r"tests\.core\.nowhere\.Missing"):
            Client().get("/view/")


def test_chain_is_built_once_per_handler() -> None:
    client = Client()
    client.get("/view/")
    chain = client.handler._middleware_chain
    client.get("/view/")
    assert client.handler._middleware_chain is chain
    assert len(client.handler._view_middleware) == 3
    assert len(client.handler._exception_middleware) == 3


TEMPLATE_HOOKS = [
    "Inner.process_template_response",
    "Middle.process_template_response",
    "Outer.process_template_response",
]


@pytest.mark.parametrize("layer", ["Outer", "Middle", "Inner"])
def test_exception_in_process_template_response_is_500_without_process_exception(
    layer: str,
) -> None:
    # As in Django: only the view's and render()'s exceptions reach process_exception.
    response = get("/template/", act=f"{layer}.process_template_response=raise")
    assert response.status_code == 500
    upto = TEMPLATE_HOOKS.index(f"{layer}.process_template_response") + 1
    assert TRACE == [*REQUEST, *VIEW, "view", *TEMPLATE_HOOKS[:upto], *RESPONSE]
    assert response["X-Seen-By"] == "InnerMiddleOuter"
    assert b"boom" not in response.content


def test_exception_in_render_goes_to_process_exception_then_500() -> None:
    response = get("/template/", act="render=raise")
    assert response.status_code == 500
    assert TRACE == [*REQUEST, *VIEW, "view", *TEMPLATE_HOOKS, "render", *EXCEPTION, *RESPONSE]
    assert response["X-Seen-By"] == "InnerMiddleOuter"


def test_process_exception_answers_an_exception_in_render() -> None:
    response = get("/template/", act="render=raise,Middle.process_exception=respond")
    assert response.status_code == 299
    assert response.content == b"from Middle.process_exception"
    assert TRACE == [
        *REQUEST,
        *VIEW,
        "view",
        *TEMPLATE_HOOKS,
        "render",
        "Inner.process_exception",
        "Middle.process_exception",
        *RESPONSE,
    ]


FUNC_STACK = [MW + "Outer", MW + "function_middleware", MW + "Inner"]


def test_exception_in_function_middleware_before_the_inner_layers() -> None:
    with override_settings(MIDDLEWARE=FUNC_STACK):
        response = get("/view/", act="Func.call=raise")
    assert response.status_code == 500
    # Inner layers and the view never ran; the outer layer saw the 500.
    assert TRACE == ["Outer.process_request", "Func.before", "Outer.process_response"]
    assert response["X-Seen-By"] == "Outer"


def test_exception_in_function_middleware_after_the_inner_layers() -> None:
    with override_settings(MIDDLEWARE=FUNC_STACK):
        response = get("/view/", act="Func.after=raise")
    assert response.status_code == 500
    assert TRACE == [
        "Outer.process_request",
        "Func.before",
        "Inner.process_request",
        "Outer.process_view",
        "Func.process_view",
        "Inner.process_view",
        "view",
        "Inner.process_response",
        "Func.after",
        "Outer.process_response",
    ]
    # The response Inner marked was replaced by the 500 the wrapper made.
    assert response["X-Seen-By"] == "Outer"


def test_exception_in_function_middleware_is_not_passed_to_process_exception() -> None:
    with override_settings(MIDDLEWARE=FUNC_STACK):
        response = get("/view/", act="Func.after=raise,Outer.process_exception=respond")
    assert response.status_code == 500
    assert "Outer.process_exception" not in TRACE


def test_middleware_not_used_is_logged_at_debug_when_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="scallion.request"):
        with override_settings(DEBUG=True, MIDDLEWARE=[MW + "Outer", MW + "NotUsed"]):
            assert get("/view/").status_code == 200
    records = [r for r in caplog.records if "MiddlewareNotUsed" in r.getMessage()]
    assert [(r.name, r.levelname) for r in records] == [("scallion.request", "DEBUG")]
    assert records[0].getMessage() == (
        "MiddlewareNotUsed('tests.core.trace_middleware.NotUsed'): only in production"
    )


def test_middleware_not_used_is_not_logged_without_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="scallion.request"):
        with override_settings(DEBUG=False, MIDDLEWARE=[MW + "Outer", MW + "NotUsed"]):
            assert get("/view/").status_code == 200
    assert not [r for r in caplog.records if "MiddlewareNotUsed" in r.getMessage()]


def test_non_callable_middleware_entry_is_named() -> None:
    with override_settings(MIDDLEWARE=[MW + "NOT_CALLABLE"]):
        with pytest.raises(ImproperlyConfigured) as info:
            Client().get("/view/")
    message = str(info.value)
    assert "'tests.core.trace_middleware.NOT_CALLABLE'" in message
    assert "int 42, which is not callable" in message
    assert "a class whose __init__ takes get_response" in message


def test_non_string_middleware_entry_is_named() -> None:
    with override_settings(MIDDLEWARE=[42]):
        with pytest.raises(ImproperlyConfigured, match=r"contains 42, which is not a dotted path"):
            Client().get("/view/")


def test_factory_without_get_response_says_how_to_fix_it() -> None:
    with override_settings(MIDDLEWARE=[MW + "NoGetResponse"]):
        with pytest.raises(ImproperlyConfigured) as info:
            Client().get("/view/")
    message = str(info.value)
    assert "'tests.core.trace_middleware.NoGetResponse'" in message
    assert "cannot be called with get_response" in message
    assert "def __init__(self, get_response)" in message
    assert isinstance(info.value.__cause__, TypeError)


def test_factory_raising_type_error_is_named() -> None:
    with override_settings(MIDDLEWARE=[MW + "broken_factory"]):
        with pytest.raises(ImproperlyConfigured) as info:
            Client().get("/view/")
    message = str(info.value)
    assert "'tests.core.trace_middleware.broken_factory'" in message
    assert "raised TypeError while being built" in message
    assert "has no len()" in message


def test_mode_adaptations_are_logged_naming_the_middleware(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="scallion.request"):
        with override_settings(MIDDLEWARE=[MW + "Outer", MW + "AsyncOnly"]):
            assert get("/view/").status_code == 200
    messages = [r.getMessage() for r in caplog.records if "adapted for" in r.getMessage()]
    # Django's words: the sync core is adapted for the async-only layer (Outer,
    # able to run either way, then stays async, and the chain is adapted once
    # for the sync edge).
    assert messages == [
        "Synchronous handler adapted for middleware tests.core.trace_middleware.AsyncOnly.",
        "Asynchronous handler adapted for the chain.",
    ]


def test_async_template_hook_returning_none_in_a_sync_chain_is_named() -> None:
    # The hook is wrapped with async_to_sync, which has no __name__ of its own.
    with override_settings(MIDDLEWARE=[MW + "AsyncTemplateHookReturnsNone"]):
        with pytest.raises(
            ValueError,
            match=r"AsyncTemplateHookReturnsNone\.process_template_response didn't return an "
            r"HttpResponse object\. It returned None instead\.",
        ):
            Client().get("/template/")
