"""``scallion routes``: the URL map as a table, in the order resolution tries it."""

from __future__ import annotations

import argparse
import json

from scallion.core.checks.urlwalk import Route, allowed_methods, dotted_name
from scallion.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "List the URL patterns: pattern, name, view and the HTTP methods where known "
        "(WEBSOCKET for the URLconf's websocket_urlpatterns)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, options: argparse.Namespace) -> int:
        from scallion.conf import settings
        from scallion.core.checks.urls import load_routes

        if not getattr(settings, "ROOT_URLCONF", None):
            raise CommandError("The ROOT_URLCONF setting is not set; there are no routes.")
        routes = load_routes()
        websocket_routes = load_websocket_routes()
        rows = [self.row(route) for route in routes]
        rows += [self.row(route, ["WEBSOCKET"]) for route in websocket_routes]
        if options.json:
            data = [
                {
                    "pattern": "/" + route.pattern,
                    "name": route.qualified_name,
                    "view": dotted_name(route.callback),
                    "methods": methods or allowed_methods(route.callback),
                }
                for route, methods in [(r, None) for r in routes]
                + [(r, ["WEBSOCKET"]) for r in websocket_routes]
            ]
            self.write(json.dumps(data, indent=2))
            return 0
        if not rows:
            self.write("The URLconf has no patterns.")
            return 0
        self.write(format_table(["PATTERN", "NAME", "VIEW", "METHODS"], rows, self.style.HEADING))
        return 0

    def row(self, route: Route, methods: list[str] | None = None) -> list[str]:
        methods = methods or allowed_methods(route.callback)
        return [
            "/" + route.pattern,
            route.qualified_name or "",
            dotted_name(route.callback),
            ",".join(methods) if methods else "*",
        ]


def load_websocket_routes() -> list[Route]:
    """The endpoints of the URLconf's ``websocket_urlpatterns`` (none when it has none)."""
    from scallion.core.checks.urlwalk import walk
    from scallion.core.handlers.websocket import websocket_resolver

    resolver = websocket_resolver()
    return [] if resolver is None else list(walk(resolver))


def format_table(header: list[str], rows: list[list[str]], heading: object = None) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    if callable(heading):
        lines[0] = heading(lines[0])
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append(line.rstrip())
    return "\n".join(line.rstrip() for line in lines)
