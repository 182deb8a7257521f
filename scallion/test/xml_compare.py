"""``compare_xml``: two XML snippets equal by meaning, for ``assertXMLEqual``.

Attribute order, whitespace runs in text, leading and trailing whitespace, comments,
processing instructions and the document type do not count. A fragment of several
elements is compared as the children of one implied root.
"""

from __future__ import annotations

import re
from xml.dom.minidom import Element, Node, parseString

_WHITESPACE_RUN = re.compile(r"[ \t\n][ \t\n]+")


def _text(element: Element) -> str:
    raw = "".join(c.data for c in element.childNodes if c.nodeType == Node.TEXT_NODE)
    return _WHITESPACE_RUN.sub(" ", raw)


def _elements(element: Element) -> list[Element]:
    return [c for c in element.childNodes if c.nodeType == Node.ELEMENT_NODE]


def _same(want: Element, got: Element) -> bool:
    if want.tagName != got.tagName or _text(want) != _text(got):
        return False
    if dict(want.attributes.items()) != dict(got.attributes.items()):
        return False
    want_children, got_children = _elements(want), _elements(got)
    return len(want_children) == len(got_children) and all(
        _same(w, g) for w, g in zip(want_children, got_children, strict=True)
    )


def _root(markup: str) -> Element:
    # The first element; comments, processing instructions and the doctype do not count.
    document = parseString(markup)
    for node in document.childNodes:
        if isinstance(node, Element):
            return node
    raise ValueError("The XML has no element.")


def compare_xml(want: str, got: str) -> bool:
    """True when ``want`` and ``got`` are the same XML; raises if either is not XML."""
    want = want.strip().replace("\\n", "\n")
    got = got.strip().replace("\\n", "\n")
    if not want.startswith("<?xml"):
        want, got = f"<root>{want}</root>", f"<root>{got}</root>"
    return _same(_root(want), _root(got))
