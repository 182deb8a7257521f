"""A URLconf that includes itself without a namespace, once with a prefix and once without."""

from __future__ import annotations

from scallion.urls import include, path
from tests.urls.recursive_urls import leaf

urlpatterns = [
    path("leaf/", leaf, name="plain-leaf"),
    path("again/", include("tests.urls.recursive_plain_urls")),
    path("", include("tests.urls.recursive_plain_urls")),
]
