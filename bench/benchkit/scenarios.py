"""The scenarios, defined once so that every framework answers the same request.

Each app module under ``bench/apps/`` builds its app from the constants here, and
the worker checks every framework's answer against the same expectation before
timing it: a fast wrong answer must never reach the table.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

HELLO_BODY = b"Hello, World!"
PARAM_ID = 42
TEMPLATE_TITLE = "Bench & <Page>"
TEMPLATE_ITEMS = [{"id": i, "name": f"Item {i} <{i}> & co"} for i in range(20)]
CONTEXT_KEY = "site_name"
CONTEXT_VALUE = "scallion-bench & friends"
FORM_FIELDS = [(f"field{i}", f"value {i} & more/{i}") for i in range(10)]
FORM_ECHO_FIELD = "field7"
UPLOAD_SIZE = 1024 * 1024
UPLOAD_FIELDS = [("title", "holiday photo"), ("album", "2024 & more")]
UPLOAD_BOUNDARY = "----scallionbenchboundary7MA4YWxkTrZu0gW"
MIDDLEWARE_COUNT = 5
ROUTE_COUNTS = {"param": 100, "param1000": 1000, "param10000": 10000}
HOST = "localhost"


class VerificationError(AssertionError):
    """A framework answered a scenario wrongly; the run must not time it."""


def site_context(request: object = None) -> dict[str, str]:
    """The context processor of the template scenario (Django's signature)."""
    return {CONTEXT_KEY: CONTEXT_VALUE}


def template_context() -> dict[str, object]:
    """The view's own context; the processor adds ``site_name``."""
    return {"title": TEMPLATE_TITLE, "items": TEMPLATE_ITEMS}


def route_pattern(index: int) -> str:
    """The Django-style route string of one param route, without a leading slash."""
    return f"r{index}/<int:id>/item"


def param_body(index: int, ident: int) -> bytes:
    return f"r{index} item {ident}".encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _normalize(text: str) -> str:
    return " ".join(text.split())


def expected_template_text() -> str:
    """What ``templates/page.html`` renders to, whitespace-normalized.

    Written out by hand (not rendered with Jinja2) so that a template engine that
    forgets to autoescape, or drops the context processor, is caught.
    """
    items = "".join(
        f"<li>{item['id']}: {_escape(str(item['name']))}</li>" for item in TEMPLATE_ITEMS
    )
    title = _escape(TEMPLATE_TITLE)
    text = (
        f"<!doctype html> <html> <head><title>{title}</title></head> <body> "
        f"<h1>{title}</h1> <p class=site>{_escape(CONTEXT_VALUE)}</p> <ul> {items} </ul> "
        "</body> </html>"
    )
    return _normalize(text.replace("</li><li>", "</li> <li>"))


def form_body() -> bytes:
    return urllib.parse.urlencode(FORM_FIELDS).encode()


def form_echo_value() -> str:
    return dict(FORM_FIELDS)[FORM_ECHO_FIELD]


def upload_payload() -> bytes:
    """One 1 MiB file and two fields, as a browser would send them."""
    boundary = UPLOAD_BOUNDARY.encode()
    parts = []
    for name, value in UPLOAD_FIELDS:
        parts.append(
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"\r\n\r\n'
            + value.encode()
            + b"\r\n"
        )
    content = bytes(range(256)) * (UPLOAD_SIZE // 256)
    parts.append(
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="photo.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
    )
    parts.append(b"--" + boundary + b"--\r\n")
    return b"".join(parts)


Check = Callable[[bytes], "str | None"]


def _exact(expected: bytes) -> Check:
    def check(body: bytes) -> str | None:
        if body == expected:
            return None
        return f"expected body {expected[:200]!r}, got {body[:200]!r}"

    return check


def _json_equal(expected: object) -> Check:
    def check(body: bytes) -> str | None:
        try:
            value = json.loads(body)
        except ValueError as err:
            return f"body is not JSON ({err}): {body[:200]!r}"
        if value == expected:
            return None
        return f"expected JSON {expected!r}, got {value!r}"

    return check


def _template_check(body: bytes) -> str | None:
    got = _normalize(body.decode("utf-8", "replace"))
    want = expected_template_text()
    if got == want:
        return None
    at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    at = min(len(got), len(want)) if at is None else at
    window = slice(max(0, at - 40), at + 60)
    return f"template differs at {at}: expected ...{want[window]!r}, got ...{got[window]!r}"


@dataclass(frozen=True)
class Scenario:
    """One request and the answer every framework must give to it."""

    name: str
    method: str
    path: str
    check: Check
    query: str = ""
    content_type: str = ""
    body: bytes = b""
    expected_status: int = 200
    expected_type: str = "text/plain"
    description: str = ""
    extra_headers: tuple[tuple[str, str], ...] = field(default=())

    def verify(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        """Raise ``VerificationError`` saying what differs, or return quietly."""
        problems = []
        if status != self.expected_status:
            problems.append(f"expected status {self.expected_status}, got {status}")
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not content_type.lower().startswith(self.expected_type):
            problems.append(f"expected Content-Type {self.expected_type}..., got {content_type!r}")
        if status == self.expected_status:
            problem = self.check(body)
            if problem:
                problems.append(problem)
        else:
            problems.append(f"body starts {body[:300]!r}")
        if problems:
            raise VerificationError(f"scenario {self.name!r}: " + "; ".join(problems))


def _param(name: str) -> Scenario:
    last = ROUTE_COUNTS[name] - 1
    return Scenario(
        name,
        "GET",
        f"/r{last}/{PARAM_ID}/item",
        _exact(param_body(last, PARAM_ID)),
        description=f"{ROUTE_COUNTS[name]} routes /r{{i}}/<int:id>/item, the last one requested",
    )


_UPLOAD = upload_payload()

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario("hello", "GET", "/hello", _exact(HELLO_BODY), description="GET /hello"),
        _param("param"),
        _param("param1000"),
        _param("param10000"),
        Scenario(
            "json",
            "GET",
            "/json",
            _json_equal({"message": "Hello", "name": "abc"}),
            query="name=abc",
            expected_type="application/json",
            description="GET /json?name=abc",
        ),
        Scenario(
            "template",
            "GET",
            "/template",
            _template_check,
            expected_type="text/html",
            description="Jinja2 page, 20 autoescaped items, one context-processor value",
        ),
        Scenario(
            "cached",
            "GET",
            "/cached",
            _template_check,
            expected_type="text/html",
            description="the template page behind cache_page (local-memory cache): the hit path",
        ),
        Scenario(
            "middleware",
            "GET",
            "/hello",
            _exact(HELLO_BODY),
            description=f"hello behind {MIDDLEWARE_COUNT} pass-through middleware",
        ),
        Scenario(
            "stack",
            "GET",
            "/hello",
            _exact(HELLO_BODY),
            description="hello behind Django's startproject middleware stack",
        ),
        Scenario(
            "form",
            "POST",
            "/form",
            _exact(form_echo_value().encode()),
            content_type="application/x-www-form-urlencoded",
            body=form_body(),
            description="POST of 10 urlencoded fields, one echoed",
        ),
        Scenario(
            "upload",
            "POST",
            "/upload",
            _exact(str(UPLOAD_SIZE).encode()),
            content_type=f"multipart/form-data; boundary={UPLOAD_BOUNDARY}",
            body=_UPLOAD,
            description="multipart POST, one 1 MiB file and 2 fields; the file size echoed",
        ),
    ]
}

ASGI_SCENARIOS = ("hello", "json", "template", "middleware")
