"""A view the handler cannot use as a dict key is still served (its traits are not kept)."""

from __future__ import annotations

from scallion.test import override_settings
from tests.edges import Edge


def test_a_callable_dataclass_instance_is_a_view(edge: Edge) -> None:
    with override_settings(ROOT_URLCONF="tests.core.unhashable_view_urls", MIDDLEWARE=[]):
        first = edge.get("/hi/")
        second = edge.get("/hi/")
    assert (first.status_code, first.content) == (200, b"hello")
    assert (second.status_code, second.content) == (200, b"hello")
