"""URLconf checks: Django's (IDs, messages, functions), and what scallion adds.

Django's checks walk the tree as Django's resolver ``check()`` methods do: each
pattern is checked (``urls.W002`` leading slash, ``urls.W003`` colon in a name,
``urls.E009`` a view class without ``as_view()``, ``urls.W010`` unmatched angle
brackets, ``2_0.W001`` regex syntax in a ``path()`` route); an ``include()``'s
own pattern is checked only when nothing inside it was reported (``urls.W001``
trailing ``$``); an entry that is not a pattern is ``urls.E004``. scallion adds
``urls.E001`` (the URLconf does not import: reported, not raised) and
``urls.W100`` (one name on several patterns).

The walk reads the URLconf modules' ``urlpatterns`` lists themselves, so it can
report an invalid entry where the resolver, which refuses one at start-up,
would only raise.
"""

from __future__ import annotations

import inspect
import re
from collections import Counter, defaultdict
from typing import Any

from scallion.conf import settings
from scallion.core.checks.messages import CheckMessage, Error, Warning
from scallion.core.checks.registry import Tags, register
from scallion.core.checks.urlwalk import Route, walk


def load_routes() -> list[Route]:
    """Every endpoint of ROOT_URLCONF, importing it now (errors propagate)."""
    from scallion.urls import get_resolver

    return list(walk(get_resolver()))


def _load_failure(exc: Exception) -> Error:
    from scallion.core.exceptions import ImproperlyConfigured
    from scallion.urls.conf import ViewNotCallable

    if isinstance(exc, ViewNotCallable) and exc.view_class is not None:
        # scallion's path() refuses a view class when the URLconf is imported;
        # Django reports the same mistake here, under this id and wording.
        name = exc.view_class.__name__
        described = repr(exc.route) + (f" [name={exc.name!r}]" if exc.name else "")
        return Error(
            f"Your URL pattern {described} has an invalid view, pass "
            f"{name}.as_view() instead of {name}.",
            id="urls.E009",
        )

    # A configuration mistake is fully described by its message; any other
    # error was raised by the project's code, and its traceback shows where.
    hint = (
        "Fix the setting or the pattern named above."
        if isinstance(exc, ImproperlyConfigured)
        else "Run 'scallion routes' for the full traceback."
    )
    return Error(
        f"The URLconf {settings.ROOT_URLCONF!r} could not be loaded: {type(exc).__name__}: {exc}",
        hint=hint,
        id="urls.E001",
    )


