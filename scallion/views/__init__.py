"""Views: generic helpers and decorators for view functions.

``View`` is here as in Django (``from django.views import View``); the other
generic views are in :mod:`scallion.views.generic`.
"""

from scallion.views.generic.base import View

__all__ = ["View"]
