"""A URLconf that includes itself, with a W002 inside to be reported once."""

from scallion.urls import include, path
from tests.management.check_urls.views import view

app_name = "recursive"
urlpatterns = [
    path("/leading/", view, name="leading"),
    path("again/", include("tests.management.check_urls.recursive", namespace="again")),
]
