"""URL resolvers, and the cached root resolver.

``URLPattern`` (in ``patterns``) is one ``path()``/``re_path()`` to a view;
``URLResolver`` is an ``include()`` (or the root URLconf) holding a list of
both. ``resolve()`` does not walk that tree: the first call compiles it
(``_matcher``) into a structure whose cost does not grow with the number of
routes. ``_resolve_linear`` keeps Django's walk, written plainly; it is the
reference the compiled matcher is property-tested against, and it produces the
``tried`` lists of 404 pages.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from scallion.conf import settings, settings_cache
from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls._deferred import DeferredInclude
from scallion.urls._leaf import Leaf
from scallion.urls._matcher import CompiledMatcher
from scallion.urls._reverse import Include, ReverseIndex, reverse_entries
from scallion.urls.exceptions import Resolver404
from scallion.urls.patterns import (
    LocaleRegexDescriptor,
    RegexPattern,
    RoutePattern,
    URLPattern,
    join_route,
)
from scallion.urls.resolver_match import ResolverMatch
from scallion.utils.functional import cached_property
from scallion.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: ResolverMatch's constructor for compiled routes, looked up once. PERF: hello.
_match_for_route = ResolverMatch.for_route

__all__ = [
    "LocaleRegexDescriptor",
    "RegexPattern",
    "ResolverMatch",
    "RoutePattern",
    "URLPattern",
    "URLResolver",
    "get_resolver",
    "resolve_path",
]


class URLResolver:
    """An ``include()``: a pattern prefix in front of a list of patterns."""

    def __init__(
        self,
        pattern: Any,
        urlconf_name: Any,
        default_kwargs: dict[str, Any] | None = None,
        app_name: str | None = None,
        namespace: str | None = None,
    ) -> None:
        self.pattern = pattern
        # A dotted module path, a module, or a list of patterns.
        self.urlconf_name = urlconf_name
        self.callback = None
        self.default_kwargs = default_kwargs or {}
        self.app_name = app_name
        self.namespace = namespace
        self._matcher: CompiledMatcher | None = None
        self._reverse_index: ReverseIndex | None = None
        self._lock = threading.Lock()
        self._error_handlers: dict[int, Callable[..., Any]] = {}
        # (viewname, current_app) -> (view, entries): reverse() prepared once per name.
        self._reverse_cache: dict[Any, Any] = {}

    def __repr__(self) -> str:
        if isinstance(self.urlconf_name, list) and self.urlconf_name:
            urlconf_repr = f"<{self.urlconf_name[0].__class__.__name__} list>"
        else:
            urlconf_repr = repr(self.urlconf_name)
        return (
            f"<{self.__class__.__name__} {urlconf_repr} "
            f"({self.app_name}:{self.namespace}) {self.pattern.describe()}>"
        )

    @cached_property
    def urlconf_module(self) -> Any:
        name = self.urlconf_name
        if not isinstance(name, str):
            return name
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and (name == err.name or name.startswith(err.name + ".")):
                raise ImproperlyConfigured(
                    f"The URLconf module {name!r} does not exist ({err}). Check "
                    "settings.ROOT_URLCONF (or request.urlconf) and that the module is "
                    "importable."
                ) from err
            raise

    @cached_property
    def url_patterns(self) -> list[URLPattern | URLResolver]:
        patterns = getattr(self.urlconf_module, "urlpatterns", self.urlconf_module)
        try:
            patterns = list(patterns)
        except TypeError as err:
            raise ImproperlyConfigured(
                f"The included URLconf '{self.urlconf_name}' does not appear to have any "
                "patterns in it. If you see the 'urlpatterns' variable with valid patterns "
                "in the file then the issue is probably caused by a circular import."
            ) from err
        for entry in patterns:
            if not isinstance(entry, URLPattern | URLResolver):
                raise ImproperlyConfigured(
                    f"URLconf {self._module_label()} contains {entry!r} in urlpatterns, which "
                    "is not a URL pattern. Build entries with path(), re_path() or "
                    "path(..., include(...))."
                )
        return patterns

    def _module_label(self) -> str:
        name = self.urlconf_name
        if isinstance(name, str):
            return repr(name)
        module_name = getattr(name, "__name__", None)
        return repr(module_name) if module_name else "(list of patterns)"

    # Resolving -----------------------------------------------------------------

    def compile(self) -> CompiledMatcher:
        """Build the matcher now (done on first use; ``get_resolver`` does it eagerly)."""
        matcher = self._matcher
        if matcher is None:
            with self._lock:
                matcher = self._matcher
                if matcher is None:
                    matcher = self._matcher = CompiledMatcher(self._flat_routes(), self)
        return matcher

    def _flat_routes(self) -> list[Any]:
        """Every view route below, in resolution order, as the matcher takes them."""
        leaves: list[Any] = []  # Leaf, or DeferredInclude where an include cycles
        for index, (chain, view_route) in enumerate(self.iter_leaves()):
            if isinstance(view_route, URLResolver):
                leaves.append(DeferredInclude(index, chain, view_route))
                continue
            try:
                leaves.append(
                    Leaf(
                        index,
                        (*(r.pattern for r in chain), view_route.pattern),
                        (*(r.default_kwargs for r in chain), view_route.default_args),
                        view_route.callback,
                        [r.app_name for r in chain],
                        [r.namespace for r in chain],
                    )
                )
            except ImproperlyConfigured:
                raise
            except Exception as err:  # pragma: no cover - a bug in the compiler, named clearly
                raise ImproperlyConfigured(
                    f"Could not compile URL pattern {view_route!r}: {err}"
                ) from err
        return leaves

    def resolve(self, path: Any) -> ResolverMatch:
        """The match for ``path``; Resolver404 if no route matches.

        The one way into the compiled matcher, for the handler as for
        ``scallion.urls.resolve``. PERF: hello, param - no walk of the URLconf
        (see ``_matcher``).
        """
        if path.__class__ is not str:
            path = str(path)  # a reverse_lazy() proxy
        matcher = self._matcher or self.compile()
        hit = matcher.static.get(path)
        if hit is not None:
            # PERF: hello - a fully static path, resolved when the matcher was built.
            return _match_for_route(hit[0], hit[1], path, self)
        match = matcher.search(path)
        if match is None:
            raise Resolver404(_NotFoundInfo(self, path))
        return match

    def _resolve_linear(
        self, path: str, _seen: frozenset[tuple[int, str]] = frozenset()
    ) -> ResolverMatch:
        """Django's resolution: try each pattern in order, recursing into includes.

        An include that would resolve the same path again in the same resolver
        (a URLconf including itself with an empty prefix) matches nothing, so the
        walk ends: its work is bounded by the path's length.
        """
        visit = (id(self), path)
        if visit in _seen:
            raise Resolver404({"path": path})
        _seen = _seen | {visit}
        tried: list[list[Any]] = []
        found = self.pattern.match(path)
        if found is None:
            raise Resolver404({"path": path})
        new_path, args, captured = found
        for entry in self.url_patterns:
            if isinstance(entry, URLPattern):
                sub_match = entry.resolve(new_path)
                if sub_match is None:
                    tried.append([entry])
                    continue
                sub_tried = None
            else:
                try:
                    sub_match = entry._resolve_linear(new_path, _seen)
                except Resolver404 as exc:
                    sub = exc.args[0].get("tried")
                    if sub is None:
                        tried.append([entry])
                    else:
                        tried.extend([entry, *t] for t in sub)
                    continue
                sub_tried = sub_match.tried
            merged = {**captured, **self.default_kwargs}
            merged.update(sub_match.kwargs)
            sub_args = sub_match.args if merged else args + sub_match.args
            if sub_tried is None:
                tried.append([entry])
            else:
                tried.extend([entry, *t] for t in sub_tried)
            own_route = "" if isinstance(entry, URLPattern) else str(entry.pattern)
            return ResolverMatch(
                sub_match.func,
                sub_args,
                merged,
                sub_match.url_name,
                [self.app_name, *sub_match.app_names],
                [self.namespace, *sub_match.namespaces],
                join_route(own_route, sub_match.route or ""),
                tried,
                captured_kwargs=sub_match.captured_kwargs,
                extra_kwargs={**self.default_kwargs, **(sub_match.extra_kwargs or {})},
            )
        raise Resolver404({"tried": tried, "path": new_path})

    # Error handlers --------------------------------------------------------------

    def resolve_error_handler(self, view_type: int) -> Callable[..., Any]:
        """The URLconf's ``handler<view_type>``, or scallion's default view."""
        handler = self._error_handlers.get(view_type)
        if handler is not None:
            return handler
        attr = f"handler{view_type}"
        candidate = getattr(self.urlconf_module, attr, None)
        if not candidate:
            from scallion.views import defaults

            candidate = getattr(defaults, _DEFAULT_HANDLERS[view_type])
        elif isinstance(candidate, str):
            try:
                candidate = import_string(candidate)
            except ImportError as err:
                raise ImproperlyConfigured(
                    f"{attr} = {candidate!r} in URLconf {self._module_label()} cannot be "
                    f"imported: {err}. Fix the dotted path (module.view), or set {attr} "
                    "to the view itself."
                ) from err
        if not callable(candidate):
            raise ImproperlyConfigured(
                f"{attr} in URLconf {self._module_label()} is {candidate!r}, which is not "
                "callable. Set it to a view or to its dotted path."
            )
        self._error_handlers[view_type] = candidate
        return candidate  # type: ignore[no-any-return]

    def check_error_handlers(self) -> None:
        """Import and check ``handler400/403/404/500`` now, so a bad one fails at start-up.

        Otherwise a typo in a dotted path would only show when the first error
        page is needed, turning that 404 into a 500.
        """
        for view_type in _DEFAULT_HANDLERS:
            self.resolve_error_handler(view_type)

    # Reversing --------------------------------------------------------------------

    @property
    def reverse_index(self) -> ReverseIndex:
        index = self._reverse_index
        if index is None:
            index = self._reverse_index = ReverseIndex(self)
        return index

    @property
    def namespace_dict(self) -> dict[str, tuple[str, Include]]:
        return {
            ns: (prefix, sub) for ns, (prefix, _conv, sub) in self.reverse_index.namespaces.items()
        }

    @property
    def app_dict(self) -> dict[str, list[str]]:
        return self.reverse_index.apps

    def reverse(self, lookup_view: Any, *args: Any, **kwargs: Any) -> str:
        return self._reverse_with_prefix(lookup_view, "", *args, **kwargs)

    def _reverse_with_prefix(
        self, lookup_view: Any, _prefix: str, *args: Any, **kwargs: Any
    ) -> str:
        entries = self.reverse_index.lookups.get(lookup_view, [])
        return reverse_entries(entries, lookup_view, _prefix, args, kwargs)

    def iter_leaves(
        self, _open: tuple[URLResolver, ...] = ()
    ) -> Iterator[tuple[tuple[URLResolver, ...], URLPattern | URLResolver]]:
        """Every URLPattern below this resolver, in resolution order, with its includes.

        An include of a resolver that is already open above it (a URLconf that
        includes itself, directly or through others) is yielded as it is,
        instead of being walked forever: the matcher resolves paths through it
        lazily.
        """
        open_now = (*_open, self)
        for entry in self.url_patterns:
            if isinstance(entry, URLPattern) or any(entry is ancestor for ancestor in open_now):
                yield (self,), entry
            else:
                for chain, leaf in entry.iter_leaves(open_now):
                    yield (self, *chain), leaf


_DEFAULT_HANDLERS = {
    400: "bad_request",
    403: "permission_denied",
    404: "page_not_found",
    500: "server_error",
}


class _NotFoundInfo(dict[str, Any]):
    """``Resolver404.args[0]``, filled in only when someone reads it.

    Listing the patterns tried costs a walk over every route, which a 404 flood
    (or APPEND_SLASH probing with ``is_valid_path``) should not pay; the
    technical 404 page reads it, and then gets exactly Django's dict.
    """

    def __init__(self, resolver: URLResolver, path: str) -> None:
        super().__init__()
        self._resolver: URLResolver | None = resolver
        self._path = path

    def _fill(self) -> None:
        resolver = self._resolver
        if resolver is None:
            return
        self._resolver = None
        try:
            resolver._resolve_linear(self._path)
        except Resolver404 as exc:
            super().update(exc.args[0])
        else:  # pragma: no cover - the compiled matcher and the reference disagree
            super().update({"path": self._path, "tried": []})

    def __getitem__(self, key: str) -> Any:
        self._fill()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._fill()
        return dict(super().items())

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()


_resolvers: dict[Any, URLResolver] = {}
_resolvers_lock = threading.Lock()


def get_resolver(urlconf: Any = None) -> URLResolver:
    """The root resolver for ``urlconf`` (``settings.ROOT_URLCONF`` when None), compiled.

    Cached per URLconf until ``clear_url_caches()``; building it imports the
    URLconf and compiles the matcher, so a broken URLconf fails here, at the
    first request or at start-up if the server builds it then.
    """
    if urlconf is None:
        urlconf = settings.ROOT_URLCONF
        if urlconf is None:
            raise ImproperlyConfigured(
                "The ROOT_URLCONF setting is not set. Set it to the dotted path of your "
                "URLconf module (for example ROOT_URLCONF = 'mysite.urls')."
            )
    key = urlconf if isinstance(urlconf, str) else id(urlconf)
    resolver = _resolvers.get(key)
    if resolver is None:
        with _resolvers_lock:
            resolver = _resolvers.get(key)
            if resolver is None:
                resolver = URLResolver(RegexPattern(r"^/"), urlconf)
                resolver.compile()
                _resolvers[key] = resolver
    return resolver


def resolve_path(path: str, urlconf: Any = None) -> ResolverMatch:
    """``get_resolver(urlconf).resolve(path)`` in one call: what the handler runs per request.

    PERF: hello, param - the root resolver's cache entry, a fully static path and
    the matcher's search are reached here without the calls in between; what
    finds no route goes through ``URLResolver.resolve``, the same matcher, for
    its Resolver404.
    """
    resolver = _resolvers.get(settings_cache.ROOT_URLCONF) if urlconf is None else None
    if resolver is None:
        resolver = get_resolver(urlconf)
    matcher = resolver._matcher
    if matcher is None or path.__class__ is not str:
        return resolver.resolve(path)  # compiles it, or takes a reverse_lazy() proxy
    hit = matcher.static.get(path)
    if hit is not None:
        return _match_for_route(hit[0], hit[1], path, resolver)
    found = matcher.search(path)  # PERF: param - straight to the search
    if found is None:
        # Not through resolve(), which would search again: a 404 costs one search.
        raise Resolver404(_NotFoundInfo(resolver, path))
    return found


def clear_resolver_cache() -> None:
    with _resolvers_lock:
        _resolvers.clear()
