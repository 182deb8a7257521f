from scallion.urls import include, path
from tests.management.check_urls.views import view

urlpatterns = [
    path("ok/", view),
    path("inner/", include([(r"^tuple/$", view)])),
]
