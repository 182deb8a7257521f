"""Class-based views: ``View`` dispatching by method, ``TemplateView``, ``RedirectView``."""

from scallion.views.generic.base import (
    ContextMixin,
    RedirectView,
    TemplateResponseMixin,
    TemplateView,
    View,
)

__all__ = ["ContextMixin", "RedirectView", "TemplateResponseMixin", "TemplateView", "View"]
