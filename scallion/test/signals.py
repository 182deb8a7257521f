"""Signals for tests: ``setting_changed`` and ``template_rendered``; a warning for
settings that ``override_settings`` cannot change cleanly."""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

from scallion.core.signals import setting_changed
from scallion.dispatch import Signal

template_rendered = Signal()

#: Settings whose override leaves things half-changed (what was built from them is
#: not rebuilt): ``override_settings`` warns when one of them is overridden.
COMPLEX_OVERRIDE_SETTINGS = {"DATABASES"}

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _caller_stacklevel() -> int:
    """The stack level of the first frame outside scallion (the ``override_settings`` line)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def complex_setting_changed(*, enter: bool, setting: str, **kwargs: Any) -> None:
    if enter and setting in COMPLEX_OVERRIDE_SETTINGS:
        warnings.warn(
            f"Overriding setting {setting} can lead to unexpected behavior.",
            stacklevel=_caller_stacklevel(),
        )


setting_changed.connect(complex_setting_changed, dispatch_uid="scallion.test.complex_settings")

__all__ = ["COMPLEX_OVERRIDE_SETTINGS", "setting_changed", "template_rendered"]
