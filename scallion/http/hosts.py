"""Host validation: ``ALLOWED_HOSTS`` patterns, ``host:port`` parsing, and a verdict memo.

``HttpRequest.get_host()`` validates the host of a request against
``ALLOWED_HOSTS`` with Django's rules. ``CommonMiddleware`` calls it on every
request, so the check sits on the hot path of any project using Django's
default middleware; :data:`accepted_hosts` remembers which ``Host`` values
passed, so that a repeated value is one dictionary look-up instead of a regular
expression and a pattern walk. The memo changes how the check is made, never
whether: it answers only for the exact ``ALLOWED_HOSTS`` and ``DEBUG`` it was
filled under, and a value it does not know is checked in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scallion.conf import settings
from scallion.utils.http import is_same_domain

#: A domain name or a bracketed IPv6 address, then an optional port. Matched
#: whole (``fullmatch``): ``$`` would also accept a trailing newline.
host_validation_re = re.compile(r"([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?")

#: The hosts allowed when ``DEBUG`` is on and ``ALLOWED_HOSTS`` is empty.
DEBUG_ALLOWED_HOSTS = (".localhost", "127.0.0.1", "[::1]")


def split_domain_port(host: str) -> tuple[str, str]:
    """Split ``host:port`` into lower-cased domain and port; ``("", "")`` if invalid."""
    match = host_validation_re.fullmatch(host.lower())
    if not match:
        return "", ""
    domain, port = match.groups(default="")
    # Remove a trailing dot (if present) from the domain.
    return domain.removesuffix("."), port


def validate_host(host: str, allowed_hosts: Iterable[str]) -> bool:
    """True if ``host`` matches an ALLOWED_HOSTS pattern (Django's rules).

    ``*`` matches anything; ``.example.com`` matches example.com and any subdomain;
    anything else must match exactly (case-insensitively).
    """
    return any(pattern == "*" or is_same_domain(host, pattern) for pattern in allowed_hosts)


def effective_allowed_hosts(allowed_hosts: Iterable[str], debug: bool) -> Iterable[str]:
    """``ALLOWED_HOSTS``, or the local hosts when it is empty and ``DEBUG`` is on."""
    if debug and not allowed_hosts:
        return DEBUG_ALLOWED_HOSTS
    return allowed_hosts


class AcceptedHosts:
    """The raw ``Host`` values that passed validation under one ALLOWED_HOSTS and DEBUG.

    Only acceptances are remembered (a refusal is checked again, and raises).
    The memo holds at most :attr:`max_size` values: a client can invent any
    number of hosts matching ``*`` or ``.example.com``, so when it is full it
    starts over. It is tied to the settings it was filled under by equality
    with a private copy (``allowed``, ``debug``), so replacing ``ALLOWED_HOSTS``,
    overriding it in a test or editing the list in place all void it.
    ``HttpRequest.get_host()`` reads the three attributes directly (PERF: stack).
    """

    max_size = 1024

    __slots__ = ("allowed", "debug", "hosts")

    def __init__(self) -> None:
        self.allowed: list[str] | tuple[str, ...] | None = None
        self.debug: bool | None = None
        self.hosts: set[str] = set()

    def __contains__(self, host: str) -> bool:
        return (
            host in self.hosts
            and settings.ALLOWED_HOSTS == self.allowed
            and settings.DEBUG == self.debug
        )

    def add(self, host: str) -> None:
        allowed = settings.ALLOWED_HOSTS
        debug = settings.DEBUG
        if allowed != self.allowed or debug != self.debug:
            # A copy of the same type, so that equality is a plain comparison.
            self.allowed = list(allowed) if isinstance(allowed, list) else tuple(allowed)
            self.debug = debug
            self.hosts = set()
        elif len(self.hosts) >= self.max_size:
            self.hosts = set()
        self.hosts.add(host)

    def clear(self) -> None:
        self.allowed = self.debug = None
        self.hosts = set()


#: The process-wide memo used by ``HttpRequest.get_host()``.
accepted_hosts = AcceptedHosts()


__all__ = [
    "DEBUG_ALLOWED_HOSTS",
    "AcceptedHosts",
    "accepted_hosts",
    "effective_allowed_hosts",
    "host_validation_re",
    "is_same_domain",
    "split_domain_port",
    "validate_host",
]
