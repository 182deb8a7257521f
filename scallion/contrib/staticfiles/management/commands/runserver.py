"""``runserver`` with the static files' options (``--nostatic``, ``--insecure``), as Django's
``staticfiles`` app supplies it; scallion's own ``runserver`` serves them the same way."""

from __future__ import annotations

from scallion.core.management.commands.runserver import Command as RunserverCommand


class Command(RunserverCommand):
    help = "Starts a lightweight web server for development and also serves static files."
