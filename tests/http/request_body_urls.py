"""Views for the end-to-end request-body tests."""

from __future__ import annotations

import hashlib
from typing import Any

from scallion.http import HttpResponse, JsonResponse
from scallion.http.multipartparser import MultiPartParser
from scallion.urls import path
from scallion.views.decorators.body import body_limits


def form(request: Any) -> JsonResponse:
    files = {
        k: [
            {"name": f.name, "size": f.size, "sha256": hashlib.sha256(f.read()).hexdigest()}
            for f in fs
        ]
        for k, fs in request.FILES.lists()
    }
    return JsonResponse({"post": dict(request.POST.lists()), "files": files})


def put_form(request: Any) -> JsonResponse:
    data, files = request.parse_form_body()
    return JsonResponse({"post": dict(data.lists()), "files": sorted(files)})


def json_view(request: Any) -> JsonResponse:
    return JsonResponse({"got": request.json()})


@body_limits(max_memory_size=10)
def small(request: Any) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


@body_limits(max_memory_size=None, max_number_fields=None)
def large(request: Any) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


class MarkingParser(MultiPartParser):
    """A custom multipart parser, as a project sets one: it adds a field."""

    def parse(self) -> Any:
        post, files = super().parse()
        post = post.copy()
        post["parsed_by"] = "marking"
        return post, files


def custom_parser(request: Any) -> JsonResponse:
    request.multipart_parser_class = MarkingParser
    return JsonResponse({"post": dict(request.POST.lists())})


urlpatterns = [
    path("form/", form),
    path("custom-parser/", custom_parser),
    path("put/", put_form),
    path("json/", json_view),
    path("small/", small),
    path("large/", large),
]


class ReadsPostInProcessView:
    """Middleware whose process_view reads the form, as a CSRF check does."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)

    def process_view(self, request: Any, view: Any, args: Any, kwargs: Any) -> None:
        request.POST  # noqa: B018
