"""Settings: lazy loading, configure(), errors that say what to set, overrides."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.conf import LazySettings, settings
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed
from scallion.test import modify_settings, override_settings


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> LazySettings:
    monkeypatch.delenv("SCALLION_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    return LazySettings()


@pytest.fixture
def settings_module() -> Iterator[str]:
    module = types.ModuleType("tests_fake_settings")
    module.DEBUG = True  # type: ignore[attr-defined]
    module.SECRET_KEY = "x" * 50  # type: ignore[attr-defined]
    module.lowercase_is_ignored = 1  # type: ignore[attr-defined]
    module.MIDDLEWARE = ["a.B"]  # type: ignore[attr-defined]
    sys.modules["tests_fake_settings"] = module
    yield "tests_fake_settings"
    del sys.modules["tests_fake_settings"]


def test_unconfigured_access_names_the_variable(fresh: LazySettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="SCALLION_SETTINGS_MODULE") as info:
        _ = fresh.DEBUG
    assert "settings.configure()" in str(info.value)
    assert "setting DEBUG" in str(info.value)


def test_module_from_environment_layers_over_defaults(
    fresh: LazySettings, settings_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", settings_module)
    assert fresh.DEBUG is True
    assert fresh.MIDDLEWARE == ["a.B"]
    assert fresh.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000  # a default
    assert not hasattr(fresh, "lowercase_is_ignored")
    assert fresh.is_overridden("DEBUG")
    assert not fresh.is_overridden("APPEND_SLASH")


def test_django_settings_module_is_honoured_when_ours_is_unset(
    fresh: LazySettings, settings_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", settings_module)
    assert fresh.DEBUG is True


def test_scallion_variable_wins_over_django_one(
    fresh: LazySettings, settings_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "does.not.exist")
    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", settings_module)
    assert fresh.DEBUG is True


def test_missing_settings_module_is_improperly_configured(
    fresh: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", "no_such_settings_module_xyz")
    with pytest.raises(ImproperlyConfigured, match="no_such_settings_module_xyz"):
        _ = fresh.DEBUG


def test_configure_in_code(fresh: LazySettings) -> None:
    fresh.configure(DEBUG=True, ROOT_URLCONF="x")
    assert fresh.configured
    assert fresh.DEBUG is True
    assert fresh.ROOT_URLCONF == "x"
    assert fresh.APPEND_SLASH is True


def test_configure_twice_is_an_error(fresh: LazySettings) -> None:
    fresh.configure(DEBUG=True)
    with pytest.raises(ImproperlyConfigured, match="already configured"):
        fresh.configure(DEBUG=False)


def test_configure_rejects_lowercase(fresh: LazySettings) -> None:
    with pytest.raises(TypeError, match="uppercase"):
        fresh.configure(debug=True)


def test_list_settings_must_be_lists(fresh: LazySettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        fresh.configure(ALLOWED_HOSTS="example.com")


def test_override_settings_context_manager_and_signal() -> None:
    seen: list[tuple[str, object, bool]] = []

    def receiver(sender: object, setting: str, value: object, enter: bool, **kw: object) -> None:
        seen.append((setting, value, enter))

    setting_changed.connect(receiver)
    try:
        with override_settings(APPEND_SLASH=False):
            assert settings.APPEND_SLASH is False
        assert settings.APPEND_SLASH is True
    finally:
        setting_changed.disconnect(receiver)
    assert seen == [("APPEND_SLASH", False, True), ("APPEND_SLASH", True, False)]


@override_settings(PREPEND_WWW=True)
def test_override_settings_as_decorator() -> None:
    assert settings.PREPEND_WWW is True


@override_settings(PREPEND_WWW=True)
class TestOverrideOnClass:
    def test_method_sees_override(self) -> None:
        assert settings.PREPEND_WWW is True


def test_modify_settings_appends_and_removes() -> None:
    with override_settings(MIDDLEWARE=["a", "b"]):
        with modify_settings(MIDDLEWARE={"append": "c", "remove": ["a"], "prepend": "z"}):
            assert settings.MIDDLEWARE == ["z", "b", "c"]
        assert settings.MIDDLEWARE == ["a", "b"]


def test_unknown_setting_names_it_and_the_settings_module(
    fresh: LazySettings, settings_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", settings_module)
    with pytest.raises(AttributeError) as info:
        _ = fresh.NOPE
    message = str(info.value)
    assert "Setting 'NOPE' is not defined" in message
    assert "the settings module 'tests_fake_settings'" in message
    assert "scallion.conf.global_settings" in message
    assert info.value.name == "NOPE"
    assert not hasattr(fresh, "NOPE")  # still an AttributeError for hasattr/getattr


def test_unknown_setting_with_configure(fresh: LazySettings) -> None:
    fresh.configure(DEBUG=True)
    with pytest.raises(AttributeError, match=r"'NOPE' is not defined: it is neither in "):
        _ = fresh.NOPE
    with pytest.raises(AttributeError, match=r"settings\.configure\(\)"):
        _ = fresh.NOPE


def test_unknown_setting_under_override_settings_names_the_source() -> None:
    # The suite's settings come from settings.configure(); an override keeps saying so.
    with override_settings(DEBUG=True):
        with pytest.raises(AttributeError) as info:
            _ = settings.NOPE
    message = str(info.value)
    assert "Setting 'NOPE' is not defined" in message
    assert "settings.configure()" in message


def test_unknown_setting_under_override_of_a_module_names_the_module(
    fresh: LazySettings, settings_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scallion.conf import UserSettingsHolder

    monkeypatch.setenv("SCALLION_SETTINGS_MODULE", settings_module)
    _ = fresh.DEBUG
    holder = UserSettingsHolder(fresh._wrapped)
    holder.DEBUG = False
    fresh._wrapped = holder
    with pytest.raises(AttributeError, match="the settings module 'tests_fake_settings'"):
        _ = fresh.NOPE


def test_lowercase_name_says_settings_are_uppercase(fresh: LazySettings) -> None:
    fresh.configure(DEBUG=True)
    with pytest.raises(
        AttributeError, match=r"only UPPERCASE names are settings \(did you mean 'DEBUG'\?\)"
    ):
        _ = fresh.debug
    with pytest.raises(AttributeError) as info:
        _ = fresh.nothing_like_this
    assert (
        str(info.value)
        == "'nothing_like_this' is not a setting: only UPPERCASE names are settings."
    )


def run_python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_override_settings_without_settings_says_how_to_configure_them(tmp_path: Path) -> None:
    result = run_python(
        "from scallion.test import override_settings\n"
        "with override_settings(DEBUG=True):\n"
        "    pass\n",
        tmp_path,
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scallion.core.exceptions.ImproperlyConfigured: override_settings was")
    assert "settings are not configured" in last
    assert "SCALLION_SETTINGS_MODULE" in last and "settings.configure()" in last
    assert "[tool.scallion]" in last
    assert "DEFAULT_CHARSET" not in result.stderr


def test_override_settings_loads_the_module_named_by_the_environment(tmp_path: Path) -> None:
    (tmp_path / "mysettings.py").write_text("DEBUG = False\nSECRET_KEY = 'k' * 50\n")
    result = run_python(
        "from scallion.conf import settings\n"
        "from scallion.test import override_settings\n"
        "with override_settings(DEBUG=True):\n"
        "    assert settings.DEBUG is True and settings.SECRET_KEY == 'k' * 50\n"
        "assert settings.DEBUG is False\n",
        tmp_path,
        SCALLION_SETTINGS_MODULE="mysettings",
        PYTHONPATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


def test_a_settings_module_that_configures_settings_keeps_its_configuration(
    tmp_path: Path,
) -> None:
    """``--settings app`` on a single-file app: the app's configure() call wins."""
    (tmp_path / "app.py").write_text(
        "from scallion.conf import settings\n"
        "settings.configure(DEBUG=True, SECRET_KEY='k' * 50, ROOT_URLCONF=__name__)\n"
        "urlpatterns = []\n"
    )
    result = run_python(
        "from scallion.conf import settings\n"
        "assert settings.DEBUG is True, settings.DEBUG\n"
        "assert settings.ROOT_URLCONF == 'app'\n",
        tmp_path,
        SCALLION_SETTINGS_MODULE="app",
        PYTHONPATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
