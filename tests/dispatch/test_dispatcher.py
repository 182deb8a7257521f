"""``Signal``: who listens, and how a failing receiver is reported."""

from __future__ import annotations

import gc
import logging

import pytest

from scallion.dispatch import Signal


def test_has_listeners_follows_connect_and_disconnect() -> None:
    signal = Signal()

    def receiver(**kwargs: object) -> None:
        pass

    assert not signal.has_listeners() and not signal.listened
    signal.connect(receiver)
    assert signal.has_listeners() and signal.listened
    signal.disconnect(receiver)
    assert not signal.has_listeners() and not signal.listened


def test_listened_turns_false_once_a_dead_weak_receiver_is_cleared() -> None:
    """The handler tests ``listened`` per request: it must not stay True forever."""
    signal = Signal()

    def receiver(**kwargs: object) -> None:
        pass

    signal.connect(receiver)
    del receiver
    gc.collect()
    assert signal.send(sender=None) == []  # nobody left to call

    def other(**kwargs: object) -> None:
        pass

    signal.connect(other)  # connecting clears the dead entry
    signal.disconnect(other)
    assert not signal.listened


def test_send_robust_returns_and_logs_the_exception_of_a_failing_receiver(
    caplog: pytest.LogCaptureFixture,
) -> None:
    signal = Signal()
    calls: list[str] = []

    def failing(**kwargs: object) -> None:
        raise ValueError("bad receiver")

    def working(**kwargs: object) -> str:
        calls.append("working")
        return "ok"

    signal.connect(failing)
    signal.connect(working)
    with caplog.at_level(logging.ERROR, logger="scallion.dispatch"):
        results = signal.send_robust(sender=None)
    assert calls == ["working"]  # the receivers after the failing one still run
    assert results[0][0] is failing and isinstance(results[0][1], ValueError)
    assert results[1] == (working, "ok")
    (record,) = [r for r in caplog.records if r.name == "scallion.dispatch"]
    assert "failing" in record.getMessage() and "bad receiver" in record.getMessage()


def test_send_lets_a_failing_receiver_raise() -> None:
    signal = Signal()

    def failing(**kwargs: object) -> None:
        raise ValueError("bad receiver")

    signal.connect(failing)
    with pytest.raises(ValueError, match="bad receiver"):
        signal.send(sender=None)
