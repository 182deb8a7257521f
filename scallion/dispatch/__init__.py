"""Signals: a tiny observer mechanism with Django's ``Signal`` API."""

from scallion.dispatch.dispatcher import Signal, receiver

__all__ = ["Signal", "receiver"]
