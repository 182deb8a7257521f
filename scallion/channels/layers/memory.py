"""``InMemoryChannelLayer``: channels and groups inside one process.

For tests and single-process deployments; a message never leaves the process
(use ``scallion.channels.layers.redis.RedisChannelLayer`` across processes).
It may be used from several event loops and threads at once (``async_to_sync``
from a sync view makes its own loop): waiters are woken on their own loop.

Bounds: a channel holds at most ``capacity`` messages. ``send()`` to a full
channel raises ``ChannelFull``; ``group_send()`` drops the full member's oldest
message to make room (a slow consumer gets the newest news) and logs a warning
on ``scallion.channels``. Unread messages expire after ``expiry`` seconds, and a
channel whose message expired unread leaves every group (its reader is gone);
group memberships expire after ``group_expiry`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections import deque
from copy import deepcopy
from typing import Any

from scallion.channels.exceptions import ChannelFull
from scallion.channels.layers.base import BaseChannelLayer

logger = logging.getLogger("scallion.channels")

#: Expired messages and memberships are swept at most this often (seconds).
SWEEP_INTERVAL = 1.0


class InMemoryChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(
        self,
        expiry: float = 60,
        group_expiry: float = 86400,
        capacity: int = 100,
        channel_capacity: dict[Any, int] | None = None,
    ) -> None:
        super().__init__(expiry=expiry, capacity=capacity, channel_capacity=channel_capacity)
        self.group_expiry = group_expiry
        #: channel -> unread (deadline, message), oldest first.
        self.channels: dict[str, deque[tuple[float, dict[str, Any]]]] = {}
        #: group -> {channel: time joined}.
        self.groups: dict[str, dict[str, float]] = {}
        self._waiters: dict[str, deque[asyncio.Future[None]]] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    # Channels -------------------------------------------------------------

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        self._check_message(message)
        self.require_valid_channel_name(channel)
        copy = deepcopy(message)
        with self._lock:
            queue = self.channels.setdefault(channel, deque())
            if len(queue) >= self.get_capacity(channel):
                raise ChannelFull(channel)
            queue.append((time.monotonic() + self.expiry, copy))
            self._wake(channel)

    async def receive(self, channel: str) -> dict[str, Any]:
        self.require_valid_channel_name(channel)
        loop = asyncio.get_running_loop()
        while True:
            with self._lock:
                self._sweep()
                queue = self.channels.get(channel)
                if queue:
                    _, message = queue.popleft()
                    if not queue:
                        del self.channels[channel]
                    return message
                waiter: asyncio.Future[None] = loop.create_future()
                self._waiters.setdefault(channel, deque()).append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                with self._lock:
                    if self.channels.get(channel):
                        self._wake(channel)  # pass a wake-up meant for us on to another reader
                raise
            finally:
                with self._lock:
                    waiters = self._waiters.get(channel)
                    if waiters is not None:
                        try:
                            waiters.remove(waiter)
                        except ValueError:
                            pass
                        if not waiters:
                            del self._waiters[channel]

    async def new_channel(self, prefix: str = "specific.") -> str:
        return f"{prefix.rstrip('.')}.inmemory!{secrets.token_hex(8)}"

    def _wake(self, channel: str) -> None:
        """Wake one reader of ``channel`` (called with the lock held)."""
        for waiter in self._waiters.get(channel, ()):
            if not waiter.done():
                waiter.get_loop().call_soon_threadsafe(_resolve, waiter)
                return

    def _sweep(self) -> None:
        """Drop expired messages and memberships (called with the lock held)."""
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_INTERVAL
        for channel, queue in list(self.channels.items()):
            expired = False
            while queue and queue[0][0] < now:
                queue.popleft()
                expired = True
            if expired:
                for members in self.groups.values():
                    members.pop(channel, None)
            if not queue:
                del self.channels[channel]
        oldest = now - self.group_expiry
        for group, members in list(self.groups.items()):
            for channel, joined in list(members.items()):
                if joined < oldest:
                    del members[channel]
            if not members:
                del self.groups[group]

    # Groups ---------------------------------------------------------------

    async def group_add(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        with self._lock:
            self.groups.setdefault(group, {})[channel] = time.monotonic()

    async def group_discard(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        with self._lock:
            members = self.groups.get(group)
            if members is not None:
                members.pop(channel, None)
                if not members:
                    del self.groups[group]

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._check_message(message)
        self.require_valid_group_name(group)
        dropped = 0
        with self._lock:
            self._sweep()
            deadline = time.monotonic() + self.expiry
            for channel in list(self.groups.get(group, ())):
                queue = self.channels.setdefault(channel, deque())
                if len(queue) >= self.get_capacity(channel):
                    queue.popleft()
                    dropped += 1
                queue.append((deadline, deepcopy(message)))
                self._wake(channel)
        if dropped:
            logger.warning(
                "group_send to %r: %d member channel(s) full; dropped their oldest message "
                "(a consumer is reading slower than messages arrive).",
                group,
                dropped,
            )

    # Flush ----------------------------------------------------------------

    async def flush(self) -> None:
        with self._lock:
            self.channels.clear()
            self.groups.clear()

    async def close(self) -> None:
        pass


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


__all__ = ["InMemoryChannelLayer"]
