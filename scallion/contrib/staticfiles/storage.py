"""``static(path)``: the URL of a static file, hashed when ``collect`` left a manifest.

The manifest (``STATIC_ROOT/staticfiles.json``) is read once and kept until a
static-files setting changes or ``collect`` writes a new one. In DEBUG, or when
there is no manifest, ``static()`` joins ``STATIC_URL`` and the path, because
the development server serves the source files under their own names.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any
from urllib.parse import quote

from scallion.conf import settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed

MANIFEST_NAME = "staticfiles.json"
MANIFEST_VERSION = "1.1"


class _StaticState:
    """What ``static()`` needs, computed once: base URL and the manifest's paths."""

    __slots__ = ("base_url", "paths", "relative_base")

    def __init__(self) -> None:
        base_url = settings.STATIC_URL
        if not base_url:
            raise ImproperlyConfigured(
                "static() needs the STATIC_URL setting (for example STATIC_URL = '/static/')."
            )
        if not base_url.endswith("/"):
            raise ImproperlyConfigured(f"STATIC_URL must end with a slash (it is {base_url!r}).")
        self.base_url: str = base_url
        # A relative STATIC_URL is relative to the script prefix (as Django).
        self.relative_base = "://" not in base_url and not base_url.startswith("/")
        self.paths: dict[str, str] | None = None
        if not settings.DEBUG and settings.STATIC_ROOT:
            self.paths = load_manifest(settings.STATIC_ROOT)


_state: _StaticState | None = None
_lock = threading.Lock()


def load_manifest(static_root: str | os.PathLike[str]) -> dict[str, str] | None:
    """The ``{name: hashed name}`` map of ``static_root``'s manifest, or None if absent."""
    manifest_path = os.path.join(static_root, MANIFEST_NAME)
    try:
        with open(manifest_path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise ImproperlyConfigured(
            f"The static files manifest {manifest_path} cannot be read ({err}). "
            "Run `scallion collectstatic` again."
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        raise ImproperlyConfigured(
            f"The static files manifest {manifest_path} has no 'paths' map. "
            "Run `scallion collectstatic` again."
        )
    return {str(k): str(v) for k, v in data["paths"].items()}


def _get_state() -> _StaticState:
    global _state
    state = _state
    if state is None:
        with _lock:
            state = _state = _state or _StaticState()
    return state


def hashed_name(name: str) -> str:
    """The collected (hashed) name of ``name``, or ``name`` itself without a manifest."""
    paths = _get_state().paths
    if paths is None:
        return name
    try:
        return paths[name]
    except KeyError:
        raise ValueError(
            f"Missing staticfiles manifest entry for {name!r}: the file is not among those "
            "collected to STATIC_ROOT. Check the name, or run `scallion collectstatic`."
        ) from None


def static(path: str) -> str:
    """The URL of static file ``path`` (a query or fragment in ``path`` is kept)."""
    state = _get_state()
    name, suffix = path, ""
    for marker in ("?", "#"):
        if marker in name:
            name, rest = name.split(marker, 1)
            suffix = marker + rest + suffix
            break
    if state.paths is not None:
        name = hashed_name(name.lstrip("/"))
    url = state.base_url + quote(name.lstrip("/"), safe="/~!$&'()*+,;=:@")
    if state.relative_base:
        from scallion.urls import get_script_prefix

        url = get_script_prefix() + url
    return url + suffix


def reset() -> None:
    """Forget the cached base URL and manifest (after ``collect`` or a settings change)."""
    global _state
    _state = None


_WATCHED = frozenset({"STATIC_URL", "STATIC_ROOT", "DEBUG"})


def _storage_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _WATCHED:
        reset()


setting_changed.connect(_storage_setting_changed, dispatch_uid="scallion.staticfiles.storage")
