"""A URLconf that imports but is misconfigured (a pattern without a view)."""

from typing import Any

from scallion.urls import path

no_view: Any = None
urlpatterns = [path("broken/", no_view)]
