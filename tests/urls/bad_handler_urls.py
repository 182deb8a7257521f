"""A root URLconf whose handler404 names a view that does not exist."""

from tests.urls.sample_urls import urlpatterns as urlpatterns

handler404 = "tests.urls.sample_urls.no_such_view"
