"""scallion.utils.text: truncation, slugs, wrapping and the other text helpers."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import SuspiciousFileOperation
from scallion.utils import text
from scallion.utils.functional import Promise, lazystr
from scallion.utils.translation import gettext_lazy

FOX = "The quick brown fox jumped over the lazy dog."


def test_capfirst() -> None:
    assert text.capfirst("hello world") == "Hello world"
    assert text.capfirst("") == ""
    assert text.capfirst(None) is None
    assert text.capfirst(12) == "12"
    lazy = text.capfirst(gettext_lazy("hello"))
    assert isinstance(lazy, Promise) and str(lazy) == "Hello"


def test_wrap_keeps_line_breaks_and_long_words() -> None:
    assert (
        text.wrap("this is a long paragraph of text", 10) == "this is a\nlong\nparagraph\nof text"
    )
    assert text.wrap("a\nb c d", 3) == "a\nb c\nd"
    assert text.wrap("verylongword short", 4) == "verylongword\nshort"
    assert text.wrap("line one\n", 20) == "line one\n"
    assert text.wrap("   \nx", 2) == "   \nx"
    with pytest.raises(ValueError):
        text.wrap("abc", 0)


def test_truncate_chars() -> None:
    truncator = text.Truncator(FOX)
    assert truncator.chars(100) == FOX
    assert truncator.chars(21) == "The quick brown fox …"
    assert truncator.chars(23, ".....") == "The quick brown fo....."
    assert truncator.chars(4, ".....") == "....."
    assert truncator.chars(0) == "" and truncator.chars(-1) == ""
    assert text.Truncator("asdf").chars(1, truncate="...") == "..."
    assert text.Truncator(lazystr("The quick brown fox")).chars(10) == "The quick…"


def test_truncate_chars_ignores_combining_characters() -> None:
    nfd = text.Truncator("ou\u0308ou\u0308ou\u0308ou\u0308")
    assert nfd.chars(8) == "o\xfco\xfco\xfco\xfc"
    assert nfd.chars(3) == "o\xfc…"
    assert text.Truncator("-B\u030aB\u030a----8").chars(5) == "-B\u030aB\u030a-…"
    assert text.Truncator("-----").chars(4, "B\u030a") == "---B\u030a"


def test_truncate_chars_html() -> None:
    truncator = text.Truncator(
        '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>'
    )
    assert truncator.chars(10, html=True) == (
        '<p id="par"><strong><em>The quick…</em></strong></p>'
    )
    assert truncator.chars(46, html=True) == (
        '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>'
    )
    assert truncator.chars(10, "....", html=True) == (
        '<p id="par"><strong><em>The qu....</em></strong></p>'
    )
    assert truncator.chars(0, html=True) == ""
    assert text.Truncator("foo</p>").chars(5, html=True) == "foo</p>"
    assert text.Truncator("<br>The <hr/>quick <em>brown fox</em>").chars(6, html=True) == (
        "<br>The <hr/>q…"
    )
    assert text.Truncator("<p>I &lt;3 python, what about you?</p>").chars(16, html=True) == (
        "<p>I &lt;3 python, wh…</p>"
    )
    # Misnested tags: only the innermost open one is matched by an end tag.
    assert text.Truncator("<a><b><c></b>XXXX").chars(2, html=True, truncate="") == (
        "<a><b><c></b>XX</c></b></a>"
    )


def test_truncate_words() -> None:
    truncator = text.Truncator(FOX)
    assert truncator.words(10) == FOX
    assert truncator.words(4) == "The quick brown fox…"
    assert truncator.words(4, "[snip]") == "The quick brown fox[snip]"
    assert text.Truncator("  a\n b  c ").words(5) == "a b c"
    assert truncator.words(0) == ""


def test_truncate_words_html() -> None:
    truncator = text.Truncator(
        '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>'
    )
    assert truncator.words(4, html=True) == (
        '<p id="par"><strong><em>The quick brown fox…</em></strong></p>'
    )
    assert truncator.words(4, "....", html=True) == (
        '<p id="par"><strong><em>The quick brown fox....</em></strong></p>'
    )
    assert truncator.words(100, html=True) == truncator.words(9, html=True)
    assert (
        text.Truncator("<i>Buenos d&iacute;as! &#x00bf;C&oacute;mo est&aacute;?</i>").words(
            3, html=True
        )
        == "<i>Buenos días! ¿Cómo…</i>"
    )


def test_truncator_is_linear_on_hostile_html() -> None:
    # Many unclosed tags and many tiny text nodes: one pass, no rescans.
    hostile = "<div>x" * 20_000 + "</div>" * 20_000
    start = time.process_time()
    text.Truncator(hostile).chars(30_000, html=True)
    text.Truncator(hostile).words(30_000, html=True)
    assert time.process_time() - start < 10  # CPU seconds: about 1


@given(st.text(max_size=60), st.integers(1, 80))
def test_truncated_chars_never_exceed_the_limit(value: str, length: int) -> None:
    result = text.Truncator(value).chars(length)
    if len(value) <= length:
        assert result == unicodedata.normalize("NFC", value)
    visible = [c for c in result if not unicodedata.combining(c)]
    assert len(visible) <= length


def test_add_truncation_text() -> None:
    assert text.add_truncation_text("abc") == "abc…"
    assert text.add_truncation_text("abc", "...") == "abc..."
    assert text.add_truncation_text("abc...", "...") == "abc..."
    assert text.add_truncation_text("abc", "[%(truncated_text)s]") == "[abc]"


def test_get_valid_filename() -> None:
    assert text.get_valid_filename("john's portrait in 2004.jpg") == "johns_portrait_in_2004.jpg"
    for bad in ["$.$.$", "..", ""]:
        with pytest.raises(SuspiciousFileOperation, match="Could not derive file name"):
            text.get_valid_filename(bad)


def test_get_text_list() -> None:
    assert text.get_text_list(["a", "b", "c", "d"]) == "a, b, c or d"
    assert text.get_text_list(["a", "b", "c"], "and") == "a, b and c"
    assert text.get_text_list(["a", "b"], "and") == "a and b"
    assert text.get_text_list(["a"]) == "a"
    assert text.get_text_list([]) == ""


def test_normalize_newlines() -> None:
    assert text.normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert text.normalize_newlines("") == ""
    assert isinstance(text.normalize_newlines(lazystr("a\r")), Promise)


def test_phone2numeric() -> None:
    assert text.phone2numeric("0800 flowers") == "0800 3569377"
    assert text.phone2numeric("1-800-PQRS-WXYZ") == "1-800-7777-9999"


def test_smart_split_and_unescape_string_literal() -> None:
    assert list(text.smart_split(r'This is "a person\'s" test.')) == [
        "This",
        "is",
        '"a person\\\'s"',
        "test.",
    ]
    assert list(text.smart_split('url "a b" as x')) == ["url", '"a b"', "as", "x"]
    assert list(text.smart_split("a 'b c'd e")) == ["a", "'b c'd", "e"]
    assert text.unescape_string_literal('"abc"') == "abc"
    assert text.unescape_string_literal('"a \\"bc\\""') == 'a "bc"'
    assert text.unescape_string_literal("'\\'ab\\' c'") == "'ab' c"
    for bad in ["", "abc", "'abc\""]:
        with pytest.raises(ValueError, match="Not a string literal"):
            text.unescape_string_literal(bad)


@pytest.mark.parametrize(
    ("value", "allow_unicode", "expected"),
    [
        ("Hello, World!", False, "hello-world"),
        ("spam & eggs", False, "spam-eggs"),
        (" multiple---dash and  space ", False, "multiple-dash-and-space"),
        ("\t whitespace-in-value \n", False, "whitespace-in-value"),
        ("underscore_in-value", False, "underscore_in-value"),
        ("__strip__underscore-value___", False, "strip__underscore-value"),
        ("--strip-dash-value---", False, "strip-dash-value"),
        ("__strip-mixed-value---", False, "strip-mixed-value"),
        ("_ -strip-mixed-value _-", False, "strip-mixed-value"),
        ("spam & ıçüş", True, "spam-ıçüş"),
        ("foo ıç bar", True, "foo-ıç-bar"),
        ("    foo ıç bar", True, "foo-ıç-bar"),
        ("你好", True, "你好"),
        ("İstanbul", True, "istanbul"),
        ("Jaquè", False, "jaque"),
    ],
)
def test_slugify(value: str, allow_unicode: bool, expected: str) -> None:
    assert text.slugify(value, allow_unicode=allow_unicode) == expected


def test_camel_case_to_spaces_and_format_lazy() -> None:
    assert text.camel_case_to_spaces("CamelCaseName") == "camel case name"
    assert text.camel_case_to_spaces("HTTPResponse") == "http response"
    lazy = text.format_lazy("{} {name}", gettext_lazy("Hello"), name=gettext_lazy("you"))
    assert isinstance(lazy, Promise) and str(lazy) == "Hello you"
