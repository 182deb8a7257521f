"""A context processor: values every template of the showcase can use."""

from typing import Any

from scallion.http import HttpRequest

# (URL name, label) of each page in the navigation bar.
NAV = [
    ("home", "Home"),
    ("contact", "Form"),
    ("upload", "Upload"),
    ("counter", "Session"),
    ("about", "Class-based view"),
    ("items", "JSON API"),
    ("stream", "Streaming"),
    ("boom", "Error page"),
    ("live", "Live"),
    ("dtl-home", "Django templates"),
]


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": "scallion showcase", "nav": NAV}
