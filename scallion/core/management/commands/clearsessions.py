"""``clearsessions``: see ``scallion.contrib.sessions.management.commands.clearsessions``.

Listed among scallion's own commands so that it works whether or not
``scallion.contrib.sessions`` is in ``INSTALLED_APPS`` (sessions need only
``SESSION_ENGINE``).
"""

from scallion.contrib.sessions.management.commands.clearsessions import Command

__all__ = ["Command"]
