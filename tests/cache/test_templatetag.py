"""The Django template language's ``{% cache %}`` tag: Django's arguments, keys and errors."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from scallion.core.cache import caches, outages
from scallion.core.cache.utils import make_template_fragment_key
from scallion.template import Context
from scallion.template.engine import Engine
from scallion.template.exceptions import TemplateSyntaxError
from scallion.test import override_settings
from tests.cache.conftest import LOCMEM, REDIS


@pytest.fixture
def engine() -> Iterator[Engine]:
    caches_setting = {
        alias: {"BACKEND": LOCMEM, "LOCATION": f"dtl-{alias}-{uuid.uuid4().hex}"}
        for alias in ("default", "other")
    }
    outages.reset()
    with override_settings(CACHES=caches_setting):
        yield Engine(libraries={"cache": "scallion.templatetags.cache"})
    outages.reset()


def render(engine: Engine, source: str, **context: Any) -> str:
    return str(engine.from_string("{% load cache %}" + source).render(Context(context)))


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __str__(self) -> str:
        self.calls += 1
        return f"<i>{self.calls}</i>"


def test_the_fragment_is_rendered_once_under_djangos_key(engine: Engine) -> None:
    counter = Counter()
    source = "{% cache 500 sidebar %}[{{ counter }}]{% endcache %}"
    assert render(engine, source, counter=counter) == "[&lt;i&gt;1&lt;/i&gt;]"
    assert render(engine, source, counter=counter) == "[&lt;i&gt;1&lt;/i&gt;]"
    assert counter.calls == 1
    assert caches["default"].get(make_template_fragment_key("sidebar")) == (
        "[&lt;i&gt;1&lt;/i&gt;]"
    )


def test_vary_on_and_using(engine: Engine) -> None:
    counter = Counter()
    source = '{% cache t box user "en" using=alias %}{{ counter }}{% endcache %}'
    render(engine, source, counter=counter, t=60, user=1, alias="other")
    render(engine, source, counter=counter, t=60, user=2, alias="other")
    render(engine, source, counter=counter, t=60, user=1, alias="other")
    assert counter.calls == 2
    assert make_template_fragment_key("box", [1, "en"]) in caches["other"]
    assert make_template_fragment_key("box", [1, "en"]) not in caches["default"]


def test_errors_name_the_problem(engine: Engine) -> None:
    with pytest.raises(TemplateSyntaxError, match="requires at least 2 arguments"):
        render(engine, "{% cache 10 %}x{% endcache %}")
    with pytest.raises(TemplateSyntaxError, match="non-integer timeout value: 'soon'"):
        render(engine, "{% cache t frag %}x{% endcache %}", t="soon")
    with pytest.raises(TemplateSyntaxError, match="Invalid cache name specified"):
        render(engine, '{% cache 10 frag using="nope" %}x{% endcache %}')
    # A missing variable is the engine's string_if_invalid, as in Django: not a number.
    with pytest.raises(TemplateSyntaxError, match="non-integer timeout value: ''"):
        render(engine, "{% cache missing.timeout frag %}x{% endcache %}")


def test_a_down_cache_renders_the_fragment(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    outages.reset()
    down = {"default": {"BACKEND": REDIS, "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    with override_settings(CACHES=down), caplog.at_level(logging.ERROR):
        engine = Engine(libraries={"cache": "scallion.templatetags.cache"})
        counter = Counter()
        source = "{% cache 10 frag %}{{ counter }}{% endcache %}"
        assert render(engine, source, counter=counter) == "&lt;i&gt;1&lt;/i&gt;"
        assert render(engine, source, counter=counter) == "&lt;i&gt;2&lt;/i&gt;"
    outages.reset()
    assert len([r for r in caplog.records if r.name == "scallion.cache"]) == 1
