"""The two pattern kinds, ``path()`` routes and ``re_path()`` regular expressions,
and ``URLPattern``, a pattern leading to a view.

A pattern answers one question, ``match(path)``: does the start of ``path``
match, and if so what is left and which arguments were captured. The matcher
in ``_matcher`` compiles many of them into one structure; these objects keep
the exact per-pattern semantics it is tested against.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls.converters import get_converter, get_converters
from scallion.urls.resolver_match import ResolverMatch

__all__ = ["RegexPattern", "RoutePattern", "URLPattern", "join_route"]

MatchResult = tuple[str, tuple[Any, ...], dict[str, Any]]

# ``<name>`` or ``<converter:name>``; the grammar Django documents for routes.
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
_WHITESPACE = frozenset(string.whitespace)


class LocaleRegexDescriptor:
    """``pattern.regex``: a URL pattern's compiled regular expression, under Django's name.

    Django compiles a translated pattern once per active language. scallion reads
    a lazily translated pattern's text once, when the pattern is defined (see
    ``RoutePattern``), so there is one compiled form, made on first use. Read on
    the class, the attribute is this descriptor, as in Django.
    """

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        compiled = instance._compiled
        if compiled is None:
            compiled = instance._compiled = re.compile(instance._regex)
        return compiled


class RoutePattern:
    """A ``path()`` route such as ``"articles/<int:year>/"``."""

    __slots__ = ("_compiled", "_is_endpoint", "_regex", "_route", "converters", "name", "tokens")

    def __init__(self, route: str, name: str | None = None, is_endpoint: bool = False) -> None:
        # A lazily translated route (gettext_lazy) reads the same in every language
        # without catalogs, so its text is taken once, here.
        self._route = route = str(route)
        self.name = name
        self._is_endpoint = is_endpoint
        self.tokens, self.converters = parse_route(str(route))
        parts = ["^"]
        for token in self.tokens:
            if isinstance(token, str):
                parts.append(re.escape(token))
            else:
                param, converter = token
                parts.append(f"(?P<{param}>{converter.regex})")
        if is_endpoint:
            parts.append(r"\Z")
        self._regex = "".join(parts)
        self._compiled: re.Pattern[str] | None = None
        # PERF: start-up. The segment tree matches most routes without this regex,
        # so it is compiled on first use; what could make it fail is checked now:
        # each converter's own regex (once per regex), or, where a converter's regex
        # has groups of its own that could clash, the whole route.
        regexes = [converter.regex for converter in self.converters.values()]
        try:
            if any("(?P" in regex or "\\" in regex for regex in regexes):
                self._compiled = re.compile(self._regex)
            else:
                for regex in regexes:
                    compile_converter_regex(regex)
        except re.error as err:
            raise ImproperlyConfigured(
                f"URL route {route!r} does not compile to a valid regular expression "
                f"({err}); check the regex of its converters."
            ) from err

    #: The route as Django's anchored regular expression (compiled on first use).
    regex = LocaleRegexDescriptor()

    @property
    def regex_source(self) -> str:
        """The text of ``regex``, without compiling it."""
        return self._regex

    def match(self, path: str) -> MatchResult | None:
        if not self.converters:
            # Without converters the regex is an escaped literal: compare strings.
            if self._is_endpoint:
                return ("", (), {}) if path == self._route else None
            if path.startswith(self._route):
                return path[len(self._route) :], (), {}
            return None
        found = self.regex.search(path)
        if found is None:
            return None
        kwargs = found.groupdict()
        for key, value in kwargs.items():
            try:
                kwargs[key] = self.converters[key].to_python(value)
            except ValueError:
                return None
        return path[found.end() :], (), kwargs

    def describe(self) -> str:
        return f"'{self}'" + (f" [name='{self.name}']" if self.name else "")

    def __str__(self) -> str:
        return str(self._route)

    def __repr__(self) -> str:
        return f"<RoutePattern {self.describe()}>"


@functools.lru_cache(maxsize=256)
def compile_converter_regex(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def segment_check(regex: str) -> Callable[[str], object]:
    """A test of one path segment against a converter's ``regex``: truthy if it matches whole.

    The router splits paths at ``/`` and tests each segment on its own, so a
    converter's regex is checked with ``fullmatch`` on text without a slash.
    For the regexes of Django's ``int`` and ``str`` converters the same answer
    comes from string methods: ``[0-9]+`` is "only ASCII digits, at least one",
    and ``[^/]+`` on text without a slash is "not empty". The check is the same
    (a property test holds them to the regex); only how it is made differs.
    PERF: param - ``str.isdigit`` costs a fifth of a regex match and allocates
    no match object.
    """
    if regex == "[0-9]+":
        return _ascii_digits
    if regex == "[^/]+":
        return bool
    return compile_converter_regex(regex).fullmatch


def _ascii_digits(segment: str) -> bool:
    return segment.isdigit() and segment.isascii()


def parse_route(route: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Split ``route`` into literal strings and ``(param, converter)`` pairs."""
    tokens: list[Any] = []
    converters: dict[str, Any] = {}
    position = 0
    for found in _PARAMETER.finditer(route):
        if not _WHITESPACE.isdisjoint(found[0]):
            raise ImproperlyConfigured(
                f"URL route {route!r} cannot contain whitespace in angle brackets <…>: "
                f"write {found[0].replace(' ', '')!r}."
            )
        type_name = found["converter"] or "str"
        param = found["parameter"]
        if not param.isidentifier():
            raise ImproperlyConfigured(
                f"URL route {route!r} uses parameter name {param!r} which isn't a valid "
                "Python identifier."
            )
        if param in converters:
            raise ImproperlyConfigured(
                f"URL route {route!r} uses the parameter name {param!r} twice; "
                "each parameter needs its own name."
            )
        try:
            converter = get_converter(type_name)
        except KeyError:
            known = ", ".join(sorted(get_converters()))
            raise ImproperlyConfigured(
                f"URL route {route!r} uses invalid converter {type_name!r}. Known converters: "
                f"{known}; register new ones with scallion.urls.register_converter() before "
                "the URLconf is imported."
            ) from None
        if found.start() > position:
            tokens.append(route[position : found.start()])
        tokens.append((param, converter))
        converters[param] = converter
        position = found.end()
    if position < len(route):
        tokens.append(route[position:])
    return tuple(tokens), converters


