from scallion.urls import path
from tests.management.check_urls.views import PageView

urlpatterns = [
    path("class/", PageView, name="page"),
    path("view/", PageView.as_view()),
]
