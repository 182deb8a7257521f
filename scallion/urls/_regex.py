"""What the URL machinery needs to know about a regular expression.

Three questions, answered from the parse tree of the standard ``re`` module:

* can a converter's regex match a ``/``? (if not, it matches exactly one path
  segment, and the route can go into the segment tree);
* is a ``re_path`` regex just an anchored literal? (then it is treated like a
  static route);
* which URL strings does a pattern produce, for ``reverse()``? (the minimal
  forms: optional parts left out, or kept once when they hold a parameter).

Anything the analysis does not understand is answered conservatively: "may
match a slash", "not a literal", "no reversible form".
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from typing import Any

# The parser is private but stable since Python 3.0 (it was ``sre_parse``).
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_SLASH = ord("/")


@functools.lru_cache(maxsize=1024)
def can_match_slash(regex: str) -> bool:
    """True unless ``regex`` provably never matches text containing ``/``."""
    try:
        parsed = _parser.parse(regex)
    except re.error:
        return True
    return _items_can_match_slash(parsed.data)


def _items_can_match_slash(items: Any) -> bool:
    for op, av in items:
        if op is _c.LITERAL:
            if av == _SLASH:
                return True
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            if op is _c.ANY or av != _SLASH:
                return True
        elif op is _c.IN:
            if _class_can_match_slash(av):
                return True
        elif op is _c.SUBPATTERN:
            if _items_can_match_slash(av[3]):
                return True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if _items_can_match_slash(av[2]):
                return True
        elif op is _c.BRANCH:
            if any(_items_can_match_slash(branch) for branch in av[1]):
                return True
        elif op is _c.ATOMIC_GROUP:
            if _items_can_match_slash(av):
                return True
        else:  # anchors, look-arounds, back-references: do not reason about them
            return True
    return False


def _class_can_match_slash(items: Any) -> bool:
    negated = bool(items) and items[0][0] is _c.NEGATE
    members = items[1:] if negated else items
    contains = any(_class_item_has_slash(op, av) for op, av in members)
    return not contains if negated else contains


def _class_item_has_slash(op: Any, av: Any) -> bool:
    if op is _c.LITERAL:
        return bool(av == _SLASH)
    if op is _c.RANGE:
        return bool(av[0] <= _SLASH <= av[1])
    if op is _c.CATEGORY:
        return av not in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_SPACE)
    return True


@dataclass(frozen=True, slots=True)
class LiteralRegex:
    """An anchored regex that is a literal string followed by ``tail``.

    ``tail`` is ``""`` (nothing: the regex matches any path starting with
    ``text``), ``"end"`` (``$`` at the very end of the pattern) or ``"end_string"``
    (``\\Z``), or ``"other"`` when something non-literal follows ``text``.
    """

    text: str
    tail: str


@functools.lru_cache(maxsize=4096)
def anchored_literal(regex: str) -> LiteralRegex | None:
    """Describe ``regex`` if it starts with ``^``/``\\A`` and then literal text."""
    try:
        parsed = _parser.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    items = list(parsed.data)
    if not items or (
        items[0] != (_c.AT, _c.AT_BEGINNING)
        and items[0]
        != (
            _c.AT,
            _c.AT_BEGINNING_STRING,
        )
    ):
        return None
    chars: list[str] = []
    i = 1
    while i < len(items) and items[i][0] is _c.LITERAL:
        chars.append(chr(items[i][1]))
        i += 1
    rest = items[i:]
    if not rest:
        tail = ""
    elif rest == [(_c.AT, _c.AT_END)] and regex.endswith("$"):
        tail = "end"
    elif rest == [(_c.AT, _c.AT_END_STRING)]:
        tail = "end_string"
    else:
        tail = "other"
    return LiteralRegex("".join(chars), tail)


# --- reversing ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter slot in a reversible form."""

    name: str


Token = str | Param
Form = tuple[tuple[Token, ...], tuple[str, ...]]


