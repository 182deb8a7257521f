"""Channel layers: ``CHANNEL_LAYERS`` turned into layer objects, one per alias.

``CHANNEL_LAYERS = {"default": {"BACKEND": "<dotted path>", "CONFIG": {...}}}``;
``get_channel_layer()`` builds the layer on first use and keeps it (rebuilt when
``override_settings`` changes ``CHANNEL_LAYERS``). Two backends come with
scallion: :class:`InMemoryChannelLayer` (one process) and
``scallion.channels.layers.redis.RedisChannelLayer`` (many processes).
"""

from __future__ import annotations

import threading
from typing import Any

from scallion.channels import DEFAULT_CHANNEL_LAYER
from scallion.channels.exceptions import InvalidChannelLayerError
from scallion.channels.layers.base import BaseChannelLayer
from scallion.channels.layers.memory import InMemoryChannelLayer
from scallion.conf import settings
from scallion.core.signals import setting_changed
from scallion.utils.module_loading import import_string

#: Where channels_redis's class lives in scallion, for the error a ported setting gets.
_RENAMED_BACKENDS = {
    "channels_redis.core.RedisChannelLayer": "scallion.channels.layers.redis.RedisChannelLayer",
    "channels_redis.pubsub.RedisPubSubChannelLayer": (
        "scallion.channels.layers.redis.RedisChannelLayer"
    ),
    "channels.layers.InMemoryChannelLayer": "scallion.channels.layers.InMemoryChannelLayer",
}


class ChannelLayerManager:
    """Builds each configured layer once, on first use."""

    def __init__(self) -> None:
        self.backends: dict[str, Any] = {}
        self._lock = threading.Lock()
        setting_changed.connect(self._reset_backends, dispatch_uid="scallion.channels.layers")

    def _reset_backends(self, *, setting: str, **kwargs: Any) -> None:
        if setting == "CHANNEL_LAYERS":
            self.backends = {}

    @property
    def configs(self) -> dict[str, Any]:
        configs = getattr(settings, "CHANNEL_LAYERS", None) or {}
        if not isinstance(configs, dict):
            raise InvalidChannelLayerError(
                f"CHANNEL_LAYERS must be a dict of aliases, not {type(configs).__name__}."
            )
        return configs

    def make_backend(self, name: str) -> Any:
        return self._make_backend(name, self.configs[name].get("CONFIG", {}))

    def make_test_backend(self, name: str) -> Any:
        try:
            config = self.configs[name]["TEST_CONFIG"]
        except KeyError:
            raise InvalidChannelLayerError(f"No TEST_CONFIG specified for {name}") from None
        return self._make_backend(name, config)

    def _make_backend(self, name: str, config: dict[str, Any]) -> Any:
        entry = self.configs[name]
        if not isinstance(entry, dict) or "BACKEND" not in entry:
            raise InvalidChannelLayerError(
                f"No BACKEND specified for CHANNEL_LAYERS[{name!r}]; for example "
                '"scallion.channels.layers.InMemoryChannelLayer".'
            )
        path = entry["BACKEND"]
        try:
            backend_class = import_string(path)
        except ImportError as err:
            hint = _RENAMED_BACKENDS.get(path)
            fix = f" Use {hint!r} instead." if hint else " Fix the dotted path."
            raise InvalidChannelLayerError(
                f"Cannot import BACKEND {path!r} specified for CHANNEL_LAYERS[{name!r}] "
                f"({err}).{fix}"
            ) from err
        try:
            return backend_class(**config)
        except TypeError as err:
            raise InvalidChannelLayerError(
                f"CHANNEL_LAYERS[{name!r}]['CONFIG'] does not fit {path}: {err}. Check the "
                "CONFIG keys against the backend's documented options."
            ) from err

    def __getitem__(self, key: str) -> Any:
        backend = self.backends.get(key)
        if backend is None:
            with self._lock:
                backend = self.backends.get(key)
                if backend is None:
                    backend = self.backends[key] = self.make_backend(key)
        return backend

    def __contains__(self, key: object) -> bool:
        return key in self.configs

    def set(self, key: str, layer: Any) -> Any:
        """Use ``layer`` for ``key`` (tests swap layers this way); returns the old one."""
        old = self.backends.get(key)
        self.backends[key] = layer
        return old


def get_channel_layer(alias: str = DEFAULT_CHANNEL_LAYER) -> Any:
    """The layer configured under ``alias`` in ``CHANNEL_LAYERS``, or None."""
    if alias not in channel_layers.backends and alias not in channel_layers:
        return None
    return channel_layers[alias]


#: The process-wide manager.
channel_layers = ChannelLayerManager()

__all__ = [
    "BaseChannelLayer",
    "ChannelLayerManager",
    "InMemoryChannelLayer",
    "channel_layers",
    "get_channel_layer",
]
