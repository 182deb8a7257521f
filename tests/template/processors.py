"""Context processors used by the template tests (they count their calls)."""

from __future__ import annotations

from typing import Any

CALLS: dict[str, int] = {"site": 0}


def site(request: Any) -> dict[str, Any]:
    CALLS["site"] += 1
    return {"site_name": "Scallion Site", "value": "from-processor"}


def broken(request: Any) -> Any:
    return ["not", "a", "dict"]
