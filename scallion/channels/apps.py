"""What ``"scallion.channels"`` in ``INSTALLED_APPS`` stands for.

Channels asks to be listed in ``INSTALLED_APPS``; a ported settings module keeps
the entry (renamed). scallion has no app registry: the entry is accepted, needs
nothing, and this class only names the package, as Channels' ``AppConfig`` does.
"""

from __future__ import annotations


class ChannelsConfig:
    name = "scallion.channels"
    verbose_name = "Channels"


__all__ = ["ChannelsConfig"]
