"""Signals for tests: ``setting_changed`` and ``template_rendered``."""

from scallion.core.signals import setting_changed
from scallion.dispatch import Signal

template_rendered = Signal()

__all__ = ["setting_changed", "template_rendered"]
