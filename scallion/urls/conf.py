"""What URLconfs are written with: ``path()``, ``re_path()`` and ``include()``.

Mistakes are reported here, while the URLconf module is being imported (so at
start-up), naming the module and the pattern.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Any

from scallion.core.exceptions import ImproperlyConfigured
from scallion.urls.patterns import RegexPattern, RoutePattern
from scallion.urls.resolvers import URLPattern, URLResolver

__all__ = ["include", "path", "re_path"]


class ViewNotCallable(ImproperlyConfigured, TypeError):
    """A pattern's view is not callable (a TypeError in Django, kept catchable as one).

    ``route``, ``name`` and ``view_class`` are set when the view is a class-based view
    passed without ``as_view()``, so the system check can report it under
    Django's id for that mistake (``urls.E009``) instead of as an import failure.
    """

    route: str | None = None
    name: str | None = None
    view_class: type | None = None


def include(arg: Any, namespace: str | None = None) -> tuple[Any, str | None, str | None]:
    """Include a URLconf: a dotted path, a module, a list, or ``(patterns, app_name)``."""
    app_name = None
    if isinstance(arg, tuple):
        if len(arg) != 2:
            if namespace:
                raise ImproperlyConfigured(
                    "Cannot override the namespace for a dynamic module that provides a namespace."
                )
            raise ImproperlyConfigured(
                f"Passing a {len(arg)}-tuple to include() is not supported. Pass a 2-tuple "
                "containing the list of patterns and app_name, and provide the namespace "
                "argument to include() instead."
            )
        urlconf_module, app_name = arg
    else:
        urlconf_module = arg
    if isinstance(urlconf_module, str):
        name = urlconf_module
        try:
            urlconf_module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name and (name == err.name or name.startswith(err.name + ".")):
                raise ImproperlyConfigured(
                    f"include({name!r}) in URLconf {_caller_module()!r}: there is no module "
                    f"named {name!r} ({err}). Fix the dotted path."
                ) from err
            raise
    patterns = getattr(urlconf_module, "urlpatterns", urlconf_module)
    app_name = getattr(urlconf_module, "app_name", app_name)
    if namespace and not app_name:
        raise ImproperlyConfigured(
            "Specifying a namespace in include() without providing an app_name is not "
            "supported. Set the app_name attribute in the included module, or pass a "
            "2-tuple containing the list of patterns and app_name instead."
        )
    namespace = namespace or app_name
    del patterns
    return (urlconf_module, app_name, namespace)


def path(
    route: str, view: Any, kwargs: dict[str, Any] | None = None, name: str | None = None
) -> URLPattern | URLResolver:
    """A route such as ``"articles/<int:year>/"`` to a view or an ``include()``."""
    return _make(route, view, kwargs, name, RoutePattern, _caller_module())


def re_path(
    route: str, view: Any, kwargs: dict[str, Any] | None = None, name: str | None = None
) -> URLPattern | URLResolver:
    """A regular expression to a view or an ``include()`` (searched, like Django)."""
    return _make(route, view, kwargs, name, RegexPattern, _caller_module())


def _caller_module() -> str:
    # Two frames up: the URLconf module calling path()/re_path()/include().
    frame = sys._getframe(2)
    return str(frame.f_globals.get("__name__", "?"))


def _make(
    route: str,
    view: Any,
    kwargs: dict[str, Any] | None,
    name: str | None,
    pattern_class: type[RoutePattern] | type[RegexPattern],
    module: str,
) -> URLPattern | URLResolver:
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError(f"kwargs argument must be a dict, but got {kwargs.__class__.__name__}.")
    is_include = isinstance(view, list | tuple)
    try:
        pattern = pattern_class(
            route, name=None if is_include else name, is_endpoint=not is_include
        )
    except ImproperlyConfigured as err:
        raise ImproperlyConfigured(f"In URLconf {module!r}: {err}") from err
    where = f"URL pattern {route!r} in URLconf {module!r}"
    if is_include:
        if len(view) != 3 or isinstance(view[0], URLPattern | URLResolver):
            raise ImproperlyConfigured(
                f"{where} is given a list of patterns as its view; wrap it in include(), "
                "for example path('blog/', include(blog_patterns))."
            )
        urlconf_module, app_name, namespace = view
        return URLResolver(pattern, urlconf_module, kwargs, app_name=app_name, namespace=namespace)
    if inspect.isclass(view) and hasattr(view, "as_view"):
        error = ViewNotCallable(
            f"{where} uses the class {view.__name__} as its view; pass "
            f"{view.__name__}.as_view() instead."
        )
        error.route, error.name, error.view_class = str(route), name, view
        raise error
    if not callable(view):
        # On the class: as_view refuses to be read from an instance.
        if hasattr(type(view), "as_view"):
            raise ViewNotCallable(
                f"{where}: view must be a callable, pass {view.__class__.__name__}.as_view(), "
                f"not {view.__class__.__name__}()."
            )
        raise ViewNotCallable(
            f"{where}: view must be a callable or a list/tuple in the case of include(). "
            f"Got {view!r}."
        )
    return URLPattern(pattern, view, kwargs, name)
