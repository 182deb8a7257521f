"""``reverse()``: the index of names and namespaces, and the URL builders.

The index mirrors Django's: for every name (and every view callable) the list
of candidate patterns, most recently defined first, with the defaults and
converters that apply; namespaced includes in ``namespaces``, application names
in ``apps``. Each candidate's reversible forms (a ``%s`` template per form) and
its check regex are prepared once, on first use, so a reversal is a dict
look-up, converting the arguments, formatting, and one regex check that the
result really resolves to that pattern (as Django checks).
"""

from __future__ import annotations

import re
import threading
from typing import Any, Protocol
from urllib.parse import quote

from scallion.urls._regex import Param, reversible_forms
from scallion.urls.exceptions import NoReverseMatch
from scallion.urls.patterns import URLPattern


class Include(Protocol):
    """What the index reads of an ``include()`` (a ``URLResolver``, which builds it)."""

    pattern: Any
    default_kwargs: dict[str, Any]
    app_name: str | None
    namespace: str | None

    @property
    def url_patterns(self) -> list[Any]: ...

    @property
    def reverse_index(self) -> ReverseIndex: ...


# RFC 3986 sub-delims plus the pchar extras: what may stay unescaped in a path.
_PATH_SAFE = "!$&'()*+,;=/~:@"


class Form:
    """One way to write a pattern as a URL: a template and its parameter names."""

    __slots__ = ("param_set", "params", "repeats", "template")

    def __init__(self, tokens: tuple[Any, ...], params: tuple[str, ...]) -> None:
        self.params = params
        self.param_set = frozenset(params)
        self.template = "".join(
            "%s" if isinstance(t, Param) else t.replace("%", "%%") for t in tokens
        )
        slots = tuple(t.name for t in tokens if isinstance(t, Param))
        #: For a back-reference (a parameter written twice): which value goes in
        #: each ``%s`` of the template, by its index in ``params``; else None.
        self.repeats = None if slots == params else tuple(params.index(n) for n in slots)


class Entry:
    """One candidate pattern for a name, with Django's defaults and converters."""

    __slots__ = ("_check", "_forms", "converters", "defaults", "pattern")

    def __init__(self, pattern: str, defaults: dict[str, Any], converters: dict[str, Any]) -> None:
        self.pattern = pattern
        self.defaults = defaults
        self.converters = converters
        self._forms: list[Form] | None = None
        self._check: Any = None

    @property
    def forms(self) -> list[Form]:
        forms = self._forms
        if forms is None:
            forms = self._forms = [Form(*f) for f in reversible_forms(self.pattern)]
        return forms

    def check(self, candidate: str) -> bool:
        """Does ``candidate`` really match this pattern (from its start)?"""
        check = self._check
        if check is None:
            try:
                check = re.compile(self.pattern).match
            except re.error:

                def check(_candidate: str) -> None:
                    return None

            self._check = check
        return check(candidate) is not None


class _Populating(threading.local):
    """The resolvers whose index this thread is building (to stop at a cycle)."""

    def __init__(self) -> None:
        self.open: set[int] = set()  # ids: identity, whatever a resolver compares as


_populating = _Populating()


class ReverseIndex:
    """Names, namespaces and application names below one resolver (Django's rules)."""

    def __init__(self, resolver: Include) -> None:
        _populating.open.add(id(resolver))
        try:
            self._populate(resolver)
        finally:
            _populating.open.discard(id(resolver))

    def _populate(self, resolver: Include) -> None:
        self.lookups: dict[Any, list[Entry]] = {}
        self.namespaces: dict[str, tuple[str, dict[str, Any], Include]] = {}
        self.apps: dict[str, list[str]] = {}
        own_converters = dict(getattr(resolver.pattern, "converters", {}))
        # Later patterns first: with duplicate names, the last one defined is tried first.
        for entry in reversed(resolver.url_patterns):
            prefix = entry.pattern.regex_source.removeprefix("^")
            if isinstance(entry, URLPattern):
                candidate = Entry(prefix, entry.default_args, entry.pattern.converters)
                self._add(entry.callback, candidate)
                if entry.name is not None:
                    self._add(entry.name, candidate)
                continue
            entry_converters = dict(entry.pattern.converters)
            if entry.app_name:
                self.apps.setdefault(entry.app_name, []).append(entry.namespace or "")
                self.namespaces[entry.namespace or ""] = (prefix, entry_converters, entry)
                continue
            if id(entry) in _populating.open:
                # An include of a URLconf being indexed right now (it includes
                # itself without a namespace): what it holds is being indexed
                # already, as Django's populating guard decides.
                continue
            sub = entry.reverse_index
            for key, candidates in sub.lookups.items():
                for sub_entry in candidates:
                    self._add(
                        key,
                        Entry(
                            prefix + sub_entry.pattern,
                            {**sub_entry.defaults, **entry.default_kwargs},
                            {**own_converters, **entry_converters, **sub_entry.converters},
                        ),
                    )
            for namespace, (ns_prefix, ns_converters, ns_resolver) in sub.namespaces.items():
                self.namespaces[namespace] = (
                    prefix + ns_prefix,
                    {**entry_converters, **ns_converters},
                    ns_resolver,
                )
            for app_name, namespaces in sub.apps.items():
                self.apps.setdefault(app_name, []).extend(namespaces)

    def _add(self, key: Any, entry: Entry) -> None:
        try:
            self.lookups.setdefault(key, []).append(entry)
        except TypeError:  # an unhashable callable can only be reversed by name
            pass


