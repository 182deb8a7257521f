"""Class-based views, with Django's names: ``View``, templates, redirects, lists, details,
date archives and forms.

The list, detail and date views take any query-set-like object (scallion has no
ORM), and the form views any form class built like Django's.
"""

from scallion.views.generic.base import (
    ContextMixin,
    RedirectView,
    TemplateResponseMixin,
    TemplateView,
    View,
)
from scallion.views.generic.dates import (
    ArchiveIndexView,
    DateDetailView,
    DayArchiveView,
    MonthArchiveView,
    TodayArchiveView,
    WeekArchiveView,
    YearArchiveView,
)
from scallion.views.generic.detail import DetailView
from scallion.views.generic.edit import CreateView, DeleteView, FormView, UpdateView
from scallion.views.generic.list import ListView

__all__ = [
    "ArchiveIndexView",
    "ContextMixin",
    "CreateView",
    "DateDetailView",
    "DayArchiveView",
    "DeleteView",
    "DetailView",
    "FormView",
    "GenericViewError",
    "ListView",
    "MonthArchiveView",
    "RedirectView",
    "TemplateResponseMixin",
    "TemplateView",
    "TodayArchiveView",
    "UpdateView",
    "View",
    "WeekArchiveView",
    "YearArchiveView",
]


class GenericViewError(Exception):
    """A problem in a generic view."""
