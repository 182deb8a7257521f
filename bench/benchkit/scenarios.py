"""The scenarios, defined once so that every framework answers the same request.

Each app module under ``bench/apps/`` builds its app from the constants here, and
the worker checks every framework's answer against the same expectation before
timing it: a fast wrong answer must never reach the table.
"""

from __future__ import annotations

import datetime
import json
import re
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


# The realistic page (page-dtl, page-jinja2): orders.html extends a base with
# blocks, includes a nav, loops over 50 rows with filters, url, static, csrf, if.
PAGE_TEMPLATE_DTL = "dtl/orders.html"
PAGE_TEMPLATE_JINJA2 = "jinja2/orders.html"
PAGE_TITLE = "Orders & <Returns>"
PAGE_USER = "Ann & <Bob>"
PAGE_STATIC_URL = "/static/"
PAGE_PATH = "orders"
_NOTE = "Leave it at the back door please, thank you"
PAGE_ORDERS = [
    {
        "id": 1000 + i,
        "created": datetime.datetime(2024, 1 + i % 12, 1 + i % 28, i % 24, (i * 7) % 60),
        "customer": f"Customer {i} & <Co>",
        "total": (i * 1234) % 10000 / 100 + 0.25,
        "note": None if i % 3 == 0 else (_NOTE if i % 3 == 1 else "Gift wrap"),
        "paid": i % 2 == 0,
    }
    for i in range(50)
]


class VerificationError(AssertionError):
    """A framework answered a scenario wrongly; the run must not time it."""


def site_context(request: object = None) -> dict[str, str]:
    """The context processor of the template scenario (Django's signature)."""
    return {CONTEXT_KEY: CONTEXT_VALUE}


def template_context() -> dict[str, object]:
    """The view's own context; the processor adds ``site_name``."""
    return {"title": TEMPLATE_TITLE, "items": TEMPLATE_ITEMS}


def page_context() -> dict[str, object]:
    """The realistic page's view context; the processor adds ``site_name``."""
    return {"title": PAGE_TITLE, "user_name": PAGE_USER, "orders": PAGE_ORDERS}


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


def _truncate_words(text: str, count: int) -> str:
    words = text.split()
    return text if len(words) <= count else " ".join(words[:count]) + " \u2026"


def expected_page_text() -> str:
    """What the realistic page renders to, whitespace-normalized, the CSRF token masked.

    Written out by hand from the data, like ``expected_template_text``.
    """
    rows = []
    for order in PAGE_ORDERS:
        note = _truncate_words(str(order["note"] or "none"), 5)
        created = order["created"]
        assert isinstance(created, datetime.datetime)
        rows.append(
            f'<tr class="{"paid" if order["paid"] else "due"}"> '
            f'<td><a href="/{PAGE_PATH}/{order["id"]}/">#{order["id"]}</a></td> '
            f"<td>{created:%Y-%m-%d %H:%M}</td> "
            f"<td>{_escape(str(order['customer']))}</td> "
            f"<td>{order['total']:.2f}</td> "
            f"<td>{_escape(note)}</td> </tr>"
        )
    title = _escape(PAGE_TITLE)
    site = _escape(CONTEXT_VALUE)
    text = (
        '<!doctype html> <html lang="en"> <head> <meta charset="utf-8"> '
        f"<title>{title} | {site}</title> "
        f'<link rel="stylesheet" href="{PAGE_STATIC_URL}css/site.css"> </head> <body> '
        f'<nav><a href="/">Home</a> <span class="user">{_escape(PAGE_USER)}</span></nav> '
        f"<main> <h1>{title}</h1> "
        f'<form method="post" action="/{PAGE_PATH}"><input type="hidden" '
        'name="csrfmiddlewaretoken" value="TOKEN"><button>Refresh</button></form> '
        f"<table> {' '.join(rows)} </table> </main> <footer>{site}</footer> </body> </html>"
    )
    return _normalize(text)


_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _page_check(body: bytes) -> str | None:
    got = _normalize(_CSRF_VALUE.sub(r"\1TOKEN\2", body.decode("utf-8", "replace")))
    want = expected_page_text()
    if got == want:
        return None
    at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    at = min(len(got), len(want)) if at is None else at
    window = slice(max(0, at - 40), at + 60)
    return f"page differs at {at}: expected ...{want[window]!r}, got ...{got[window]!r}"


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
            "template-dtl",
            "GET",
            "/template",
            _template_check,
            expected_type="text/html",
            description="the template page in the Django template language",
        ),
        Scenario(
            "page-dtl",
            "GET",
            f"/{PAGE_PATH}",
            _page_check,
            expected_type="text/html",
            description=(
                "a realistic page in the Django template language: extends, blocks, "
                "include, 50 rows with date/floatformat/default/truncatewords, url, static, "
                "csrf_token, if"
            ),
        ),
        Scenario(
            "page-jinja2",
            "GET",
            f"/{PAGE_PATH}",
            _page_check,
            expected_type="text/html",
            description="the realistic page written in Jinja2 (same output)",
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
#: Template-engine scenarios: run by scallion and Django only.
DTL_SCENARIOS = ("template-dtl", "page-dtl")
JINJA2_PAGE_SCENARIOS = ("page-jinja2",)
