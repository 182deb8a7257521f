"""Middleware for the template tests: changes a TemplateResponse before it renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class RewriteTemplateResponse:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)

    def process_template_response(self, request: Any, response: Any) -> Any:
        assert not response.is_rendered
        response.context_data["value"] = "changed-by-middleware"
        response.headers["X-Template"] = str(response.template_name)
        return response


class HostileVisitor:
    """Puts a hostile value (from the query string) into the page before it renders."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)

    def process_template_response(self, request: Any, response: Any) -> Any:
        assert not response.is_rendered
        response.context_data["name"] = request.GET["visitor"]
        response.context_data["title"] = "Changed by middleware"
        return response
