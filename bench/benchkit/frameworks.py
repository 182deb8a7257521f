"""Which frameworks run which scenarios, and the target ratios scallion must meet."""

from __future__ import annotations

from dataclasses import dataclass

from benchkit.scenarios import ASGI_SCENARIOS, DTL_SCENARIOS, JINJA2_PAGE_SCENARIOS, SCENARIOS

_ENGINE_ROWS = DTL_SCENARIOS + JINJA2_PAGE_SCENARIOS
WSGI_ALL = tuple(s for s in SCENARIOS if s not in _ENGINE_ROWS)
# Django's startproject stack and its page cache have no counterpart in the peers.
WSGI_PEER = tuple(s for s in WSGI_ALL if s not in ("stack", "cached"))


@dataclass(frozen=True)
class Framework:
    name: str
    kind: str
    scenarios: tuple[str, ...]
    label: str
    venv: str = "main"


FRAMEWORKS: dict[str, Framework] = {
    f.name: f
    for f in [
        Framework("raw", "wsgi", WSGI_ALL + _ENGINE_ROWS, "raw WSGI (floor)"),
        Framework("scallion", "wsgi", WSGI_ALL + _ENGINE_ROWS, "scallion"),
        Framework("django", "wsgi", WSGI_ALL + DTL_SCENARIOS, "Django"),
        Framework("django-jinja2", "wsgi", ("template",), "Django + Jinja2 backend"),
        Framework("flask", "wsgi", WSGI_PEER, "Flask"),
        Framework("falcon", "wsgi", WSGI_PEER, "Falcon"),
        Framework("bottle", "wsgi", WSGI_PEER, "Bottle"),
        Framework("raw-asgi", "asgi", ASGI_SCENARIOS, "raw ASGI (floor)"),
        Framework("scallion-asgi", "asgi", ASGI_SCENARIOS, "scallion ASGI"),
        Framework("django-asgi", "asgi", ASGI_SCENARIOS, "Django ASGI"),
        Framework("starlette", "asgi", ASGI_SCENARIOS, "Starlette"),
    ]
}

# The baselines each ratio column divides by, per protocol.
BASELINES = {
    "wsgi": {"django": "django", "falcon": "falcon", "floor": "raw"},
    "asgi": {"django": "django-asgi", "starlette": "starlette", "floor": "raw-asgi"},
}

# The speed targets: (baseline framework, or "<framework>:<scenario>" for a row of
# the same table, minimum ratio). Only scallion's rows are judged.
_WSGI_FALCON = [("falcon", 1.0)]
TARGETS: dict[tuple[str, str], list[tuple[str, float]]] = {
    ("scallion", "hello"): _WSGI_FALCON,
    ("scallion", "json"): _WSGI_FALCON,
    ("scallion", "middleware"): _WSGI_FALCON,
    ("scallion", "param"): _WSGI_FALCON,
    ("scallion", "param1000"): _WSGI_FALCON,
    ("scallion", "param10000"): _WSGI_FALCON + [("scallion:param", 0.9)],
    ("scallion", "template"): [("falcon", 1.0), ("django", 4.0)],
    ("scallion", "stack"): [("django", 6.0)],
    # A cached page costs about as little as the smallest view.
    ("scallion", "cached"): [("django", 10.0), ("scallion:hello", 0.75)],
    ("scallion", "form"): [("falcon", 0.5), ("django", 3.0)],
    ("scallion", "upload"): [("falcon", 1.0), ("django", 8.0)],
    # The Django template language: 4x Django's engine, within 1.5x of scallion's Jinja2.
    ("scallion", "template-dtl"): [("django", 4.0), ("scallion:template", 1 / 1.5)],
    ("scallion", "page-dtl"): [("django", 4.0), ("scallion:page-jinja2", 1 / 1.5)],
    **{("scallion-asgi", s): [("starlette", 1.0)] for s in ASGI_SCENARIOS},
}


def plan(
    frameworks: list[str] | None, scenarios: list[str] | None, only: list[str] | None
) -> list[tuple[str, str, list[str]]]:
    """Groups of (kind, scenario, frameworks) to interleave, in table order."""
    import fnmatch

    groups = []
    for kind in ("wsgi", "asgi"):
        names = ASGI_SCENARIOS if kind == "asgi" else tuple(SCENARIOS)
        for scenario in names:
            if scenarios and scenario not in scenarios:
                continue
            members = []
            for fw in FRAMEWORKS.values():
                if fw.kind != kind or scenario not in fw.scenarios:
                    continue
                if frameworks and fw.name not in frameworks:
                    continue
                cell = f"{fw.name}/{scenario}"
                if only and not any(fnmatch.fnmatchcase(cell, pattern) for pattern in only):
                    continue
                members.append(fw.name)
            if members:
                groups.append((kind, scenario, members))
    return groups
