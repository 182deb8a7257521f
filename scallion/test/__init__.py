"""Testing tools, as Django's ``django.test`` has them.

The in-process ``Client``/``AsyncClient`` and the request factories; the unittest
classes ``SimpleTestCase``, ``TestCase``, ``TransactionTestCase`` and
``LiveServerTestCase`` with Django's assertions (the same assertions as plain pytest
functions are in :mod:`scallion.test.asserts`); and ``override_settings``,
``modify_settings``, ``override_system_checks``, ``tag`` and ``ignore_warnings``.
"""

from scallion.test.async_client import AsyncClient, AsyncRequestFactory
from scallion.test.client import Client, RequestFactory
from scallion.test.testcases import (
    LiveServerTestCase,
    SimpleTestCase,
    TestCase,
    TransactionTestCase,
    skipIfDBFeature,
    skipUnlessAnyDBFeature,
    skipUnlessDBFeature,
)
from scallion.test.utils import (
    ignore_warnings,
    modify_settings,
    override_settings,
    override_system_checks,
    tag,
)

__all__ = [
    "AsyncClient",
    "AsyncRequestFactory",
    "Client",
    "LiveServerTestCase",
    "RequestFactory",
    "SimpleTestCase",
    "TestCase",
    "TransactionTestCase",
    "ignore_warnings",
    "modify_settings",
    "override_settings",
    "override_system_checks",
    "skipIfDBFeature",
    "skipUnlessAnyDBFeature",
    "skipUnlessDBFeature",
    "tag",
]
