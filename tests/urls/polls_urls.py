"""An app URLconf module whose ``app_name`` gives the namespace when it is included."""

from scallion.urls import path
from tests.urls.sample_urls import view

app_name = "polls"

urlpatterns = [
    path("", view, name="index"),
    path("<int:question_id>/", view, name="detail"),
]
