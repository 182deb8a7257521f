"""A URLconf with mistakes the URL checks report."""

from scallion.http import HttpResponse
from scallion.urls import path


def view(request):  # type: ignore[no-untyped-def]
    return HttpResponse("x")


urlpatterns = [
    path("a/", view, name="same"),
    path("b/", view, name="same"),
    path("/slash/", view, name="slash"),
    path("c/", view, name="odd:name"),
]