class _Irreversible(Exception):
    pass


_CATEGORY_SAMPLE = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "x",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "x",
    "CATEGORY_WORD": "x",
    "CATEGORY_NOT_WORD": "!",
}


def reversible_forms(regex: str) -> list[Form]:
    """The URL shapes ``regex`` can produce, each as tokens plus parameter names.

    Repetitions keep their minimum count; an optional part holding a parameter
    gives two forms (without it first, then with it once); a character class
    contributes one representative character; a back-reference repeats its
    group's parameter. Alternation (``|``) is not reversible: the single empty
    form is returned, which the final match check then rejects (as Django does).
    """
    try:
        parsed = _parser.parse(regex)
        names = {index: name for name, index in parsed.state.groupdict.items()}
        counter = [0]
        alternatives = _forms(parsed.data, names, counter)
    except (_Irreversible, re.error):
        return [((), ())]
    forms: list[Form] = []
    for tokens in alternatives:
        merged = _merge_literals(tokens)
        # A parameter a back-reference repeats is given once.
        params = tuple(dict.fromkeys(t.name for t in merged if isinstance(t, Param)))
        forms.append((merged, params))
    return forms


def _merge_literals(tokens: list[Token]) -> tuple[Token, ...]:
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + token
        elif token != "":
            out.append(token)
    return tuple(out)


def _cross(left: list[list[Token]], right: list[list[Token]]) -> list[list[Token]]:
    return [a + b for a in left for b in right]


def _forms(items: Any, names: dict[int, str], counter: list[int]) -> list[list[Token]]:
    alternatives: list[list[Token]] = [[]]
    for op, av in items:
        if op is _c.LITERAL:
            alternatives = _cross(alternatives, [[chr(av)]])
        elif op is _c.NOT_LITERAL:
            alternatives = _cross(alternatives, [["x" if av != ord("x") else "y"]])
        elif op is _c.ANY:
            alternatives = _cross(alternatives, [["x"]])
        elif op is _c.IN:
            alternatives = _cross(alternatives, [[_class_sample(av)]])
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        elif op is _c.SUBPATTERN:
            group, _add, _del, sub = av
            if group is None:
                alternatives = _cross(alternatives, _forms(sub, names, counter))
            else:
                name = names.get(group)
                if name is None:
                    name = names[group] = f"_{counter[0]}"  # a back-reference may name it
                    counter[0] += 1
                alternatives = _cross(alternatives, [[Param(name)]])
        elif op is _c.GROUPREF:
            # (?P=name) or \1 repeats the group's text: the same parameter again.
            if av not in names:
                raise _Irreversible
            alternatives = _cross(alternatives, [[Param(names[av])]])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            inner = _forms(sub, names, counter)
            has_param = any(isinstance(t, Param) for alt in inner for t in alt)
            if low == 0:
                if has_param:
                    alternatives = _cross(alternatives, [[], *inner])
            else:
                for _ in range(low):
                    alternatives = _cross(alternatives, inner)
        elif op is _c.ATOMIC_GROUP:
            alternatives = _cross(alternatives, _forms(av, names, counter))
        else:
            raise _Irreversible
    return alternatives


def _class_sample(items: Any) -> str:
    if items and items[0][0] is _c.NEGATE:
        for candidate in "xyz0_-!":
            if not any(_class_item_matches(op, av, candidate) for op, av in items[1:]):
                return candidate
        raise _Irreversible
    op, av = items[0]
    if op is _c.LITERAL:
        return chr(av)
    if op is _c.RANGE:
        return chr(av[0])
    if op is _c.CATEGORY:
        return _CATEGORY_SAMPLE.get(str(av), "x")
    raise _Irreversible


def _class_item_matches(op: Any, av: Any, char: str) -> bool:
    if op is _c.LITERAL:
        return bool(av == ord(char))
    if op is _c.RANGE:
        return bool(av[0] <= ord(char) <= av[1])
    return True
