"""A processor listed after ``processors.site`` (later processors win)."""

from __future__ import annotations

from typing import Any


def override_site(request: Any) -> dict[str, Any]:
    return {"site_name": "Late Site"}