class RegexPattern:
    """A ``re_path()`` regular expression, matched with Django's rules.

    An endpoint whose regex ends with ``$`` must match the whole path; any other
    regex is *searched* for, so an unanchored one matches anywhere in the path.
    """

    __slots__ = ("_compiled", "_is_endpoint", "_regex", "_use_fullmatch", "converters", "name")

    def __init__(self, regex: str, name: str | None = None, is_endpoint: bool = False) -> None:
        self._regex = regex = str(regex)  # a lazy translation's text, as for a route
        self.name = name
        self._is_endpoint = is_endpoint
        self.converters: dict[str, Any] = {}
        try:
            # Compiled now: an invalid regex fails where the URLconf defines it.
            self._compiled: re.Pattern[str] | None = re.compile(regex)
        except re.error as err:
            raise ImproperlyConfigured(
                f'"{regex}" is not a valid regular expression: {err}'
            ) from err
        self._use_fullmatch = is_endpoint and regex.endswith("$")

    regex = LocaleRegexDescriptor()

    @property
    def regex_source(self) -> str:
        """The text of ``regex`` (the same attribute on both pattern kinds)."""
        return self._regex

    def match(self, path: str) -> MatchResult | None:
        compiled = self._compiled
        assert compiled is not None  # compiled in __init__
        found = compiled.fullmatch(path) if self._use_fullmatch else compiled.search(path)
        if found is None:
            return None
        named = found.groupdict()
        # Named groups win: positional groups are only passed when none is named.
        args = () if named else found.groups()
        kwargs = {k: v for k, v in named.items() if v is not None}
        return path[found.end() :], args, kwargs

    def describe(self) -> str:
        return f"'{self}'" + (f" [name='{self.name}']" if self.name else "")

    def __str__(self) -> str:
        return str(self._regex)

    def __repr__(self) -> str:
        return f"<RegexPattern {self.describe()}>"


Pattern = RoutePattern | RegexPattern


def join_route(route1: str, route2: str) -> str:
    """Join an include's route and the included one (without its leading ``^``)."""
    if not route1:
        return route2
    return route1 + route2.removeprefix("^")


class URLPattern:
    """A pattern leading to a view."""

    def __init__(
        self,
        pattern: Pattern,
        callback: Callable[..., Any],
        default_args: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> None:
        self.pattern = pattern
        self.callback = callback
        self.default_args = default_args or {}
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.pattern.describe()}>"

    def resolve(self, path: str) -> ResolverMatch | None:
        found = self.pattern.match(path)
        if found is None:
            return None
        _rest, args, captured = found
        return ResolverMatch(
            self.callback,
            args,
            {**captured, **self.default_args},
            self.pattern.name,
            route=str(self.pattern),
            captured_kwargs=captured,
            extra_kwargs=self.default_args,
        )

    @functools.cached_property
    def lookup_str(self) -> str:
        """The dotted path of the view (the class for class-based views)."""
        callback = self.callback
        if isinstance(callback, functools.partial):
            callback = callback.func
        if hasattr(callback, "view_class"):
            callback = callback.view_class
        elif not hasattr(callback, "__name__"):
            return f"{callback.__module__}.{callback.__class__.__name__}"
        return f"{callback.__module__}.{callback.__qualname__}"
