"""The Jinja2 ``{% cache %}`` block: Django's arguments and keys, and soft failure."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from jinja2.exceptions import TemplateRuntimeError

from scallion.core.cache import caches, outages
from scallion.core.cache.utils import make_template_fragment_key
from scallion.template.backends.jinja2 import Jinja2
from scallion.template.exceptions import TemplateSyntaxError
from scallion.test import override_settings
from tests.cache.conftest import LOCMEM, REDIS

EXTENSION = "scallion.core.cache.jinja2.FragmentCacheExtension"


@pytest.fixture
def engine() -> Iterator[Jinja2]:
    locations = {alias: f"frag-{alias}-{uuid.uuid4().hex}" for alias in ("default", "other")}
    caches_setting = {
        alias: {"BACKEND": LOCMEM, "LOCATION": location} for alias, location in locations.items()
    }
    outages.reset()
    with override_settings(CACHES=caches_setting):
        yield Jinja2(
            {"NAME": "j", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"extensions": [EXTENSION]}}
        )
    outages.reset()


def render(engine: Jinja2, source: str, **context: Any) -> str:
    return engine.from_string(source).render(context)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __str__(self) -> str:
        self.calls += 1
        return f"<b>{self.calls}</b>"


def test_the_fragment_is_rendered_once(engine: Jinja2) -> None:
    counter = Counter()
    source = "{% cache 500 sidebar %}[{{ counter }}]{% endcache %}"
    first = render(engine, source, counter=counter)
    second = render(engine, source, counter=counter)
    assert first == second == "[&lt;b&gt;1&lt;/b&gt;]"
    assert counter.calls == 1
    # Stored under Django's key, in the default cache.
    assert caches["default"].get(make_template_fragment_key("sidebar")) == first


def test_vary_on_values_key_the_fragment(engine: Jinja2) -> None:
    counter = Counter()
    source = "{% cache 500 'box' user lang %}{{ counter }}{% endcache %}"
    render(engine, source, counter=counter, user=1, lang="en")
    render(engine, source, counter=counter, user=2, lang="en")
    render(engine, source, counter=counter, user=1, lang="en")
    assert counter.calls == 2
    key = make_template_fragment_key("box", [1, "en"])
    assert key in caches["default"]
    caches["default"].delete(key)
    render(engine, source, counter=counter, user=1, lang="en")
    assert counter.calls == 3


def test_using_picks_the_cache(engine: Jinja2) -> None:
    render(engine, '{% cache None frag using="other" %}x{% endcache %}')
    assert caches["other"].get(make_template_fragment_key("frag")) == "x"
    assert caches["default"].get(make_template_fragment_key("frag")) is None
    with pytest.raises(TemplateRuntimeError, match="Invalid cache name specified"):
        render(engine, '{% cache 1 frag using="nope" %}x{% endcache %}')


def test_template_fragments_alias_is_preferred() -> None:
    caches_setting = {
        "default": {"BACKEND": LOCMEM, "LOCATION": f"d-{uuid.uuid4().hex}"},
        "template_fragments": {"BACKEND": LOCMEM, "LOCATION": f"t-{uuid.uuid4().hex}"},
    }
    with override_settings(CACHES=caches_setting):
        engine = Jinja2(
            {"NAME": "j", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"extensions": [EXTENSION]}}
        )
        render(engine, "{% cache 10 frag %}x{% endcache %}")
        assert caches["template_fragments"].get(make_template_fragment_key("frag")) == "x"
        assert caches["default"].get(make_template_fragment_key("frag")) is None


def test_bad_timeouts_and_missing_arguments(engine: Jinja2) -> None:
    with pytest.raises(TemplateRuntimeError, match="non-integer timeout value: 'soon'"):
        render(engine, "{% cache t frag %}x{% endcache %}", t="soon")
    with pytest.raises(TemplateSyntaxError, match="requires at least 2 arguments"):
        engine.from_string("{% cache 10 %}x{% endcache %}")
    assert render(engine, "{% cache '30' frag %}x{% endcache %}") == "x"


def test_zero_timeout_does_not_keep_the_fragment(engine: Jinja2) -> None:
    counter = Counter()
    source = "{% cache 0 frag %}{{ counter }}{% endcache %}"
    render(engine, source, counter=counter)
    render(engine, source, counter=counter)
    assert counter.calls == 2


def test_a_down_cache_renders_the_fragment(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = {"BACKEND": REDIS, "LOCATION": f"redis://127.0.0.1:{port}/0"}
    outages.reset()
    with override_settings(CACHES={"default": down}), caplog.at_level(logging.ERROR):
        engine = Jinja2(
            {"NAME": "j", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"extensions": [EXTENSION]}}
        )
        counter = Counter()
        source = "{% cache 10 frag %}{{ counter }}{% endcache %}"
        assert render(engine, source, counter=counter) == "&lt;b&gt;1&lt;/b&gt;"
        assert render(engine, source, counter=counter) == "&lt;b&gt;2&lt;/b&gt;"
    outages.reset()
    assert len([r for r in caplog.records if r.name == "scallion.cache"]) == 1
