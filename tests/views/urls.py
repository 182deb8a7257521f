"""URLconf for the view tests."""

from __future__ import annotations

from scallion.conf import settings
from scallion.http import HttpRequest, HttpResponse, HttpResponseBase
from scallion.urls import path, re_path
from scallion.views.generic import RedirectView, TemplateView, View
from scallion.views.static import serve


class Greeting(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("hi")

    def post(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("posted")


class AsyncGreeting(View):
    async def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("async hi")


def target(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(str(pk))


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """``serve`` as a URLconf would use it, with the document root read per test."""
    return serve(request, path, document_root=settings.MEDIA_ROOT, show_indexes=True)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    path("greet/", Greeting.as_view(), name="greet"),
    path("agreet/", AsyncGreeting.as_view(), name="agreet"),
    path(
        "about/<str:topic>/",
        TemplateView.as_view(template_name="about.html", extra_context={"extra": "x"}),
        name="about",
    ),
    path("target/<int:pk>/", target, name="target"),
    path("go/<int:pk>/", RedirectView.as_view(pattern_name="target"), name="go"),
    path("old/<int:pk>/", RedirectView.as_view(url="/new/%(pk)s/", permanent=True)),
    path("qs/", RedirectView.as_view(url="/dest/", query_string=True)),
    path("gone/", RedirectView.as_view()),
]
