"""iri_to_uri: Django's conversion of an IRI to a URI."""

from __future__ import annotations

import pytest

from scallion.utils.encoding import iri_to_uri
from scallion.utils.functional import lazy


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("/caf\u00e9/", "/caf%C3%A9/"),
        ("/a b/", "/a%20b/"),
        ("/?q=\u2603&r=1#f", "/?q=%E2%98%83&r=1#f"),
        ("/%C3%A9/", "/%C3%A9/"),  # escapes are kept, not doubled
        ("/~user/[x]=:;$&()+,!?*@'", "/~user/[x]=:;$&()+,!?*@'"),
        ('/<"{}|\\^`>', "/%3C%22%7B%7D%7C%5C%5E%60%3E"),
    ],
)
def test_iri_to_uri(iri: str, uri: str) -> None:
    assert iri_to_uri(iri) == uri
    assert iri_to_uri(uri) == uri  # idempotent


def test_none_and_lazy() -> None:
    assert iri_to_uri(None) is None
    assert iri_to_uri(lazy(lambda: "/\u00e9", str)()) == "/%C3%A9"
