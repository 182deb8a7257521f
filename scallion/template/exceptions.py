"""Template errors that carry enough detail to fix the problem without a debugger.

``TemplateDoesNotExist`` lists every place that was looked at, so a typo in a
name or a missing ``DIRS`` entry shows up in the message itself.
``TemplateSyntaxError`` carries ``template_debug`` (name, line, surrounding
source lines, message) when it knows where the error is; the technical 500
page renders it in DEBUG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: How many source lines either side of the faulty one ``template_debug`` keeps.
SOURCE_CONTEXT_LINES = 10


class TemplateDoesNotExist(Exception):
    """No engine could find the template.

    ``tried`` is a list of ``(location, reason)`` pairs; ``chain`` holds the
    exceptions of each engine (or each name, for ``select_template``), so the
    message can list every place looked at.
    """

    def __init__(
        self,
        msg: Any,
        tried: Sequence[Any] | None = None,
        backend: Any = None,
        chain: Sequence[TemplateDoesNotExist] | None = None,
    ) -> None:
        self.template_name = msg
        self.tried = list(tried) if tried is not None else []
        self.backend = backend
        self.chain = list(chain) if chain is not None else []
        super().__init__(msg)

    def all_tried(self) -> list[Any]:
        """Every ``(location, reason)`` pair from this error and its chain."""
        tried = list(self.tried)
        for exc in self.chain:
            tried.extend(exc.all_tried())
        return tried

    def __str__(self) -> str:
        tried = self.all_tried()
        if not tried:
            return str(self.template_name)
        places = "\n".join(_describe_place(place) for place in tried)
        return f"{self.template_name}\nLooked in:\n{places}"


def _describe_place(place: Any) -> str:
    """One ``tried`` entry: a ``(location, reason)`` pair, or (from some callers) a bare name."""
    if isinstance(place, tuple) and len(place) == 2:
        location, reason = place
        return f"  - {location} ({reason})"
    return f"  - {place}"


class TemplateSyntaxError(Exception):
    """A template could not be compiled (or a tag was used wrongly when rendered).

    Raised with just a message, as Django's is; a template engine that knows
    where the error is passes ``name``/``lineno``/``source`` (or sets
    ``template_debug`` itself): a dict with ``name``, ``line``,
    ``source_lines`` (``[(line_number, text), ...]`` around the faulty line),
    ``message``, and Django's ``before``/``during``/``after`` (the faulty line,
    split around the part to mark) and ``top``/``bottom``/``total``.
    """

    template_debug: dict[str, Any]

    def __init__(
        self,
        message: Any = "",
        name: str | None = None,
        lineno: int | None = None,
        source: str | None = None,
        filename: str | None = None,
    ) -> None:
        self.message = message
        self.name = name
        self.lineno = lineno
        self.filename = filename
        if lineno is None and source is None and name is None and filename is None:
            super().__init__(message)
            return
        lines = source.splitlines() if source else []
        shown = source_lines_around(source, lineno)
        faulty = lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""
        self.template_debug = {
            "name": filename or name or "<template>",
            "line": lineno,
            "source_lines": shown,
            "message": message,
            # The keys Django's error pages read: the whole faulty line is the
            # part to mark (an engine that knows the exact tag sets its own);
            # ``top``/``bottom`` bound the shown lines, ``total`` counts them all.
            "before": "",
            "during": faulty,
            "after": "",
            "top": shown[0][0] - 1 if shown else 0,
            "bottom": shown[-1][0] if shown else 0,
            "total": len(lines),
        }
        where = f"{filename or name or '<template>'}, line {lineno}" if lineno else name
        super().__init__(f"{message} ({where})" if where else message)


class VariableDoesNotExist(Exception):
    """A template variable could not be resolved (``{{ missing }}``, ``{{ obj.nope }}``).

    The renderer catches it: the variable renders as the engine's
    ``string_if_invalid`` (empty by default), an ``{% if %}`` treats it as
    false. ``msg % params`` is the message, built only when shown.
    """

    def __init__(self, msg: str, params: tuple[Any, ...] = ()) -> None:
        self.msg = msg
        self.params = params
        super().__init__(msg, params)

    def __str__(self) -> str:
        return self.msg % self.params


def source_lines_around(source: str | None, lineno: int | None) -> list[tuple[int, str]]:
    """The numbered lines of ``source`` within ``SOURCE_CONTEXT_LINES`` of ``lineno``."""
    if not source:
        return []
    lines = source.splitlines()
    if lineno is None:
        return list(enumerate(lines, start=1))
    first = max(lineno - SOURCE_CONTEXT_LINES, 1)
    last = min(lineno + SOURCE_CONTEXT_LINES, len(lines))
    return [(n, lines[n - 1]) for n in range(first, last + 1)]


__all__ = ["TemplateDoesNotExist", "TemplateSyntaxError", "VariableDoesNotExist"]
