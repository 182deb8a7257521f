"""The helpers of scallion.test.utils: decorators that are context managers, and contexts."""

from __future__ import annotations

import functools
import io
import logging
import sys
import time
import unittest
import warnings
from typing import Any

import pytest

from scallion.conf import settings
from scallion.core.checks.registry import registry
from scallion.core.signals import setting_changed
from scallion.test import SimpleTestCase, ignore_warnings, override_system_checks, tag
from scallion.test.utils import (
    TZ_SUPPORT,
    ContextList,
    LoggingCaptureMixin,
    TestContextDecorator,
    captured_stderr,
    captured_stdin,
    captured_stdout,
    extend_sys_path,
    freeze_time,
    isolate_apps,
    isolate_lru_cache,
    modify_settings,
    override_script_prefix,
    override_settings,
    requires_tz_support,
    setup_test_environment,
    teardown_test_environment,
)
from scallion.urls import get_script_prefix


class Recorder(TestContextDecorator):
    def __init__(self, log: list[str], **kwargs: Any) -> None:
        self.log = log
        super().__init__(**kwargs)

    def enable(self) -> str:
        self.log.append("enable")
        return "value"

    def disable(self) -> None:
        self.log.append("disable")


def test_a_context_decorator_on_functions_coroutines_and_classes() -> None:
    log: list[str] = []

    @Recorder(log, kwarg_name="got")
    def function(got: str) -> str:
        log.append(f"run {got}")
        return got

    assert function() == "value"
    assert log == ["enable", "run value", "disable"]

    @Recorder(log)
    async def coroutine() -> str:
        log.append("awaited")
        return "done"

    log.clear()
    import asyncio

    assert asyncio.run(coroutine()) == "done"
    assert log == ["enable", "awaited", "disable"]

    @Recorder(log, attr_name="context")
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            log.append(f"setUp sees {self.context}")

        def test_it(self) -> None:
            log.append("test")

    log.clear()
    result = unittest.TestResult()
    Case("test_it").run(result)
    assert result.wasSuccessful()
    assert log == ["enable", "setUp sees value", "test", "disable"]
    with pytest.raises(TypeError, match="Cannot decorate object of type <class 'int'>"):
        Recorder(log)(3)


def test_override_settings_undoes_itself_when_a_receiver_fails() -> None:
    def receiver(setting: str, enter: bool, **kwargs: Any) -> None:
        if setting == "PREPEND_WWW" and enter:
            raise RuntimeError("cannot follow")

    setting_changed.connect(receiver)
    try:
        with pytest.raises(RuntimeError, match="cannot follow"):
            with override_settings(PREPEND_WWW=True):
                raise AssertionError("the block must not run")
    finally:
        setting_changed.disconnect(receiver)
    assert settings.PREPEND_WWW is False


def test_override_settings_sends_the_signal_with_the_holder_as_sender() -> None:
    seen: list[tuple[str, bool, str]] = []

    def receiver(sender: type, setting: str, enter: bool, **kwargs: Any) -> None:
        seen.append((setting, enter, sender.__name__))

    setting_changed.connect(receiver)
    try:
        with override_settings(PREPEND_WWW=True):
            pass
    finally:
        setting_changed.disconnect(receiver)
    assert seen[0] == ("PREPEND_WWW", True, "UserSettingsHolder")
    assert seen[1][:2] == ("PREPEND_WWW", False)


def test_override_settings_refuses_lowercase_names() -> None:
    with pytest.raises(TypeError, match=r"Setting 'debug' must be uppercase\."):
        with override_settings(debug=True):
            pass


def test_modify_settings_as_a_decorator_applies_its_changes() -> None:
    @modify_settings(ALLOWED_HOSTS={"append": "decorated.example"})
    def view_of_hosts() -> list[str]:
        return list(settings.ALLOWED_HOSTS)

    assert "decorated.example" in view_of_hosts()
    assert "decorated.example" not in settings.ALLOWED_HOSTS


def test_modify_settings_refuses_an_unknown_action() -> None:
    with pytest.raises(ValueError, match="Unsupported action: replace"):
        with modify_settings(ALLOWED_HOSTS={"replace": ["x"]}):
            pass
    assert "x" not in settings.ALLOWED_HOSTS


def test_tag_adds_to_the_tags() -> None:
    @tag("slow")
    @tag("network", "slow")
    def test_it() -> None:
        pass

    assert test_it.tags == {"slow", "network"}  # type: ignore[attr-defined]


def test_ignore_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ignore_warnings(category=DeprecationWarning):
            warnings.warn("old", DeprecationWarning, stacklevel=1)
        with ignore_warnings(message="quiet"):
            warnings.warn("quiet please", UserWarning, stacklevel=1)
        with pytest.raises(UserWarning), ignore_warnings(category=DeprecationWarning):
            warnings.warn("loud", UserWarning, stacklevel=1)


