"""The URL dispatcher (seed step 5): URLconfs, resolving paths, reversing names.

Django's public API under ``scallion.urls``; see docs/urls.md for how the
compiled matcher keeps Django's first-match-wins order at flat cost.
"""

from scallion.urls.base import (
    clear_script_prefix,
    clear_url_caches,
    get_script_prefix,
    get_urlconf,
    is_valid_path,
    resolve,
    reverse,
    reverse_lazy,
    set_script_prefix,
    set_urlconf,
)
from scallion.urls.conf import include, path, re_path
from scallion.urls.converters import register_converter
from scallion.urls.exceptions import NoReverseMatch, Resolver404
from scallion.urls.patterns import RegexPattern, RoutePattern
from scallion.urls.resolver_match import ResolverMatch
from scallion.urls.resolvers import URLPattern, URLResolver, get_resolver
from scallion.urls.utils import get_callable, get_mod_func

__all__ = [
    "NoReverseMatch",
    "RegexPattern",
    "Resolver404",
    "ResolverMatch",
    "RoutePattern",
    "URLPattern",
    "URLResolver",
    "clear_script_prefix",
    "clear_url_caches",
    "get_callable",
    "get_mod_func",
    "get_resolver",
    "get_script_prefix",
    "get_urlconf",
    "include",
    "is_valid_path",
    "path",
    "re_path",
    "register_converter",
    "resolve",
    "reverse",
    "reverse_lazy",
    "set_script_prefix",
    "set_urlconf",
]
