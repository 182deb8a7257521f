"""A context processor: values every template of the showcase can use."""

from typing import Any

from scallion.http import HttpRequest

NAV = [
    ("home", "Home"),
    ("contact", "Form"),
    ("upload", "Upload"),
    ("counter", "Session"),
    ("about", "Class-based view"),
    ("dtl-home", "Django templates"),
]


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": "scallion showcase", "nav": NAV}
