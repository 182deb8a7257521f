"""``clearsessions``: expired sessions removed, engines that cannot do it named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scallion.conf import settings
from scallion.contrib.sessions.backends.file import SessionStore
from scallion.core.management import call_command, get_commands
from scallion.core.management.base import CommandError
from scallion.test import override_settings


def test_the_file_store_loses_its_expired_sessions_only(tmp_path: Path) -> None:
    with override_settings(
        SESSION_ENGINE="scallion.contrib.sessions.backends.file",
        SESSION_FILE_PATH=str(tmp_path),
        INSTALLED_APPS=[],
    ):
        live = SessionStore()
        live["a"] = 1
        live.set_expiry(3600)
        live.save()
        expired = SessionStore()
        expired["a"] = 2
        expired.set_expiry(-3600)
        expired.save()
        prefix = settings.SESSION_COOKIE_NAME
        assert len([n for n in os.listdir(tmp_path) if n.startswith(prefix)]) == 2
        call_command("clearsessions")
        remaining = [n for n in os.listdir(tmp_path) if n.startswith(prefix)]
        assert remaining == [prefix + str(live.session_key)]


def test_an_engine_that_cannot_clear_is_named() -> None:
    with (
        override_settings(SESSION_ENGINE="tests.sessions.no_clear_expired"),
        pytest.raises(CommandError, match=r"'tests\.sessions\.no_clear_expired' doesn't support"),
    ):
        call_command("clearsessions")


def test_listed_without_the_sessions_app_installed() -> None:
    with override_settings(INSTALLED_APPS=[]):
        assert "clearsessions" in get_commands()
