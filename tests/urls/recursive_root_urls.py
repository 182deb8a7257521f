"""The root URLconf over the recursive ones."""

from __future__ import annotations

from scallion.urls import include, path

urlpatterns = [
    path("ns/", include("tests.urls.recursive_urls", namespace="recursive")),
    path("plain/", include("tests.urls.recursive_plain_urls")),
]
