"""The HTML elements that never have content or an end tag.

Its own module because both ``scallion.utils.html`` and the HTML-aware
truncation in ``scallion.utils.text`` need it, and ``html`` imports ``text``.
"""

from __future__ import annotations

# The void elements of the HTML standard, plus two obsolete ones browsers still
# treat as void.
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
        "frame",
        "spacer",
    }
)
