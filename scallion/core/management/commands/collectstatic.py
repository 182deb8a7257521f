"""``collectstatic``: see ``scallion.contrib.staticfiles.management.commands.collectstatic``.

Listed among scallion's own commands so that it works whether or not
``scallion.contrib.staticfiles`` is in ``INSTALLED_APPS``.
"""

from scallion.contrib.staticfiles.management.commands.collectstatic import Command

__all__ = ["Command"]
