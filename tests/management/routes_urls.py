"""A URLconf exercising what ``scallion routes`` and the URL checks report."""

from scallion.http import HttpResponse
from scallion.urls import include, path
from scallion.views.decorators.http import require_POST
from scallion.views.generic import View


def home(request):  # type: ignore[no-untyped-def]
    return HttpResponse("home")


@require_POST
def submit(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


class ItemView(View):
    def get(self, request, pk):  # type: ignore[no-untyped-def]
        return HttpResponse(str(pk))

    def delete(self, request, pk):  # type: ignore[no-untyped-def]
        return HttpResponse(status=204)


api = (
    [path("items/<int:pk>/", ItemView.as_view(), name="item")],
    "api",
)

urlpatterns = [
    path("", home, name="home"),
    path("submit/", submit, name="submit"),
    path("api/", include(api)),
]
