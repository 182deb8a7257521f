"""sensitive_variables and sensitive_post_parameters: marks the error reports read."""

from __future__ import annotations

import asyncio
import sys

import pytest

from scallion.test import Client, RequestFactory, override_settings
from scallion.views.decorators.debug import (
    ALL,
    sensitive_post_parameters,
    sensitive_variables,
    sensitive_variables_of,
)
from tests.debug import sensitive_views


def _innermost_frame(exc: BaseException):  # type: ignore[no-untyped-def]
    tb = exc.__traceback__
    assert tb is not None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame


def test_bare_use_is_refused_with_the_fix() -> None:
    with pytest.raises(TypeError, match=r"use @sensitive_variables\(\), not @sensitive_variables"):
        sensitive_variables(lambda: None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"@sensitive_post_parameters\(\), not"):
        sensitive_post_parameters(lambda request: None)  # type: ignore[arg-type]


def test_a_function_frame_knows_its_marked_names() -> None:
    with pytest.raises(ValueError) as info:
        sensitive_views.charge("jacob", "card-number")
    assert sensitive_variables_of(_innermost_frame(info.value)) == ("card",)
    with pytest.raises(ValueError) as info:
        sensitive_views.everything_secret("token")
    assert sensitive_variables_of(_innermost_frame(info.value)) == ALL


def test_an_unmarked_frame_has_none() -> None:
    try:
        raise ValueError("plain")
    except ValueError as exc:
        assert sensitive_variables_of(_innermost_frame(exc)) is None


def test_a_coroutine_is_registered_by_its_code_and_left_unwrapped() -> None:
    assert asyncio.iscoroutinefunction(sensitive_views.async_charge)
    with pytest.raises(ValueError) as info:
        asyncio.run(sensitive_views.async_charge("1234"))
    assert sensitive_variables_of(_innermost_frame(info.value)) == ("pin",)


def test_a_coroutine_without_a_source_file_is_refused() -> None:
    async def builtin_like() -> None:
        return None

    builtin_like.__wrapped__ = len  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="cannot safely be wrapped by @sensitive_variables"):
        sensitive_variables("x")(builtin_like)


def test_post_parameters_are_marked_on_the_request() -> None:
    request = RequestFactory().post("/", {"password": "pw"})

    @sensitive_post_parameters("password", "card")
    def view(request):  # type: ignore[no-untyped-def]
        return request.sensitive_post_parameters

    assert view(request) == ("password", "card")

    @sensitive_post_parameters()
    async def async_view(request):  # type: ignore[no-untyped-def]
        return request.sensitive_post_parameters

    assert asyncio.run(async_view(request)) == ALL


def test_post_parameters_need_a_request_first() -> None:
    @sensitive_post_parameters("password")
    def method(self, request):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(TypeError, match="method_decorator"):
        method(object(), RequestFactory().get("/"))


@override_settings(DEBUG=True, ROOT_URLCONF="tests.debug.sensitive_views")
def test_the_debug_page_masks_marked_locals_and_post_fields() -> None:
    client = Client(raise_request_exception=False)
    fields = {"password": "pw-field-secret", "user": "jacob", "card": "card-4242-4242-secret"}
    page = client.post("/login/", fields).content
    assert b"card-4242-4242-secret" not in page
    assert b"pw-field-secret" not in page
    assert b"visible-amount" in page  # an unmarked local of the same frame
    assert b"jacob" in page  # an unmarked POST field
    fields = {"user": "jacob-field", "token": "token-value-secret"}
    page = client.post("/login-all/", fields).content
    assert b"token-value-secret" not in page
    assert b"token-value-secret"[::-1] not in page  # another local of the marked frame
    assert b"jacob-field" not in page


def test_sensitive_variables_keeps_the_function_name() -> None:
    assert sensitive_views.charge.__name__ == "charge"
    assert sys.modules[sensitive_views.charge.__module__] is sensitive_views
