"""scallion.utils.html: escaping, safe formatting, tag stripping and urlize."""

from __future__ import annotations

import datetime
import json
import time

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.core.exceptions import SuspiciousOperation
from scallion.test.utils import override_settings
from scallion.utils import html
from scallion.utils.functional import Promise, lazystr
from scallion.utils.safestring import SafeData, SafeString, mark_safe


def test_escape_always_escapes() -> None:
    assert (
        html.escape("<a href=\"x\">'&'</a>")
        == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    )
    assert isinstance(html.escape("x"), SafeString)
    assert html.escape(mark_safe("&amp;")) == "&amp;amp;"
    assert html.escape(3) == "3"
    lazy = html.escape(lazystr("<b>"))
    assert isinstance(lazy, Promise) and str(lazy) == "&lt;b&gt;"


def test_conditional_escape_respects_html_protocol() -> None:
    assert html.conditional_escape("<b>") == "&lt;b&gt;"
    assert html.conditional_escape(mark_safe("<b>")) == "<b>"
    assert html.conditional_escape(markupsafe.Markup("<i>")) == "<i>"
    assert html.conditional_escape(lazystr("<b>")) == "&lt;b&gt;"


def test_format_html() -> None:
    result = html.format_html(
        "{} {} {third} {fourth}",
        "< Dangerous >",
        mark_safe("<b>safe</b>"),
        third="< dangerous again",
        fourth=mark_safe("<i>safe again</i>"),
    )
    assert result == "&lt; Dangerous &gt; <b>safe</b> &lt; dangerous again <i>safe again</i>"
    assert isinstance(result, SafeData)
    with pytest.raises(TypeError, match="use mark_safe"):
        html.format_html("<b>constant</b>")


def test_format_html_join() -> None:
    rows = [("<a>", "b"), ("c", mark_safe("<d>"))]
    assert html.format_html_join("<br>", "{}-{}", rows) == "&lt;a&gt;-b&lt;br&gt;c-<d>"
    named = html.format_html_join(mark_safe("<br>"), "{x}", [{"x": "<"}, {"x": ">"}])
    assert named == "&lt;<br>&gt;" and isinstance(named, SafeString)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "\"double quotes\" and 'single quotes'",
            "\\u0022double quotes\\u0022 and \\u0027single quotes\\u0027",
        ),
        (r"\ : backslashes, too", "\\u005C : backslashes, too"),
        (
            "and lots of whitespace: \r\n\t\v\f\b",
            "and lots of whitespace: \\u000D\\u000A\\u0009\\u000B\\u000C\\u0008",
        ),
        (r"<script>and this</script>", "\\u003Cscript\\u003Eand this\\u003C/script\\u003E"),
        (
            "paragraph separator:\u2029and line separator:\u2028",
            "paragraph separator:\\u2029and line separator:\\u2028",
        ),
        ("`", "\\u0060"),
        ("\x7f\x9f", "\\u007F\\u009F"),
        ("a=b-c;d&e", "a\\u003Db\\u002Dc\\u003Bd\\u0026e"),
    ],
)
def test_escapejs(value: str, expected: str) -> None:
    assert html.escapejs(value) == expected
    assert isinstance(html.escapejs(value), SafeString)


def test_json_script() -> None:
    assert html.json_script("&<>", "test_id") == (
        '<script id="test_id" type="application/json">"\\u0026\\u003C\\u003E"</script>'
    )
    assert html.json_script({"a": "</script>"}) == (
        '<script type="application/json">{"a": "\\u003C/script\\u003E"}</script>'
    )
    assert html.json_script(lazystr("x"), '"id"') == (
        '<script id="&quot;id&quot;" type="application/json">"x"</script>'
    )
    assert '"2024-01-02"' in html.json_script(datetime.date(2024, 1, 2))

    class Upper(json.JSONEncoder):
        def encode(self, o: object) -> str:
            return super().encode(o).upper()

    assert html.json_script({"k": "v"}, encoder=Upper) == (
        '<script type="application/json">{"K": "V"}</script>'
    )


