"""Views for the messages tests."""

from __future__ import annotations

from scallion.contrib import messages
from scallion.http import HttpRequest, HttpResponse
from scallion.urls import path


def add(request: HttpRequest) -> HttpResponse:
    for text in request.GET.getlist("m"):
        messages.success(request, text)
    level = request.GET.get("level")
    if level:
        messages.add_message(request, int(level), "leveled", extra_tags="extra")
    return HttpResponse("added")


def show(request: HttpRequest) -> HttpResponse:
    return HttpResponse("|".join(f"{m.tags}:{m}" for m in messages.get_messages(request)))


def add_and_show(request: HttpRequest) -> HttpResponse:
    messages.info(request, "now")
    return show(request)


def untouched(request: HttpRequest) -> HttpResponse:
    return HttpResponse("untouched")


urlpatterns = [
    path("add/", add),
    path("show/", show),
    path("add-show/", add_and_show),
    path("untouched/", untouched),
]
