from scallion.urls import path
from tests.management.check_urls.views import view

urlpatterns = [
    path("open/<unclosed", view),
    path("closed>/x/<opened", view),
    path("^caret", view),
    path("dollar$", view),
    path("(?P<group>[0-9]+)/", view),
    path("fine/<int:pk>/", view, name="with:colon"),
]
