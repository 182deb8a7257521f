"""Views: class-based views (``View``), generic helpers and decorators for view functions."""

from scallion.views.generic.base import View

__all__ = ["View"]
