"""The functions views and middleware call: resolve, reverse, and per-request state.

The URLconf override and the script prefix are per request: they live in
context variables, so they follow a request across threads and async tasks
(``asgiref`` copies the context) without leaking into other requests.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any
from urllib.parse import urlencode

from scallion.core.signals import setting_changed
from scallion.urls._reverse import resolve_namespaces, reverse_entries
from scallion.urls.exceptions import Resolver404
from scallion.urls.resolver_match import ResolverMatch
from scallion.urls.resolvers import clear_resolver_cache, get_resolver
from scallion.urls.script_prefix import clear_script_prefix, get_script_prefix, set_script_prefix
from scallion.utils.functional import lazy

__all__ = [
    "clear_script_prefix",
    "clear_url_caches",
    "get_script_prefix",
    "get_urlconf",
    "is_valid_path",
    "resolve",
    "reverse",
    "reverse_lazy",
    "set_script_prefix",
    "set_urlconf",
]

_urlconf: ContextVar[Any] = ContextVar("scallion_urlconf", default=None)


def resolve(path: str, urlconf: Any = None) -> ResolverMatch:
    if urlconf is None:
        urlconf = _urlconf.get()
    return get_resolver(urlconf).resolve(path)


def reverse(
    viewname: Any,
    urlconf: Any = None,
    args: Any = None,
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
    *,
    query: Any = None,
    fragment: str | None = None,
) -> str:
    """The URL path for a view name (``"ns:name"``) or view callable, with arguments."""
    if urlconf is None:
        urlconf = _urlconf.get()
    resolver = get_resolver(urlconf)
    cache = resolver._reverse_cache
    key = (viewname, current_app)
    try:
        view, entries = cache[key]
    except KeyError:
        if isinstance(viewname, str):
            view, entries = resolve_namespaces(resolver, viewname, current_app)
        else:
            view, entries = viewname, resolver.reverse_index.lookups.get(viewname, [])
        if len(cache) < 4096:  # bounded: names x current apps is small in real apps
            cache[key] = (view, entries)
    except TypeError:  # an unhashable lookup value
        view, entries = viewname, []
    url = reverse_entries(entries, view, get_script_prefix(), args or (), kwargs or {})
    if query is not None:
        if hasattr(query, "urlencode"):
            query_string = query.urlencode()
        else:
            query_string = urlencode(query, doseq=True)
        if query_string:
            url += "?" + query_string
    if fragment is not None:
        url += "#" + fragment
    return url


reverse_lazy = lazy(reverse, str)


def clear_url_caches() -> None:
    """Forget every built resolver (call after changing ROOT_URLCONF or a URLconf)."""
    clear_resolver_cache()


def set_urlconf(urlconf_name: Any) -> None:
    """Route the current request through ``urlconf_name`` (None: back to ROOT_URLCONF)."""
    _urlconf.set(urlconf_name or None)


def get_urlconf(default: Any = None) -> Any:
    value = _urlconf.get()
    return default if value is None else value


def is_valid_path(path: str, urlconf: Any = None) -> ResolverMatch | bool:
    """The match for ``path``, or False (what APPEND_SLASH needs)."""
    try:
        return resolve(path, urlconf)
    except Resolver404:
        return False


def _root_urlconf_changed(sender: object = None, *, setting: str = "", **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        clear_url_caches()
        set_urlconf(None)


setting_changed.connect(_root_urlconf_changed, weak=False)