@register(Tags.urls)
def check_url_config(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    from scallion.urls import RegexPattern, URLResolver

    try:
        # Not get_resolver(): it compiles the matcher, which refuses the
        # invalid entries this walk is to report.
        messages = check_resolver(URLResolver(RegexPattern(r"^/"), settings.ROOT_URLCONF))
        if any(message.id == "urls.E004" for message in messages):
            return messages  # the routes cannot be loaded
        return [*messages, *check_routes(load_routes())]
    except Exception as exc:
        return [_load_failure(exc)]


def check_resolver(resolver: Any, *, _open: tuple[Any, ...] = ()) -> list[CheckMessage]:
    """The messages of one entry of a URLconf, and of everything it includes.

    An include of a URLconf already being checked (one that includes itself)
    is checked once: its patterns were, or are being, checked.
    """
    from scallion.urls import URLPattern, URLResolver

    if isinstance(resolver, URLResolver):
        if any(resolver is ancestor for ancestor in _open):
            return []
        return _check_include(resolver, (*_open, resolver))
    if isinstance(resolver, URLPattern):
        return _check_endpoint(resolver)
    check_method = getattr(resolver, "check", None)
    if check_method is not None:
        return list(check_method())
    if not hasattr(resolver, "resolve"):
        return get_warning_for_invalid_pattern(resolver)
    return []


def _raw_patterns(resolver: Any) -> list[Any]:
    """The entries an include() or URLconf lists, before the resolver vets them."""
    module = resolver.urlconf_module
    patterns = getattr(module, "urlpatterns", module)
    try:
        return list(patterns)
    except TypeError:
        return list(resolver.url_patterns)  # raises the resolver's own explanation


def _check_include(resolver: Any, open_now: tuple[Any, ...]) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for entry in _raw_patterns(resolver):
        messages.extend(check_resolver(entry, _open=open_now))
    return messages or _check_pattern(resolver.pattern, is_endpoint=False)


def _check_endpoint(url_pattern: Any) -> list[CheckMessage]:
    from scallion.views.generic.base import View

    pattern = url_pattern.pattern
    messages: list[CheckMessage] = []
    name = getattr(pattern, "name", None)
    if name is not None and ":" in name:
        messages.append(
            Warning(
                f"Your URL pattern {_describe(pattern)} has a name including a ':'. Remove "
                "the colon, to avoid ambiguous namespace references.",
                id="urls.W003",
            )
        )
    messages.extend(_check_pattern(pattern, is_endpoint=True))
    view = url_pattern.callback
    if inspect.isclass(view) and issubclass(view, View):
        messages.append(
            Error(
                f"Your URL pattern {_describe(pattern)} has an invalid view, pass "
                f"{view.__name__}.as_view() instead of {view.__name__}.",
                id="urls.E009",
            )
        )
    return messages


def _describe(pattern: Any) -> str:
    describe = getattr(pattern, "describe", None)
    return str(describe()) if describe is not None else f"'{pattern}'"


def _check_pattern(pattern: Any, is_endpoint: bool) -> list[CheckMessage]:
    """The checks of one ``path()`` route or ``re_path()`` regex."""
    from scallion.urls import RegexPattern, RoutePattern

    check_method = getattr(pattern, "check", None)
    if check_method is not None:
        return list(check_method())
    if not isinstance(pattern, RoutePattern | RegexPattern):
        return []  # i18n_patterns' language prefix and other pattern kinds
    messages = _check_pattern_startswith_slash(pattern)
    if isinstance(pattern, RoutePattern):
        messages.extend(_check_unmatched_angle_brackets(pattern))
        route = str(pattern)
        if "(?P<" in route or route.startswith("^") or route.endswith("$"):
            messages.append(
                Warning(
                    f"Your URL pattern {_describe(pattern)} has a route that contains '(?P<', "
                    "begins with a '^', or ends with a '$'. This was likely an oversight when "
                    "migrating to path().",
                    hint="path() routes are not regular expressions: use re_path() for a "
                    "regex, or write the route with <converter:name> parts.",
                    id="2_0.W001",
                )
            )
    elif not is_endpoint:
        source = str(pattern)
        if source.endswith("$") and not source.endswith(r"\$"):
            messages.append(
                Warning(
                    f"Your URL pattern {_describe(pattern)} uses include with a route ending "
                    "with a '$'. Remove the dollar from the route to avoid problems including "
                    "URLs.",
                    id="urls.W001",
                )
            )
    return messages


def _check_pattern_startswith_slash(pattern: Any) -> list[CheckMessage]:
    # With APPEND_SLASH off a leading slash can be meant (a URLconf included
    # under a prefix without a trailing slash).
    if not settings.APPEND_SLASH:
        return []
    source = pattern.regex_source
    if source.startswith(("/", "^/", "^\\/")) and not source.endswith("/"):
        return [
            Warning(
                f"Your URL pattern {_describe(pattern)} has a route beginning with a '/'. "
                "Remove this slash as it is unnecessary. If this pattern is targeted in an "
                "include(), ensure the include() pattern has a trailing '/'.",
                id="urls.W002",
            )
        ]
    return []


def _check_unmatched_angle_brackets(pattern: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    text = "Your URL pattern %s has an unmatched '%s' bracket."
    depth = 0
    for bracket in re.findall(r"[<>]", str(pattern)):
        if bracket == "<":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                messages.append(Warning(text % (_describe(pattern), ">"), id="urls.W010"))
                depth = 0
    if depth > 0:
        messages.append(Warning(text % (_describe(pattern), "<"), id="urls.W010"))
    return messages


def get_warning_for_invalid_pattern(pattern: Any) -> list[CheckMessage]:
    """``urls.E004`` for an entry of ``urlpatterns`` that is not a pattern."""
    if isinstance(pattern, str):
        hint: str | None = (
            f"Try removing the string '{pattern}'. The list of urlpatterns should not have a "
            "prefix string as the first element."
        )
    elif isinstance(pattern, tuple):
        hint = "Try using path() instead of a tuple."
    else:
        hint = None
    return [
        Error(
            f"Your URL pattern {pattern!r} is invalid. Ensure that urlpatterns is a list of "
            "path() and/or re_path() instances.",
            hint=hint,
            id="urls.E004",
        )
    ]


@register(Tags.urls)
def check_url_namespaces_unique(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``urls.W005``: two includes with one namespace, where reverse() finds only one."""
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    from scallion.urls import get_resolver

    try:
        namespaces = _load_all_namespaces(get_resolver())
    except Exception:
        return []  # reported by check_url_config (urls.E001)
    return [
        Warning(
            f"URL namespace '{namespace}' isn't unique. You may not be able to reverse all "
            "URLs in this namespace",
            hint="Give each include() of the same URLconf its own namespace=.",
            id="urls.W005",
        )
        for namespace, count in Counter(namespaces).items()
        if count > 1
    ]


def _load_all_namespaces(
    resolver: Any, parents: tuple[str, ...] = (), open_now: tuple[Any, ...] = ()
) -> list[str]:
    """Every namespace under ``resolver``, qualified; an include of a URLconf
    already open on the way down (one that includes itself) is counted once."""
    open_now = (*open_now, resolver)
    patterns = getattr(resolver, "url_patterns", [])
    namespaces = [
        ":".join([*parents, entry.namespace])
        for entry in patterns
        if getattr(entry, "namespace", None) is not None
    ]
    for entry in patterns:
        if any(entry is ancestor for ancestor in open_now):
            continue
        namespace = getattr(entry, "namespace", None)
        current = (*parents, namespace) if namespace is not None else parents
        namespaces.extend(_load_all_namespaces(entry, current, open_now))
    return namespaces


@register(Tags.urls)
def check_custom_error_handlers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``handler400``-``handler500`` import (``urls.E008``) and take the right arguments
    (``urls.E007``): otherwise the error page itself fails, with a 500."""
    if not getattr(settings, "ROOT_URLCONF", None):
        return []
    from scallion.core.exceptions import ViewDoesNotExist
    from scallion.urls import get_resolver
    from scallion.urls.utils import get_callable

    try:
        resolver = get_resolver()
        module = resolver.urlconf_module
    except Exception:
        return []  # reported by check_url_config (urls.E001)
    messages: list[CheckMessage] = []
    # Every handler takes (request, exception) but handler500, which takes (request).
    for status_code, parameters in ((400, 2), (403, 2), (404, 2), (500, 1)):
        path = getattr(module, f"handler{status_code}", None)
        try:
            handler = (
                resolver.resolve_error_handler(status_code) if not path else get_callable(path)
            )
        except (ImportError, ViewDoesNotExist) as exc:
            messages.append(
                Error(
                    f"The custom handler{status_code} view '{path}' could not be imported.",
                    hint=str(exc),
                    id="urls.E008",
                )
            )
            continue
        try:
            inspect.signature(handler).bind(*[None] * parameters)
        except TypeError:
            arguments = "request, exception" if parameters == 2 else "request"
            messages.append(
                Error(
                    f"The custom handler{status_code} view "
                    f"'{handler.__module__}.{handler.__qualname__}' does not take the correct "
                    f"number of arguments ({arguments}).",
                    id="urls.E007",
                )
            )
        except ValueError:
            pass  # no signature to read (a builtin): let the call tell
    return messages


def check_routes(routes: list[Route]) -> list[CheckMessage]:
    """scallion's ``urls.W100``: one name on several patterns."""
    messages: list[CheckMessage] = []
    by_name: dict[str, list[str]] = defaultdict(list)
    for route in routes:
        if route.qualified_name:
            by_name[route.qualified_name].append(route.pattern)
    for name, patterns in by_name.items():
        if len(patterns) > 1:
            messages.append(
                Warning(
                    f"The URL name {name!r} is used by {len(patterns)} patterns: "
                    f"{', '.join(repr(p) for p in patterns)}.",
                    hint="reverse() can build only one of them for a given set of arguments; "
                    "give each a distinct name (silence urls.W100 if this is intended).",
                    id="urls.W100",
                )
            )
    return messages


def E006(name: str) -> Error:
    """``urls.E006``: ``STATIC_URL`` or ``MEDIA_URL`` without its trailing slash."""
    value = str(getattr(settings, name, "") or "")
    return Error(
        f"The {name} setting must end with a slash.",
        hint=f"Use {name} = {value + '/'!r}." if value else None,
        id="urls.E006",
    )


@register(Tags.urls)
def check_url_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for name in ("STATIC_URL", "MEDIA_URL"):
        value = getattr(settings, name, None)
        if value and not str(value).endswith("/"):
            messages.append(E006(name))
    return messages
