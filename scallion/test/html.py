"""An HTML normaliser for comparing markup by meaning: ``assertHTMLEqual`` and friends.

Two snippets are equal when they parse to the same tree after the differences a
browser ignores are taken out: the order of attributes and of the classes in
``class``, quoting, ``<input checked>`` against ``checked="checked"``, whitespace
runs inside text, whitespace-only text between elements, and ``<div/>`` against
``<div></div>``. Parsing is the standard library's ``html.parser``; an end tag with
nothing open to close is an error (:class:`HTMLParseError`) rather than ignored.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_ASCII_WHITESPACE = re.compile(r"[\t\n\f\r ]+")

#: Elements that never have content nor an end tag.
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)

#: Attributes whose presence is their meaning (HTML's boolean attributes).
BOOLEAN_ATTRIBUTES = frozenset(
    {
        "allowfullscreen",
        "async",
        "autofocus",
        "autoplay",
        "checked",
        "controls",
        "default",
        "defer",
        "disabled",
        "formnovalidate",
        "hidden",
        "inert",
        "ismap",
        "itemscope",
        "loop",
        "multiple",
        "muted",
        "nomodule",
        "novalidate",
        "open",
        "playsinline",
        "readonly",
        "required",
        "reversed",
        "selected",
        "truespeed",
    }
)

Attribute = tuple[str, str | None]


class HTMLParseError(Exception):
    """The markup cannot be compared: an end tag closes nothing."""


def _collapse(text: str) -> str:
    return _ASCII_WHITESPACE.sub(" ", text)


def normalize_attributes(attributes: list[tuple[str, str | None]]) -> list[Attribute]:
    """Sorted attributes; ``class`` with its classes sorted; boolean ones valueless."""
    normalized: list[Attribute] = []
    for name, value in attributes:
        if name == "class" and value:
            value = " ".join(sorted(c for c in _ASCII_WHITESPACE.split(value) if c))
        if name in BOOLEAN_ATTRIBUTES:
            if not value or value == name:
                value = None
        elif value is None:
            value = ""
        normalized.append((name, value))
    return sorted(normalized, key=lambda item: (item[0], item[1] or ""))


class Element:
    """An element of a parsed snippet; ``name`` None for a snippet of several roots."""

    def __init__(self, name: str | None, attributes: list[Attribute]) -> None:
        self.name = name
        self.attributes = attributes
        self.children: list[Element | str] = []

    # Building --------------------------------------------------------------------------
    def _add_text(self, text: str) -> None:
        if self.children and isinstance(self.children[-1], str):
            self.children[-1] += text
        else:
            self.children.append(text)

    def _finish(self) -> None:
        """Collapse whitespace, trim texts, drop whitespace-only ones; recursively."""
        kept: list[Element | str] = []
        for child in self.children:
            if isinstance(child, str):
                text = _collapse(child).strip()
                if text:
                    kept.append(text)
            else:
                child._finish()
                kept.append(child)
        self.children = kept

    # Comparing -------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element) or self.name != other.name:
            return False
        return self.attributes == other.attributes and self.children == other.children

    def __hash__(self) -> int:
        return hash((self.name, *self.attributes))

    def count(self, needle: Element | str) -> int:
        """How many times ``needle`` (an element, a snippet, or text) occurs in here."""
        return self._count(needle, stop_at_first=False)

    def __contains__(self, needle: Element | str) -> bool:
        return self._count(needle, stop_at_first=True) > 0

    def _count(self, needle: Element | str, *, stop_at_first: bool) -> int:
        if isinstance(needle, Element):
            if self == needle:
                return 1
            if needle.name is None and self.children == needle.children:
                return 1
        found = 0
        run = 0  # how many of a several-root needle's elements matched in a row
        for child in self.children:
            if isinstance(child, str):
                if isinstance(needle, str):
                    found += child.count(needle) if not stop_at_first else int(needle in child)
            else:
                found += child._count(needle, stop_at_first=stop_at_first)
                if isinstance(needle, Element) and needle.name is None and needle.children:
                    if needle.children[run] == child:
                        run += 1
                        if run == len(needle.children):
                            found += 1
                            run = 0
                    else:
                        run = 0
            if stop_at_first and found:
                return found
        return found

    def __getitem__(self, index: int) -> Element | str:
        return self.children[index]

    def __len__(self) -> int:
        return len(self.children)

    # Showing ---------------------------------------------------------------------------
    def _render_children(self) -> str:
        return "".join(html.escape(c) if isinstance(c, str) else str(c) for c in self.children)

    def __str__(self) -> str:
        if self.name is None:
            return self._render_children()
        parts = [f"<{self.name}"]
        for key, value in self.attributes:
            parts.append(f" {key}" if value is None else f' {key}="{value}"')
        if not self.children:
            return "".join(parts) + ">"
        return "".join(parts) + f">\n{self._render_children()}\n</{self.name}>"

    def __repr__(self) -> str:
        return str(self)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element(None, [])
        self.open: list[Element] = []

    @property
    def current(self) -> Element:
        return self.open[-1] if self.open else self.root

    def _where(self) -> str:
        line, column = self.getpos()
        return f"Line {line}, Column {column}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, normalize_attributes(attrs))
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        # An end tag closes the innermost open element of its name, and the ones
        # left open inside it; one that matches nothing open is an error.
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth].name == tag:
                del self.open[depth:]
                return
        raise HTMLParseError(f"Unexpected end tag `{tag}` ({self._where()})")

    def handle_data(self, data: str) -> None:
        self.current._add_text(data)


def parse_html(markup: str) -> Element:
    """The normalised tree of ``markup``: its one root element, or a nameless root."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    document = builder.root
    document._finish()
    if len(document.children) == 1 and isinstance(document.children[0], Element):
        return document.children[0]
    return document