def resolve_namespaces(
    resolver: Include, viewname: str, current_app: str | None
) -> tuple[str, list[Entry]]:
    """Follow ``ns1:ns2:name`` through the namespaces; return the name's entries."""
    *path, view = viewname.split(":")
    current_path = list(reversed(current_app.split(":"))) if current_app else None
    resolved: list[str] = []
    ns_pattern = ""
    ns_converters: dict[str, Any] = {}
    for ns in path:
        current_ns = current_path.pop() if current_path else None
        app_list = resolver.reverse_index.apps.get(ns)
        if app_list is not None:
            if current_ns and current_ns in app_list:
                ns = current_ns
            elif ns not in app_list:
                # Not an instance name: the app's default (last deployed) instance.
                ns = app_list[0]
        if ns != current_ns:
            current_path = None
        try:
            extra, converters, resolver = resolver.reverse_index.namespaces[ns]
        except KeyError:
            if resolved:
                raise NoReverseMatch(
                    f"{ns!r} is not a registered namespace inside '{':'.join(resolved)}'"
                ) from None
            raise NoReverseMatch(f"{ns!r} is not a registered namespace") from None
        resolved.append(ns)
        ns_pattern += extra
        ns_converters.update(converters)
    entries = resolver.reverse_index.lookups.get(view, [])
    if ns_pattern:
        entries = [
            Entry(ns_pattern + e.pattern, e.defaults, {**ns_converters, **e.converters})
            for e in entries
        ]
    return view, entries


def reverse_entries(
    entries: list[Entry], lookup_view: Any, prefix: str, args: Any, kwargs: dict[str, Any]
) -> str:
    """Build the URL from the first entry and form the arguments fit (Django's order)."""
    if args and kwargs:
        raise ValueError("Don't mix *args and **kwargs in call to reverse()!")
    for entry in entries:
        converters = entry.converters
        defaults = entry.defaults
        for form in entry.forms:
            params = form.params
            if args:
                if len(args) != len(params):
                    continue
                subs: dict[str, Any] = dict(zip(params, args, strict=True))
            else:
                if (kwargs.keys() ^ form.param_set) - defaults.keys():
                    continue
                if not _defaults_agree(defaults, form.param_set, kwargs):
                    continue
                subs = kwargs
            try:
                values = tuple(
                    converters[name].to_url(subs[name]) if name in converters else str(subs[name])
                    for name in params
                )
            except ValueError:
                continue
            if form.repeats is not None:
                values = tuple(values[i] for i in form.repeats)
            candidate = form.template % values
            if not entry.check(candidate):
                continue
            url = quote(prefix + candidate, safe=_PATH_SAFE)
            # A URL starting with "//" would be read as scheme-relative (another host).
            return "/%2F" + url[2:] if url.startswith("//") else url
    raise NoReverseMatch(_no_match_message(entries, lookup_view, args, kwargs))


def _defaults_agree(
    defaults: dict[str, Any], params: frozenset[str], kwargs: dict[str, Any]
) -> bool:
    for key, value in defaults.items():
        if key not in params and kwargs.get(key, value) != value:
            return False
    return True


def _no_match_message(entries: list[Entry], lookup_view: Any, args: Any, kwargs: Any) -> str:
    module = getattr(lookup_view, "__module__", None)
    name = getattr(lookup_view, "__name__", None)
    label = f"{module}.{name}" if module is not None and name is not None else lookup_view
    patterns = [e.pattern for e in entries]
    if not patterns:
        return (
            f"Reverse for '{label}' not found. '{label}' is not a valid view function or "
            "pattern name."
        )
    if args:
        arguments = f"arguments '{tuple(args)}'"
    elif kwargs:
        arguments = f"keyword arguments '{kwargs}'"
    else:
        arguments = "no arguments"
    return (
        f"Reverse for '{label}' with {arguments} not found. {len(patterns)} pattern(s) "
        f"tried: {patterns}"
    )
