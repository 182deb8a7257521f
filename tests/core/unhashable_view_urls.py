"""A view that is a callable dataclass instance: unhashable (eq=True sets __hash__ to None)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scallion.http import HttpResponse
from scallion.urls import path


@dataclass
class Greeting:
    text: str

    def __call__(self, request: Any) -> HttpResponse:
        return HttpResponse(self.text, content_type="text/plain")


urlpatterns = [path("hi/", Greeting("hello"))]
