"""``{% load i18n %}``: translation tags (no catalogs: messages come back as written)."""

from __future__ import annotations

import pytest

from scallion.template.exceptions import TemplateSyntaxError
from scallion.test import override_settings
from tests.template.dtl import render

LIBRARIES = {"i18n": "scallion.templatetags.i18n"}


def rendered(source: str, **context: object) -> str:
    return render("{% load i18n %}" + source, dict(context), libraries=LIBRARIES)


def test_translate_literals_and_variables() -> None:
    assert rendered('{% translate "Hello & <b>" %}') == "Hello & <b>"
    assert rendered("{% trans message %}", message="<i>") == "&lt;i&gt;"
    assert rendered('{% translate "x" as v %}[{{ v }}]') == "[x]"
    assert rendered('{% translate "100%" noop %}') == "100%"
    assert rendered('{% translate "May" context "month" %}') == "May"


def test_blocktranslate_with_count_and_trimmed() -> None:
    source = (
        "{% blocktranslate count counter=items|length %}one {{ name }}"
        "{% plural %}{{ counter }} {{ name }}s{% endblocktranslate %}"
    )
    assert rendered(source, items=[1], name="<a>") == "one &lt;a&gt;"
    assert rendered(source, items=[1, 2], name="x") == "2 xs"
    trimmed = (
        "{% blocktranslate trimmed with who=name %}\n  Hi\n  {{ who }}\n{% endblocktranslate %}"
    )
    assert rendered(trimmed, name="Bo") == "Hi Bo"
    assert rendered("{% blocktrans asvar v %}50% off{% endblocktrans %}[{{ v }}]") == "[50% off]"


def test_blocktranslate_refuses_other_tags_inside() -> None:
    with pytest.raises(TemplateSyntaxError, match="doesn't allow other block tags"):
        rendered("{% blocktranslate %}{% if x %}{% endif %}{% endblocktranslate %}")
    with pytest.raises(TemplateSyntaxError, match="must be a number"):
        rendered("{% blocktranslate count c=x %}a{% plural %}b{% endblocktranslate %}", x="many")


@override_settings(LANGUAGES=[("en", "English"), ("de", "German")], LANGUAGE_CODE="en")
def test_language_information() -> None:
    assert rendered("{% get_current_language as code %}{{ code }}") == "en"
    assert rendered("{% get_current_language_bidi as rtl %}{{ rtl }}") == "False"
    source = (
        "{% get_available_languages as langs %}{% for c, n in langs %}{{ c }}:{{ n }};{% endfor %}"
    )
    assert rendered(source) == "en:English;de:German;"
    assert rendered("{% get_language_info for 'de' as l %}{{ l.name }}|{{ l.name_local }}") == (
        "German|Deutsch"
    )
    assert rendered("{{ 'de'|language_name }}|{{ 'ar'|language_bidi }}") == "German|True"
    # scallion has no message catalogs: the block renders, the language stays.
    assert rendered("{% language 'de' %}[{{ x }}]{% endlanguage %}", x=1) == "[1]"
