from scallion.urls import include, path, re_path
from tests.management.check_urls.views import view

urlpatterns = [
    re_path(r"^included$", include([path("x/", view)])),
    re_path(r"^escaped\$", include([path("y/", view)])),
]
