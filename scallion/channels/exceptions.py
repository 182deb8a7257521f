"""The exceptions consumers and channel layers raise, with Channels' names."""

from __future__ import annotations


class RequestAborted(Exception):
    """The client went away while its HTTP request body was being read."""


class RequestTimeout(RequestAborted):
    """The request body did not arrive in time."""


class InvalidChannelLayerError(ValueError):
    """``CHANNEL_LAYERS`` names a backend that is missing, unimportable or lacks a feature."""


class AcceptConnection(Exception):
    """Raised in ``connect()`` to accept the connection."""


class DenyConnection(Exception):
    """Raised in ``connect()`` to refuse the connection (the client sees HTTP 403)."""


class ChannelFull(Exception):
    """``send()`` to a channel that already holds ``capacity`` messages."""


class MessageTooLarge(Exception):
    """A message is too big for the channel layer to carry."""


class StopConsumer(Exception):
    """Raised by a handler to end the consumer (after a disconnect, for example)."""


__all__ = [
    "AcceptConnection",
    "ChannelFull",
    "DenyConnection",
    "InvalidChannelLayerError",
    "MessageTooLarge",
    "RequestAborted",
    "RequestTimeout",
    "StopConsumer",
]