def test_linebreaks() -> None:
    assert (
        html.linebreaks("para1\n\npara2\r\rpara3") == "<p>para1</p>\n\n<p>para2</p>\n\n<p>para3</p>"
    )
    assert html.linebreaks("a\nb\r\nc") == "<p>a<br>b<br>c</p>"
    assert html.linebreaks("<b>\n</b>", autoescape=True) == "<p>&lt;b&gt;<br>&lt;/b&gt;</p>"
    lazy = html.linebreaks(lazystr("a\r\n\r\nb"))
    assert isinstance(lazy, Promise) and str(lazy) == "<p>a</p>\n\n<p>b</p>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "<p>See: &#39;&eacute; is an apostrophe followed by e acute</p>",
            "See: &#39;&eacute; is an apostrophe followed by e acute",
        ),
        ("<adf>a", "a"),
        ("</adf>a", "a"),
        ("<asdf><asdf>e", "e"),
        ("hi, <f x", "hi, <f x"),
        ("234<235, right?", "234<235, right?"),
        ("a4<a5 right?", "a4<a5 right?"),
        ("b7>b2!", "b7>b2!"),
        ("</fe", "</fe"),
        ("<x>b<y>", "b"),
        ("a<p onclick=\"alert('<test>')\">b</p>c", "abc"),
        ("a<p a >b</p>c", "abc"),
        ("d<a:b c:d>e</p>f", "def"),
        ('<strong>foo</strong><a href="http://example.com">bar</a>', "foobar"),
        ("<sc<!-- -->ript>test<<!-- -->/script>", "ript>test"),
        ("<script>alert()</script>&h", "alert()h"),
        ("><!" + ("&" * 16000) + "D", "><!" + ("&" * 16000) + "D"),
        ("X<<<<br>br>br>br>X", "XX"),
    ],
)
def test_strip_tags(value: str, expected: str) -> None:
    assert html.strip_tags(value) == expected


def test_strip_tags_refuses_what_would_loop() -> None:
    with pytest.raises(SuspiciousOperation, match="too deeply"):
        html.strip_tags("<" * 51 + "a>" * 51)
    with pytest.raises(SuspiciousOperation, match="unclosed"):
        html.strip_tags(">" + "<a" * 501)
    with pytest.raises(SuspiciousOperation, match="unclosed"):
        html.strip_tags("<a" * 50 + "a" * 950)
    assert len(html.strip_tags("<a" * 49 + "a" * 952)) == 1050


def test_strip_tags_is_bounded_on_big_input() -> None:
    # Linear in the input (one parse per round, rounds bounded): a quadratic
    # parse of these would take minutes.
    start = time.process_time()
    html.strip_tags("<p>" + "x&" * 25_000 + "</p>")
    html.strip_tags("<" * 100_000)
    html.strip_tags("a<b>" * 25_000)
    assert time.process_time() - start < 10  # CPU seconds: about 1


def test_strip_spaces_between_tags() -> None:
    assert html.strip_spaces_between_tags("<d> </d>") == "<d></d>"
    assert (
        html.strip_spaces_between_tags("<p>hello </p>\n<p> world</p>")
        == "<p>hello </p><p> world</p>"
    )
    assert html.strip_spaces_between_tags("\n<p>\t</p>\n<p> </p>\n") == "\n<p></p><p></p>\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://öäü.com/", "http://%C3%B6%C3%A4%C3%BC.com/"),
        ("http://example.com/path/öäü/", "http://example.com/path/%C3%B6%C3%A4%C3%BC/"),
        ("http://example.com/%C3%B6/ä/", "http://example.com/%C3%B6/%C3%A4/"),
        ("http://example.com/?x=1&y=2+3&z=", "http://example.com/?x=1&y=2+3&z="),
        ("http://example.com/?x=<>\"'", "http://example.com/?x=%3C%3E%22%27"),
        (
            "http://example.com/?q=http://example.com/?x=1%26q=django",
            "http://example.com/?q=http%3A%2F%2Fexample.com%2F%3Fx%3D1%26q%3Ddjango",
        ),
        ("http://.www.f oo.bar/", "http://.www.f%20oo.bar/"),
        ("http://[::1:2/", "http://[::1:2/"),
        ("http://example.com/~user", "http://example.com/~user"),
    ],
)
def test_smart_urlquote(value: str, expected: str) -> None:
    assert html.smart_urlquote(value) == expected


