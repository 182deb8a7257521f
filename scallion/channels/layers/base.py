"""What every channel layer shares: name rules, capacities, and the method set.

A channel is a named mailbox; a group is a named set of channels. Names are
ASCII letters, digits, ``-``, ``_`` and ``.``, shorter than 100 characters; a
channel made by ``new_channel()`` has a ``!`` between the part that says which
process reads it and a random tail.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

_CHANNEL_NAME = re.compile(r"[a-zA-Z\d\-_.]+(![\d\w\-_.]*)?\Z", re.ASCII)
_GROUP_NAME = re.compile(r"[a-zA-Z\d\-_.]+\Z", re.ASCII)


class BaseChannelLayer:
    """Defaults and checks; subclasses implement the messaging methods."""

    MAX_NAME_LENGTH = 100
    extensions: list[str] = []

    def __init__(
        self,
        expiry: float = 60,
        capacity: int = 100,
        channel_capacity: dict[Any, int] | None = None,
    ) -> None:
        #: Seconds an unread message is kept.
        self.expiry = expiry
        #: Messages a channel holds before ``send()`` raises ``ChannelFull``.
        self.capacity = capacity
        self.channel_capacity = self.compile_capacities(channel_capacity or {})

    def compile_capacities(self, channel_capacity: dict[Any, int]) -> list[tuple[Any, int]]:
        """Glob patterns (or compiled regexes) to capacities, in the order given."""
        compiled = []
        for pattern, value in channel_capacity.items():
            regex = pattern if hasattr(pattern, "match") else re.compile(fnmatch.translate(pattern))
            compiled.append((regex, int(value)))
        return compiled

    def get_capacity(self, channel: str) -> int:
        """The capacity of ``channel``: the first matching ``channel_capacity`` entry."""
        for regex, value in self.channel_capacity:
            if regex.match(channel):
                return value
        return self.capacity

    def _check_name(self, kind: str, name: Any, regex: re.Pattern[str]) -> None:
        if not (isinstance(name, str) and len(name) < self.MAX_NAME_LENGTH and regex.match(name)):
            raise TypeError(
                f"{kind} name {name!r} is not valid: it must be a str shorter than "
                f"{self.MAX_NAME_LENGTH} characters containing only ASCII letters, digits, "
                "hyphens, underscores or periods."
            )

    def require_valid_channel_name(self, name: Any, receive: bool = False) -> bool:
        self._check_name("Channel", name, _CHANNEL_NAME)
        if receive and "!" in name and not name.endswith("!"):
            raise TypeError("Specific channel names in receive() must end at the !")
        return True

    def require_valid_group_name(self, name: Any) -> bool:
        self._check_name("Group", name, _GROUP_NAME)
        return True

    def valid_channel_names(self, names: list[str], receive: bool = False) -> bool:
        if not names or not isinstance(names, list):
            raise TypeError("names must be a non-empty list")
        for name in names:
            self.require_valid_channel_name(name, receive=receive)
        return True

    def non_local_name(self, name: str) -> str:
        """The part of ``name`` up to and including ``!`` (all of it without one)."""
        index = name.find("!")
        return name if index < 0 else name[: index + 1]

    @staticmethod
    def _check_message(message: Any) -> None:
        if not isinstance(message, dict):
            raise TypeError(f"A channel message must be a dict, not {type(message).__name__}.")
        if "__asgi_channel__" in message:
            raise TypeError("'__asgi_channel__' is reserved; a message cannot carry it.")

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        raise NotImplementedError("send() should be implemented in a channel layer")

    async def receive(self, channel: str) -> dict[str, Any]:
        raise NotImplementedError("receive() should be implemented in a channel layer")

    async def new_channel(self, prefix: str = "specific.") -> str:
        raise NotImplementedError("new_channel() should be implemented in a channel layer")

    async def flush(self) -> None:
        raise NotImplementedError("flush() not implemented (flush extension)")

    async def group_add(self, group: str, channel: str) -> None:
        raise NotImplementedError("group_add() not implemented (groups extension)")

    async def group_discard(self, group: str, channel: str) -> None:
        raise NotImplementedError("group_discard() not implemented (groups extension)")

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        raise NotImplementedError("group_send() not implemented (groups extension)")

    async def close(self) -> None:
        """Release connections (nothing to release by default)."""


__all__ = ["BaseChannelLayer"]
