"""Signals sent by the handler around every request."""

from scallion.dispatch import Signal

request_started = Signal()
request_finished = Signal()
got_request_exception = Signal()
setting_changed = Signal()
