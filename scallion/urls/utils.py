"""``get_callable`` and ``get_mod_func``: a view from its dotted path, with errors that say why.

Django's helpers of the same names; the error handler checks (``urls.E008``) show
their messages as hints.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from scallion.core.exceptions import ViewDoesNotExist


def get_mod_func(callback: str) -> tuple[str, str]:
    """``"a.b.view"`` -> ``("a.b", "view")``; a name without a dot -> ``(name, "")``."""
    module, dot, name = callback.rpartition(".")
    if not dot:
        return callback, ""
    return module, name


def _is_missing_submodule(module_name: str) -> bool:
    """``module_name``'s parent imports but has no such submodule."""
    parent_name, child = get_mod_func(module_name)
    if not child:
        return False
    parent = importlib.import_module(parent_name)
    if not hasattr(parent, "__path__"):
        return True
    return importlib.util.find_spec(module_name) is None


@functools.cache
def get_callable(lookup_view: Any) -> Callable[..., Any]:
    """``lookup_view`` itself if callable, else the view its dotted path names.

    Raises ``ImportError`` when the path is not qualified or the module does not
    import (the module's own error, which tells why), and ``ViewDoesNotExist``
    when the parent module, the view or its callability is missing.
    """
    if callable(lookup_view):
        return lookup_view  # type: ignore[no-any-return]
    if not isinstance(lookup_view, str):
        raise ViewDoesNotExist(f"'{lookup_view}' is not a callable or a dot-notation path")
    module_name, view_name = get_mod_func(lookup_view)
    if not view_name:
        raise ImportError(f"Could not import '{lookup_view}'. The path must be fully qualified.")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        if _is_missing_submodule(module_name):
            raise ViewDoesNotExist(
                f"Could not import '{lookup_view}'. Parent module {module_name} does not exist."
            ) from None
        raise
    try:
        view = getattr(module, view_name)
    except AttributeError:
        raise ViewDoesNotExist(
            f"Could not import '{lookup_view}'. View does not exist in module {module_name}."
        ) from None
    if not callable(view):
        raise ViewDoesNotExist(
            f"Could not import '{module_name}.{view_name}'. View is not callable."
        )
    return view  # type: ignore[no-any-return]
