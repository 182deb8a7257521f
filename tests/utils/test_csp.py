"""``scallion.utils.csp``: the keywords, the lazy nonce, and the policy text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.utils.csp import (
    CONTEXT_KEY,
    CSP,
    LazyNonce,
    build_policy,
    generate_nonce,
    nonce_attr,
    uses_nonce,
)


def test_keywords_carry_their_quotes() -> None:
    assert CSP.SELF == "'self'"
    assert CSP.NONE == "'none'"
    assert CSP.UNSAFE_INLINE == "'unsafe-inline'"
    assert CSP.STRICT_DYNAMIC == "'strict-dynamic'"
    assert CSP.HEADER_ENFORCE == "Content-Security-Policy"
    assert CSP.HEADER_REPORT_ONLY == "Content-Security-Policy-Report-Only"
    assert CSP.NONCE == "<CSP_NONCE_SENTINEL>"


@pytest.mark.parametrize(
    ("config", "policy"),
    [
        ({}, ""),
        ({"default-src": [CSP.SELF]}, "default-src 'self'"),
        ({"default-src": (CSP.SELF, "cdn.example")}, "default-src 'self' cdn.example"),
        ({"report-uri": "/csp-report/"}, "report-uri /csp-report/"),
        ({"upgrade-insecure-requests": True}, "upgrade-insecure-requests"),
        ({"a": None, "b": False, "c": [CSP.SELF]}, "c 'self'"),
        ({"img-src": {"b.example", "a.example", CSP.SELF}}, "img-src 'self' a.example b.example"),
        ({"script-src": []}, ""),
        (
            {"default-src": [CSP.SELF], "img-src": [CSP.SELF, "data:"]},
            "default-src 'self'; img-src 'self' data:",
        ),
    ],
)
def test_build_policy(config: dict[str, Any], policy: str) -> None:
    assert build_policy(config) == policy


def test_the_nonce_placeholder_becomes_the_nonce_or_goes() -> None:
    config = {"script-src": [CSP.SELF, CSP.NONCE], "style-src": [CSP.NONCE]}
    assert build_policy(config, "abc") == "script-src 'self' 'nonce-abc'; style-src 'nonce-abc'"
    # No nonce (or one never used): the placeholder is dropped, and a directive
    # left with no source at all is left out rather than sent empty.
    assert build_policy(config) == "script-src 'self'"
    assert build_policy(config, LazyNonce()) == "script-src 'self'"


def test_a_used_lazy_nonce_goes_in() -> None:
    nonce = LazyNonce()
    text = str(nonce)
    assert build_policy({"script-src": [CSP.NONCE]}, nonce) == f"script-src 'nonce-{text}'"


def test_lazy_nonce_is_made_on_first_use_only() -> None:
    nonce = LazyNonce()
    assert not nonce
    first = str(nonce)
    assert nonce
    assert str(nonce) == first == f"{nonce}"
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", first)
    assert str(LazyNonce()) != first


def test_generate_nonce_is_fresh_each_time() -> None:
    nonces = {generate_nonce() for _ in range(50)}
    assert len(nonces) == 50


def test_uses_nonce() -> None:
    assert uses_nonce({"script-src": [CSP.SELF, CSP.NONCE]})
    assert uses_nonce({"script-src": CSP.NONCE})
    assert not uses_nonce({"script-src": [CSP.SELF], "upgrade-insecure-requests": True})
    assert not uses_nonce({})
    assert not uses_nonce(None)


def test_nonce_attr() -> None:
    assert nonce_attr({}) == ""
    assert nonce_attr({CONTEXT_KEY: "abc"}) == 'nonce="abc"'
    assert nonce_attr({CONTEXT_KEY: '"><script>'}) == 'nonce="&quot;&gt;&lt;script&gt;"'

    class Media:
        def render(self, attrs: dict[str, Any] | None = None) -> str:
            return f"<script {attrs}></script>"

    assert nonce_attr({CONTEXT_KEY: "n"}, Media()) == "<script {'nonce': 'n'}></script>"
    assert nonce_attr({}, Media()) == "<script None></script>"


_SOURCES = st.lists(st.sampled_from([CSP.SELF, CSP.NONE, CSP.NONCE, "a.example", "data:"]))


@given(st.dictionaries(st.sampled_from(["default-src", "img-src", "script-src"]), _SOURCES))
def test_the_nonce_placeholder_never_reaches_a_header(config: dict[str, list[str]]) -> None:
    for nonce in (None, "abc"):
        policy = build_policy(config, nonce)
        assert CSP.NONCE not in policy
        # Every directive kept has at least one source, and the parts are joined by "; ".
        for part in filter(None, policy.split("; ")):
            assert len(part.split(" ")) >= 2


def test_a_made_nonce_passes_for_its_string() -> None:
    nonce = LazyNonce()
    assert repr(nonce) == f"<LazyNonce: {generate_nonce!r}>"
    assert not nonce  # repr made nothing
    assert len(nonce) == 22
    assert isinstance(nonce, str)
    assert repr(nonce) == f"<LazyNonce: {str(nonce)!r}>"
    assert type(nonce) is LazyNonce
