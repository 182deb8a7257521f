"""The HTML normaliser behind assertHTMLEqual: equal by meaning, not by spelling."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scallion.test.html import Element, HTMLParseError, parse_html


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ('<p id="x" class="b a">t</p>', "<p class='a b' id=x>t</p>"),
        ("<input checked>", '<input checked="checked">'),
        ("<input checked>", '<input checked="">'),
        ("<div/>", "<div></div>"),
        ("<br>", "<br/>"),
        ("<p>a   b\n c</p>", "<p>a b c</p>"),
        ("<p>  a  </p>", "<p>a</p>"),
        ("<ul> <li>1</li>\n <li>2</li> </ul>", "<ul><li>1</li><li>2</li></ul>"),
        ("<p>&amp;&#60;</p>", "<p>&amp;&lt;</p>"),
        ("<p><b>x</b></p>", "<p><b>x</b></p>"),
        ('<a title="">x</a>', "<a title>x</a>"),
    ],
)
def test_equal_by_meaning(a: str, b: str) -> None:
    assert parse_html(a) == parse_html(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("<p>a</p>", "<p>b</p>"),
        ('<p class="a">x</p>', '<p class="a b">x</p>'),
        ('<input value="a">', '<input value="b">'),
        ("<p><b>x</b></p>", "<p><i>x</i></p>"),
        ("<p>a</p><p>b</p>", "<p>b</p><p>a</p>"),
        ('<a title="x">y</a>', "<a title>y</a>"),
    ],
)
def test_different_by_meaning(a: str, b: str) -> None:
    assert parse_html(a) != parse_html(b)


def test_a_single_root_is_the_document_and_several_share_a_nameless_root() -> None:
    single = parse_html("<p>x</p>")
    assert single.name == "p" and single.children == ["x"]
    several = parse_html("<p>x</p><p>y</p>")
    assert several.name is None and len(several) == 2
    assert parse_html("text").children == ["text"]


def test_an_end_tag_closes_what_is_open_inside_it() -> None:
    assert parse_html("<div><p>a</div>") == parse_html("<div><p>a</p></div>")


def test_an_end_tag_that_closes_nothing_is_an_error() -> None:
    with pytest.raises(HTMLParseError, match=r"Unexpected end tag `p` \(Line 1, Column 3\)"):
        parse_html("<b></p>")


def test_counting() -> None:
    haystack = parse_html("<div><p>a</p><p>a</p><span>a b a</span></div>")
    assert haystack.count(parse_html("<p>a</p>")) == 2
    assert haystack.count("a") == 4
    assert parse_html("<p>a</p>") in haystack
    assert "z" not in haystack
    # A snippet of several roots counts where its elements follow one another.
    siblings = parse_html("<ul><li>1</li><li>2</li><li>1</li><li>2</li></ul>")
    assert siblings.count(parse_html("<li>1</li><li>2</li>")) == 2
    assert siblings.count(parse_html("<li>2</li><li>2</li>")) == 0
    assert haystack.count(haystack) == 1


def test_str_shows_the_normalised_tree() -> None:
    assert str(parse_html("<p class='b a' hidden>x &lt; y</p>")) == (
        '<p class="a b" hidden>\nx &lt; y\n</p>'
    )
    assert str(parse_html("<br>")) == "<br>"
    assert repr(parse_html("<p>a</p><p>b</p>")) == "<p>\na\n</p><p>\nb\n</p>"


# A property: markup written in any of the spellings HTML allows means the same tree.
names = st.sampled_from(["div", "p", "span", "b", "section"])
attr_names = st.sampled_from(["id", "title", "class", "data-x", "hidden"])
words = st.text(alphabet="abcxyz<>&\"'", min_size=1, max_size=6)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Element:
    element = Element(draw(names), [])
    attrs = draw(st.dictionaries(attr_names, words, max_size=3))
    element.attributes = sorted(attrs.items())
    if depth < 2:
        for _ in range(draw(st.integers(0, 3))):
            last_is_text = bool(element.children) and isinstance(element.children[-1], str)
            if last_is_text or draw(st.booleans()):
                element.children.append(draw(trees(depth=depth + 1)))
            else:
                # Never two texts in a row: they would be one text.
                element.children.append(draw(words))
    return element


def spell(element: Element | str, draw: st.DrawFn) -> str:
    if isinstance(element, str):
        space = draw(st.sampled_from(["", " ", "\n  "]))
        return f"{space}{html.escape(element, quote=False)}{space}"
    attrs = list(element.attributes)
    attrs = draw(st.permutations(attrs))
    parts = []
    for key, value in attrs:
        assert value is not None
        if key == "class":
            value = " ".join(draw(st.permutations(value.split())))
        quote = draw(st.sampled_from(['"', "'"]))
        escaped = html.escape(value, quote=True)
        parts.append(f" {key}={quote}{escaped}{quote}")
    inner = "".join(spell(child, draw) for child in element.children)
    return f"<{element.name}{''.join(parts)}>{inner}</{element.name}>"


@given(st.data())
def test_spellings_of_one_tree_compare_equal(data: st.DataObject) -> None:
    tree = data.draw(trees())
    first = spell(tree, data.draw)
    second = spell(tree, data.draw)
    assert parse_html(first) == parse_html(second)
