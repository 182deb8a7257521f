"""``RedisChannelLayer``: channels and groups shared by every process using one Redis.

``CHANNEL_LAYERS = {"default": {"BACKEND": "scallion.channels.layers.redis.RedisChannelLayer",
"CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]}}}``. Options, with channels_redis's
names and defaults: ``hosts`` (URLs, ``(host, port)`` pairs or dicts of redis-py
arguments; several hosts shard channels and groups), ``prefix`` ("asgi"),
``expiry`` (60 s an unread message is kept), ``group_expiry`` (86400 s a
membership lasts), ``capacity`` (100 messages per channel) and
``channel_capacity`` (glob patterns to capacities).

Storage: a channel is a Redis list of msgpack-encoded messages; a group is a
sorted set of channel names scored by join time. The channels a process makes
with ``new_channel()`` share one list per process, read by one task per event
loop that hands each message to its channel's buffer in memory.

Bounds: ``send()`` to a full channel raises ``ChannelFull``; ``group_send()``
drops a full member's oldest message (logged on ``scallion.channels``), in Redis
and in a process's buffers alike. The list shared by a process's channels holds
up to ``capacity`` x :data:`PROCESS_CAPACITY_FACTOR` messages.

Faults: when Redis cannot be reached, ``send``/``group_*`` raise redis-py's
``ConnectionError``, and consumers waiting on their channel get it too: a
consumer then closes its WebSocket with 1011 and logs, and the next connection
tries Redis again. Messages popped by a reader that is cancelled at that moment
are lost (delivery is at most once, as with channels_redis's defaults).
"""

from __future__ import annotations

import asyncio
import binascii
import logging
import secrets
import threading
import time
import types
import uuid
from collections import deque
from typing import Any

import msgpack
from redis import asyncio as aioredis

from scallion.channels.exceptions import ChannelFull
from scallion.channels.layers.base import BaseChannelLayer

logger = logging.getLogger("scallion.channels")

#: How long (seconds) one blocking pop waits before checking it is still needed.
BLOCK_SECONDS = 1
#: The list shared by one process's channels holds this many times ``capacity``.
PROCESS_CAPACITY_FACTOR = 100

# Push a payload onto each key. ARGV: expiry, then (payload, capacity, mode) per key;
# mode "raise" gives -1 when the key is full, "drop" pops its oldest message first.
# Returns how many keys were full.
_PUSH = """
local expiry = tonumber(ARGV[1])
local full = 0
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  if redis.call('LLEN', key) >= tonumber(ARGV[base + 1]) then
    if ARGV[base + 2] == 'raise' then return -1 end
    redis.call('LPOP', key)
    full = full + 1
  end
  redis.call('RPUSH', key, ARGV[base])
  redis.call('EXPIRE', key, expiry)
end
return full
"""


def _connection_kwargs(host: Any) -> dict[str, Any]:
    if isinstance(host, str):
        return {"url": host}
    if isinstance(host, tuple | list):
        return {"host": host[0], "port": host[1]}
    if isinstance(host, dict):
        return dict(host)
    raise TypeError(
        f"A Redis host is a URL, a (host, port) pair or a dict of redis-py arguments, not {host!r}."
    )


class _LoopState:
    """What the layer keeps per event loop: clients, and the reader of this process's list."""

    def __init__(self, layer: RedisChannelLayer) -> None:
        self.clients: list[Any] = []
        for host in layer.hosts:
            kwargs = _connection_kwargs(host)
            url = kwargs.pop("url", None)
            self.clients.append(
                aioredis.Redis.from_url(url, **kwargs) if url else aioredis.Redis(**kwargs)
            )
        self.reader: asyncio.Task[None] | None = None

    async def close(self) -> None:
        if self.reader is not None and not self.reader.done():
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        for client in self.clients:
            await client.aclose()


class RedisChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(
        self,
        hosts: list[Any] | None = None,
        prefix: str = "asgi",
        expiry: float = 60,
        group_expiry: int = 86400,
        capacity: int = 100,
        channel_capacity: dict[Any, int] | None = None,
    ) -> None:
        super().__init__(expiry=expiry, capacity=capacity, channel_capacity=channel_capacity)
        if isinstance(hosts, str | bytes):
            raise ValueError(
                "CONFIG['hosts'] is a list of Redis hosts, even if there is only one: "
                f"write [{hosts!r}]."
            )
        self.hosts: list[Any] = list(hosts) if hosts else ["redis://localhost:6379/0"]
        if not isinstance(prefix, str):
            raise TypeError("CONFIG['prefix'] must be a str")
        self.prefix = prefix
        self.group_expiry = int(group_expiry)
        #: This process's part of its channel names (``specific.<client>!<random>``).
        self.client_prefix = uuid.uuid4().hex
        self._states: dict[asyncio.AbstractEventLoop, _LoopState] = {}
        self._states_lock = threading.Lock()
        #: Messages read for this process's channels, per channel: (deadline, message).
        self._buffers: dict[str, deque[tuple[float, dict[str, Any]]]] = {}
        self._waiters: dict[str, list[asyncio.Future[None]]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(hosts={self.hosts!r})"

    # Connections ----------------------------------------------------------

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._states.get(loop)
        if state is None:
            with self._states_lock:
                state = self._states.get(loop)
                if state is None:
                    state = self._states[loop] = _LoopState(self)
                    self._close_with(loop)
        return state

    def _close_with(self, loop: asyncio.AbstractEventLoop) -> None:
        """Close this loop's connections when the loop closes (asyncio.run, a server's exit)."""
        original = loop.close

        def close(this: asyncio.AbstractEventLoop) -> None:
            state = self._states.pop(loop, None)
            if state is not None and not loop.is_running():
                try:
                    loop.run_until_complete(state.close())
                except Exception:
                    pass
            loop.close = original  # type: ignore[method-assign]
            original()

        loop.close = types.MethodType(close, loop)  # type: ignore[method-assign]

    def _client(self, name: str) -> Any:
        clients = self._state().clients
        if len(clients) == 1:
            return clients[0]
        return clients[(binascii.crc32(name.encode()) & 0xFFF) * len(clients) // 4096]

    async def close(self) -> None:
        """Close this event loop's connections."""
        state = self._states.pop(asyncio.get_running_loop(), None)
        if state is not None:
            await state.close()

    # Names and payloads ---------------------------------------------------

    def _key(self, channel: str) -> str:
        return f"{self.prefix}:channel:{self.non_local_name(channel)}"

    def _group_key(self, group: str) -> str:
        return f"{self.prefix}:group:{group}"

    def _key_capacity(self, channel: str) -> int:
        capacity = self.get_capacity(channel)
        return capacity * PROCESS_CAPACITY_FACTOR if "!" in channel else capacity

    def _pack(self, channels: list[str], message: dict[str, Any]) -> bytes:
        packed: bytes = msgpack.packb(
            [time.time() + self.expiry, channels, message], use_bin_type=True
        )
        return packed

    @staticmethod
    def _unpack(payload: bytes) -> tuple[float, list[str], dict[str, Any]]:
        deadline, channels, message = msgpack.unpackb(payload, raw=False)
        return deadline, channels, message

    # Channels -------------------------------------------------------------

    async def new_channel(self, prefix: str = "specific") -> str:
        return f"{prefix.rstrip('.')}.{self.client_prefix}!{secrets.token_hex(12)}"

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        self._check_message(message)
        self.require_valid_channel_name(channel)
        key = self._key(channel)
        result = await self._client(key).eval(
            _PUSH,
            1,
            key,
            int(self.expiry),
            self._pack([channel], message),
            self._key_capacity(channel),
            "raise",
        )
        if result == -1:
            raise ChannelFull(channel)

    async def receive(self, channel: str) -> dict[str, Any]:
        self.require_valid_channel_name(channel)
        if "!" not in channel:
            return await self._receive_shared(channel)
        if not self.non_local_name(channel).endswith(f".{self.client_prefix}!"):
            raise ValueError(f"Channel {channel!r} was not made by this process's layer.")
        loop = asyncio.get_running_loop()
        state = self._state()
        while True:
            buffer = self._buffers.get(channel)
            now = time.time()
            while buffer:
                deadline, message = buffer.popleft()
                if deadline >= now:
                    if not buffer:
                        self._buffers.pop(channel, None)
                    return message
            self._buffers.pop(channel, None)
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.setdefault(channel, []).append(waiter)
            if state.reader is None or state.reader.done():
                state.reader = asyncio.ensure_future(self._read_process_list(state, channel))
            try:
                await waiter
            finally:
                waiters = self._waiters.get(channel)
                if waiters is not None and waiter in waiters:
                    waiters.remove(waiter)
                    if not waiters:
                        del self._waiters[channel]

    async def _receive_shared(self, channel: str) -> dict[str, Any]:
        """A channel any process may read: pop it directly."""
        key = self._key(channel)
        client = self._client(key)
        while True:
            popped = await client.blpop([key], timeout=BLOCK_SECONDS)
            if popped is None:
                continue
            deadline, _, message = self._unpack(popped[1])
            if deadline >= time.time():
                return message

    async def _read_process_list(self, state: _LoopState, some_channel: str) -> None:
        """Move messages from this process's list into its channels' buffers.

        Runs while some channel of this loop is waiting; a Redis failure is
        handed to every waiter (their consumers close with 1011) and logged.
        """
        key = self._key(some_channel)
        client = self._client(key)
        try:
            while self._waiters:
                popped = await client.blpop([key], timeout=BLOCK_SECONDS)
                if popped is not None:
                    self._deliver(popped[1])
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.error(
                "Redis channel layer %s: reading %s failed (%s: %s); the consumers waiting "
                "on it get the error.",
                self.hosts,
                key,
                type(exc).__name__,
                exc,
            )
            for waiters in list(self._waiters.values()):
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(exc)

    def _deliver(self, payload: bytes) -> None:
        deadline, channels, message = self._unpack(payload)
        if deadline < time.time():
            return
        for channel in channels:
            buffer = self._buffers.setdefault(channel, deque())
            if len(buffer) >= self.get_capacity(channel):
                buffer.popleft()
                logger.warning(
                    "Channel %s is full (%d messages): dropped its oldest message (its "
                    "consumer reads slower than messages arrive).",
                    channel,
                    len(buffer) + 1,
                )
            buffer.append((deadline, message))
            for waiter in self._waiters.get(channel, ()):
                if not waiter.done():
                    waiter.set_result(None)
                    break
        self._forget_stale_buffers()

    def _forget_stale_buffers(self) -> None:
        """Buffers of channels nobody reads any more (their consumer left) expire."""
        now = time.time()
        for channel, buffer in list(self._buffers.items()):
            if channel not in self._waiters and buffer and buffer[-1][0] < now:
                del self._buffers[channel]

    # Groups ---------------------------------------------------------------

    async def group_add(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        key = self._group_key(group)
        client = self._client(key)
        async with client.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {channel: time.time()})
            pipe.expire(key, self.group_expiry)
            await pipe.execute()

    async def group_discard(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        key = self._group_key(group)
        await self._client(key).zrem(key, channel)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._check_message(message)
        self.require_valid_group_name(group)
        key = self._group_key(group)
        client = self._client(key)
        async with client.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(key, 0, time.time() - self.group_expiry)
            pipe.zrange(key, 0, -1)
            _, members = await pipe.execute()
        by_key: dict[str, list[str]] = {}
        for raw in members:
            channel = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            by_key.setdefault(self._key(channel), []).append(channel)
        by_client: dict[int, tuple[Any, list[str], list[Any]]] = {}
        for list_key, channels in by_key.items():
            target = self._client(list_key)
            _, keys, args = by_client.setdefault(id(target), (target, [], []))
            keys.append(list_key)
            args += [self._pack(channels, message), self._key_capacity(channels[0]), "drop"]
        dropped = 0
        for target, keys, args in by_client.values():
            dropped += int(await target.eval(_PUSH, len(keys), *keys, int(self.expiry), *args))
        if dropped:
            logger.warning(
                "group_send to %r: %d member channel(s) full; dropped their oldest message.",
                group,
                dropped,
            )

    # Flush ----------------------------------------------------------------

    async def flush(self) -> None:
        """Delete every key under ``prefix`` on every host, and this process's buffers."""
        self._buffers.clear()
        for client in self._state().clients:
            cursor = 0
            while True:
                cursor, keys = await client.scan(cursor, match=f"{self.prefix}:*", count=500)
                if keys:
                    await client.delete(*keys)
                if cursor == 0:
                    break


__all__ = ["RedisChannelLayer"]
