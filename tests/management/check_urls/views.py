"""Views for the check URLconfs."""

from typing import Any

from scallion.http import HttpResponse
from scallion.views.generic.base import View


def view(request: Any) -> HttpResponse:
    return HttpResponse("x")


def handler_without_exception(request: Any) -> HttpResponse:
    return HttpResponse("x")


def handler(request: Any, exception: Any = None) -> HttpResponse:
    return HttpResponse("x")


class PageView(View):
    pass


not_a_view = 42
