"""Reflected input is HTML-escaped in every template, whatever its extension."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from tests.http.hostile.edges import Request

from .conftest import Serve

TEMPLATES = [
    {
        "BACKEND": "scallion.template.backends.jinja2.Jinja2",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
    }
]
SCRIPT = "<script>alert(document.cookie)</script>"


@pytest.mark.parametrize("name", ["page.jinja", "page.html.j2", "icon.svg", "page.xhtml"])
def test_reflected_script_is_escaped_in_any_template(serve: Serve, name: str) -> None:
    request = Request("xss", 200, path=f"/page/{name}", query=f"value={quote(SCRIPT)}")
    answer = serve(request, TEMPLATES=TEMPLATES)
    assert answer.status == 200
    assert SCRIPT.encode() not in answer.content
    assert b"&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in answer.content
