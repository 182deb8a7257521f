"""``Signal``: decoupled notifications (``request_started``, ``setting_changed``...).

Receivers are held weakly by default, as in Django, so that a bound method of an
object that goes away stops receiving. ``send`` is cheap when nobody listens:
the handler sends ``request_started`` on every request, so the empty case is a
single truth test.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

Receiver = Callable[..., Any]

logger = logging.getLogger("scallion.dispatch")


def _make_id(target: object) -> object:
    if hasattr(target, "__func__"):
        return (id(target.__self__), id(target.__func__))  # type: ignore[attr-defined]
    return id(target)


class Signal:
    """A named hook that receivers can connect to and senders can fire."""

    #: True while a receiver is connected: ``has_listeners()`` as an attribute,
    #: for the handler's per-request tests (PERF: hello - no call). A receiver
    #: whose object has died counts until the next ``connect`` clears it, as
    #: for ``has_listeners()``; ``send`` then calls nobody.
    listened: bool = False

    def __init__(self) -> None:
        # Set here too, not only on the class: CPython 3.11 reads an instance's
        # own attribute quickly, a class default through the slow path.
        self.listened = False
        self._receivers: list[tuple[object, Callable[[], Receiver | None]]] = []
        self._lock = threading.Lock()

    @property
    def receivers(self) -> list[Receiver]:
        """The live receivers, in connection order."""
        live = []
        for _key, ref in self._receivers:
            target = ref()
            if target is not None:
                live.append(target)
        return live

    def has_listeners(self, sender: object = None) -> bool:
        """Whether anyone is connected: the cheap test that guards a ``send`` on a hot path."""
        return self.listened

    def connect(
        self,
        receiver: Receiver,
        sender: object = None,
        weak: bool = True,
        dispatch_uid: str | None = None,
    ) -> None:
        key = (dispatch_uid or _make_id(receiver), id(sender) if sender is not None else None)
        ref: Callable[[], Receiver | None]
        if weak:
            if hasattr(receiver, "__self__") and hasattr(receiver, "__func__"):
                ref = weakref.WeakMethod(receiver)
            else:
                ref = weakref.ref(receiver)
        else:

            def ref() -> Receiver:
                return receiver

        with self._lock:
            self._clear_dead()
            if not any(existing == key for existing, _ in self._receivers):
                self._receivers.append((key, ref))
            self.listened = bool(self._receivers)

    def disconnect(
        self,
        receiver: Receiver | None = None,
        sender: object = None,
        dispatch_uid: str | None = None,
    ) -> bool:
        key = (dispatch_uid or _make_id(receiver), id(sender) if sender is not None else None)
        with self._lock:
            for index, (existing, _) in enumerate(self._receivers):
                if existing == key:
                    del self._receivers[index]
                    self.listened = bool(self._receivers)
                    return True
        return False

    def _clear_dead(self) -> None:
        self._receivers = [(k, r) for k, r in self._receivers if r() is not None]
        self.listened = bool(self._receivers)

    def send(self, sender: object, **named: Any) -> list[tuple[Receiver, Any]]:
        """Call every receiver; an exception in one propagates to the sender."""
        if not self._receivers:
            return []
        return [
            (receiver, receiver(signal=self, sender=sender, **named)) for receiver in self.receivers
        ]

    def send_robust(self, sender: object, **named: Any) -> list[tuple[Receiver, Any]]:
        """Call every receiver; an exception is logged and returned in place of its result.

        For senders that must not be interrupted by a receiver (the error handler
        sending ``got_request_exception``): the failure is logged to
        ``scallion.dispatch`` with its traceback, so it is not lost.
        """
        if not self._receivers:
            return []
        responses: list[tuple[Receiver, Any]] = []
        for receiver in self.receivers:
            try:
                responses.append((receiver, receiver(signal=self, sender=sender, **named)))
            except Exception as err:
                logger.error(
                    "Error calling %s in Signal.send_robust() (%s)",
                    getattr(receiver, "__qualname__", repr(receiver)),
                    err,
                    exc_info=err,
                )
                responses.append((receiver, err))
        return responses

    async def asend(self, sender: object, **named: Any) -> list[tuple[Receiver, Any]]:
        """Async flavour of :meth:`send`; coroutine receivers are awaited."""
        import inspect

        results: list[tuple[Receiver, Any]] = []
        for receiver in self.receivers:
            result = receiver(signal=self, sender=sender, **named)
            if inspect.isawaitable(result):
                result = await result
            results.append((receiver, result))
        return results


def receiver(signal: Signal | list[Signal], **kwargs: Any) -> Callable[[Receiver], Receiver]:
    """Decorator connecting a function to one signal or a list of them."""

    def _decorator(func: Receiver) -> Receiver:
        for s in signal if isinstance(signal, list) else [signal]:
            s.connect(func, **kwargs)
        return func

    return _decorator
