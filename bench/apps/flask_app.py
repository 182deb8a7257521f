"""Flask: view functions, request hooks as its middleware, its own Jinja2 integration."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version as dist_version

from benchkit.scenarios import (
    FORM_ECHO_FIELD,
    HELLO_BODY,
    MIDDLEWARE_COUNT,
    ROUTE_COUNTS,
    SCENARIOS,
    param_body,
    site_context,
    template_context,
)
from flask import Flask, Response, render_template, request

from apps.common import TEMPLATE_DIR, TEMPLATE_NAME

KIND = "wsgi"
SCENARIOS = tuple(SCENARIOS)


def version() -> str:
    return "flask " + dist_version("flask")


def hello() -> Response:
    return Response(HELLO_BODY, mimetype="text/plain")


def json_view() -> dict[str, str]:
    return {"message": "Hello", "name": request.args["name"]}


def template_view() -> str:
    return render_template(TEMPLATE_NAME, **template_context())


def form() -> Response:
    return Response(request.form[FORM_ECHO_FIELD], mimetype="text/plain")


def upload() -> Response:
    stream = request.files["file"].stream
    stream.seek(0, 2)
    return Response(str(stream.tell()), mimetype="text/plain")


def make_item(index: int) -> Callable[..., Response]:
    def item(id: int) -> Response:
        return Response(param_body(index, id), mimetype="text/plain")

    return item


def _before() -> None:
    return None


def _after(response: Response) -> Response:
    return response


def build(scenario: str) -> Flask:
    app = Flask("flask_bench", template_folder=TEMPLATE_DIR)
    if scenario in ROUTE_COUNTS:
        for i in range(ROUTE_COUNTS[scenario]):
            app.add_url_rule(f"/r{i}/<int:id>/item", f"r{i}", make_item(i))
        return app
    if scenario == "middleware":
        # Flask's native "middleware" is a pair of request hooks.
        for _ in range(MIDDLEWARE_COUNT):
            app.before_request(_before)
            app.after_request(_after)
    app.context_processor(site_context)
    app.add_url_rule("/hello", "hello", hello)
    app.add_url_rule("/json", "json", json_view)
    app.add_url_rule("/template", "template", template_view)
    app.add_url_rule("/form", "form", form, methods=["POST"])
    app.add_url_rule("/upload", "upload", upload, methods=["POST"])
    return app