def test_override_script_prefix() -> None:
    before = get_script_prefix()
    with override_script_prefix("/mounted/"):
        assert get_script_prefix() == "/mounted/"
    assert get_script_prefix() == before


def test_captured_streams() -> None:
    with captured_stdout() as out, captured_stderr() as err:
        print("to out")
        print("to err", file=sys.stderr)
    assert (out.getvalue(), err.getvalue()) == ("to out\n", "to err\n")
    with captured_stdin() as stdin:
        stdin.write("typed\n")
        stdin.seek(0)
        assert input() == "typed"


def test_isolate_lru_cache_and_freeze_time_and_extend_sys_path() -> None:
    calls: list[int] = []

    @functools.lru_cache
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    square(2)
    with isolate_lru_cache(square):
        square(2)
    square(2)
    assert calls == [2, 2, 2]
    with freeze_time(1234.5):
        assert time.time() == 1234.5
    assert time.time() > 1234.5
    with extend_sys_path("/nowhere/at/all"):
        assert sys.path[-1] == "/nowhere/at/all"
    assert "/nowhere/at/all" not in sys.path


def test_override_system_checks() -> None:
    def only_check(**kwargs: Any) -> list[Any]:
        return []

    before = set(registry.registered_checks)
    with override_system_checks([only_check]):
        assert registry.registered_checks == {only_check}
    assert registry.registered_checks == before


def test_isolate_apps_explains_itself() -> None:
    class Case(SimpleTestCase):
        @isolate_apps("app_label")
        def test_models(self) -> None:
            raise AssertionError("ran")

    result = unittest.TestResult()
    Case("test_models").run(result)
    assert [reason for _, reason in result.skipped] == [
        "isolate_apps isolates models; scallion has no ORM."
    ]


def test_setup_test_environment_round_trip() -> None:
    with override_settings(ALLOWED_HOSTS=["example.com"], DEBUG=True):
        setup_test_environment(debug=False)
        try:
            assert settings.ALLOWED_HOSTS == ["example.com", "testserver"]
            assert settings.DEBUG is False
            with pytest.raises(RuntimeError, match="already called"):
                setup_test_environment()
        finally:
            teardown_test_environment()
        assert settings.ALLOWED_HOSTS == ["example.com"]
        assert settings.DEBUG is True


def test_logging_capture_mixin() -> None:
    logger = logging.getLogger("scallion")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:

        class Case(LoggingCaptureMixin, unittest.TestCase):
            def test_it(self) -> None:
                logging.getLogger("scallion").error("captured")
                assert self.logger_output.getvalue() == "captured\n"

        result = unittest.TestResult()
        Case("test_it").run(result)
        assert result.wasSuccessful(), result.failures
    finally:
        logger.removeHandler(handler)


def test_context_list() -> None:
    contexts = ContextList([{"a": 1}, {"b": 2, "a": 3}])
    assert contexts["a"] == 1 and contexts["b"] == 2
    assert contexts.get("c", "none") == "none"
    assert "b" in contexts and "c" not in contexts
    assert contexts.keys() == {"a", "b"}
    assert contexts[1] == {"b": 2, "a": 3}
    with pytest.raises(KeyError):
        contexts["c"]


def test_context_list_keys_of_template_language_contexts() -> None:
    from scallion.template import Context

    first = Context({"hello": "world"})
    first.update({"dolly": "parton"})
    contexts = ContextList([first, Context({"python": "rocks"})])
    # Every layer counts, the builtins at the bottom of each context included.
    assert contexts.keys() == {"None", "True", "False", "hello", "dolly", "python"}


def test_overriding_a_complex_setting_warns_at_the_override() -> None:
    from scallion.test import signals

    signals.COMPLEX_OVERRIDE_SETTINGS.add("TEST_WARN")
    try:
        with pytest.warns(UserWarning, match="Overriding setting TEST_WARN can lead") as caught:
            with override_settings(TEST_WARN="override"):
                assert settings.TEST_WARN == "override"
        assert caught[0].filename == __file__
    finally:
        signals.COMPLEX_OVERRIDE_SETTINGS.discard("TEST_WARN")


def test_tz_support_says_whether_the_process_time_zone_can_be_set() -> None:
    assert TZ_SUPPORT is hasattr(time, "tzset")

    class Case(SimpleTestCase):
        @requires_tz_support
        def test_zone(self) -> None:
            pass

    result = unittest.TestResult()
    Case("test_zone").run(result)
    assert len(result.skipped) == (0 if TZ_SUPPORT else 1)
    assert result.wasSuccessful()
