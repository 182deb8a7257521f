from scallion.urls import include, path
from tests.management.check_urls.views import view

shared = ([path("a/", view)], "shared")

urlpatterns = [
    path("one/", include(shared)),
    path("two/", include(shared)),
    path("three/", include(([path("b/", view)], "app"), namespace="own")),
]
