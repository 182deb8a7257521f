"""How the generic views recognise model-like objects without an ORM of their own.

Django's generic views test ``isinstance(obj, models.Model)`` and
``isinstance(qs, QuerySet)``. scallion has no ORM, so the views accept any
object that looks like one: a *model* has ``_meta.app_label`` and
``_meta.model_name`` (and a ``DoesNotExist`` exception class); a *query set*
has a ``model`` and ``all()``/``filter()``/``get()``. Anything else (a list, a
plain object) is used as it is, as Django does for non-model data.
"""

from __future__ import annotations

from typing import Any


def model_meta(obj: Any) -> Any:
    """``obj._meta`` if ``obj`` (a model class or instance) has a usable one, else None."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    if isinstance(getattr(meta, "app_label", None), str) and isinstance(
        getattr(meta, "model_name", None), str
    ):
        return meta
    return None


def is_model_instance(obj: Any) -> bool:
    return not isinstance(obj, type) and model_meta(obj) is not None


def is_model_class(obj: Any) -> bool:
    return isinstance(obj, type) and model_meta(obj) is not None


def is_queryset(obj: Any) -> bool:
    """True for an object that behaves as a query set (a ``model`` and ``all()``)."""
    return hasattr(obj, "model") and callable(getattr(obj, "all", None))


def template_name_for(meta: Any, suffix: str) -> str:
    """``<app_label>/<model_name><suffix>.html``."""
    return f"{meta.app_label}/{meta.model_name}{suffix}.html"
