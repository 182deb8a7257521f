"""The installed applications: ``apps`` (the registry) and ``AppConfig``."""

from scallion.apps.config import AppConfig
from scallion.apps.registry import apps

__all__ = ["AppConfig", "apps"]
