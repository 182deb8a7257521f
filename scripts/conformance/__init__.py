"""Django's own test suite run against scallion (``scripts/django-conformance``).

The orchestrator (``cli``, ``run``, ``report``, ``ratchet``) runs on any Python the
project supports; ``worker`` runs inside the throw-away venvs, once per test package,
against Django (the baseline) or against scallion with ``django`` aliased to it.
"""