@override_settings(URLIZE_ASSUME_HTTPS=True)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Search for google.com/?q=! and see.",
            'Search for <a href="https://google.com/?q=">google.com/?q=</a>! and see.',
        ),
        (
            "Search for google.com/?q=1&lt! and see.",
            'Search for <a href="https://google.com/?q=1%3C">google.com/?q=1&lt</a>! and see.',
        ),
        ("foo@example.com", '<a href="mailto:foo@example.com">foo@example.com</a>'),
        (
            "test@" + "한.글." * 15 + "aaa",
            '<a href="mailto:test@'
            + "%ED%95%9C.%EA%B8%80." * 15
            + 'aaa">'
            + "test@"
            + "한.글." * 15
            + "aaa</a>",
        ),
        (
            "look (http://example.com/a), ok",
            'look (<a href="http://example.com/a">http://example.com/a</a>), ok',
        ),
        ("[www.example.org];", '[<a href="https://www.example.org">www.example.org</a>];'),
        (
            "http://example.com?x=&amp;;;",
            '<a href="http://example.com?x=">http://example.com?x=&amp;</a>;;',
        ),
        ("a@localhost", "a@localhost"),
        ("user@[127.0.0.1]", '<a href="mailto:user@%5B127.0.0.1%5D">user@[127.0.0.1]</a>'),
        ("user@[1.2.3]", "user@[1.2.3]"),
        ("plain words.", "plain words."),
        ("<b>www.x.com</b>", '<b><a href="https://www.x.com">www.x.com</a></b>'),
    ],
)
def test_urlize(value: str, expected: str) -> None:
    assert html.urlize(value) == expected


@override_settings(URLIZE_ASSUME_HTTPS=True)
def test_urlize_options() -> None:
    assert html.urlize("see www.example.com/long/path now", trim_url_limit=10) == (
        'see <a href="https://www.example.com/long/path">www.examp…</a> now'
    )
    assert html.urlize("www.a.com and x@y.org", nofollow=True) == (
        '<a href="https://www.a.com" rel="nofollow">www.a.com</a> and '
        '<a href="mailto:x@y.org">x@y.org</a>'
    )
    assert html.urlize("<i> www.a.com?b=1&c=2", autoescape=True) == (
        '&lt;i&gt; <a href="https://www.a.com?b=1&amp;c=2">www.a.com?b=1&amp;c=2</a>'
    )
    assert html.urlize(mark_safe("<i> www.a.com"), autoescape=True) == (
        '<i> <a href="https://www.a.com">www.a.com</a>'
    )


def test_urlize_scheme_follows_the_setting() -> None:
    assert html.urlize("example.com") == '<a href="http://example.com">example.com</a>'
    with override_settings(URLIZE_ASSUME_HTTPS=True):
        assert html.urlize("example.com") == '<a href="https://example.com">example.com</a>'


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 1_000_000,
        "(" * 500_000 + "x.com" + ")" * 500_000,
        "x.com" + ".;" * 500_000,
        "&" * 500_000 + ";" * 500_000,
        "www." + "a." * 500_000,
        "x@" * 500_000,
        "http://" + "[" * 500_000,
        "a.b " * 250_000,
    ],
    ids=["letters", "parens", "punct", "amp-semicolons", "www-labels", "ats", "brackets", "words"],
)
def test_urlize_is_linear_on_megabyte_input(hostile: str) -> None:
    start = time.process_time()
    html.urlize(hostile)
    assert time.process_time() - start < 5  # CPU seconds: about 0.2 unloaded; quadratic takes hours


@given(st.text(alphabet="abc.:@/()[];! wmo", max_size=60))
def test_urlize_only_adds_markup(value: str) -> None:
    # The text a reader sees is unchanged: removing the added tags gives the input.
    assert html.strip_tags(html.urlize(value)) == value


def test_avoid_wrapping() -> None:
    assert html.avoid_wrapping("5 minutes ago") == "5\xa0minutes\xa0ago"


def test_html_safe() -> None:
    @html.html_safe
    class Card:
        def __str__(self) -> str:
            return "<b>card</b>"

    card = Card()
    assert isinstance(str(card), SafeString)
    assert card.__html__() == "<b>card</b>"  # type: ignore[attr-defined]
    assert markupsafe.escape(card) == "<b>card</b>"

    with pytest.raises(ValueError, match="defines __html__"):

        @html.html_safe
        class Both:
            def __html__(self) -> str:
                return ""

            def __str__(self) -> str:
                return ""

    with pytest.raises(ValueError, match="doesn't define __str__"):

        @html.html_safe
        class Neither:
            pass
