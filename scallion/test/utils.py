"""Test helpers Django's ``django.test.utils`` has: settings overrides and small contexts.

``override_settings`` and ``modify_settings`` change settings for one block, one test
or one test class, and send ``setting_changed`` (``enter=True`` on the way in,
``enter=False`` on the way out) so that what was built from a setting (URL resolvers,
template engines, the handler's cached values) is rebuilt.

On a :class:`~scallion.test.SimpleTestCase` subclass the class decorators record
their options on the class, and the class applies them from ``setUpClass`` to
``tearDownClass``: ``setUpClass``, ``setUp``, every test (those added by subclasses
too) and the teardowns see them; a subclass decorated again adds to its parent's.
On a plain pytest class they wrap each ``test*`` method.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
import time
import unittest
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from types import SimpleNamespace
from typing import Any, TypeVar

from scallion.conf import (
    UserSettingsHolder,
    not_configured_message,
    settings,
    settings_module_from_environment,
)
from scallion.core.exceptions import ImproperlyConfigured
from scallion.core.signals import setting_changed
from scallion.test.xml_compare import compare_xml

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class TestContextDecorator:
    """Something usable as a context manager, a function decorator and a class decorator.

    Subclasses define ``enable()`` (its return value is what ``with`` binds) and
    ``disable()``. ``attr_name``: on a decorated unittest class, the attribute of the
    test that receives ``enable()``'s value; ``kwarg_name``: the keyword argument of a
    decorated function that does.
    """

    __test__ = False  # pytest would take the name for a test class

    def __init__(self, attr_name: str | None = None, kwarg_name: str | None = None) -> None:
        self.attr_name = attr_name
        self.kwarg_name = kwarg_name

    def enable(self) -> Any:
        raise NotImplementedError

    def disable(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self.enable()

    def __exit__(self, *exc_info: object) -> None:
        self.disable()

    def decorate_class(self, cls: type[T]) -> type[T]:
        if issubclass(cls, unittest.TestCase):
            decorated_set_up = cls.setUp
            context = self

            def setUp(inner_self: unittest.TestCase) -> None:
                value = context.enable()
                inner_self.addCleanup(context.disable)
                if context.attr_name:
                    setattr(inner_self, context.attr_name, value)
                decorated_set_up(inner_self)

            cls.setUp = setUp  # type: ignore[method-assign, assignment]
            return cls
        # A plain (pytest) class: each test method gets the context.
        for name in dir(cls):
            attribute = inspect.getattr_static(cls, name)
            if name.startswith("test") and inspect.isfunction(attribute):
                setattr(cls, name, self.decorate_callable(attribute))
        return cls

    def decorate_callable(self, func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(*args: Any, **kwargs: Any) -> Any:
                with self as context:
                    if self.kwarg_name:
                        kwargs[self.kwarg_name] = context
                    return await func(*args, **kwargs)

            return async_inner  # type: ignore[return-value]

        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with self as context:
                if self.kwarg_name:
                    kwargs[self.kwarg_name] = context
                return func(*args, **kwargs)

        return inner  # type: ignore[return-value]

    def __call__(self, decorated: Any) -> Any:
        if isinstance(decorated, type):
            return self.decorate_class(decorated)
        if callable(decorated):
            return self.decorate_callable(decorated)
        raise TypeError(f"Cannot decorate object of type {type(decorated)}")


#: Test-case classes that apply a class decorator's settings themselves, in
#: ``setUpClass`` (``SimpleTestCase`` adds itself when ``scallion.test.testcases``
#: loads). The decorators below only store their options on such a class.
_SETTINGS_AWARE_CASES: list[type] = []


def applies_class_overrides_itself(cls: type) -> type:
    """Register a test-case base that applies ``override_settings`` in ``setUpClass``."""
    _SETTINGS_AWARE_CASES.append(cls)
    return cls


def _is_simple_test_case(cls: type) -> bool:
    return issubclass(cls, tuple(_SETTINGS_AWARE_CASES))


def _refuse_plain_unittest_class(cls: type, decorator: str) -> None:
    if issubclass(cls, unittest.TestCase) and not _is_simple_test_case(cls):
        raise ValueError(
            f"Only subclasses of Django SimpleTestCase (scallion.test.SimpleTestCase) can be "
            f"decorated with {decorator}: {cls.__qualname__} is a plain unittest.TestCase. "
            "Derive it from SimpleTestCase, or enter the override in setUp."
        )


class override_settings(TestContextDecorator):
    """Override settings for a block, a test function or a test class."""

    def __init__(self, **kwargs: Any) -> None:
        self.options = kwargs
        self.wrapped: Any = None
        self._enable_exception: BaseException | None = None
        super().__init__()

    def enable(self) -> None:
        if not settings.configured:
            # Load the module named by the environment, or explain how to configure
            # settings (layering over nothing would report every setting as missing).
            try:
                settings._setup()
            except ImproperlyConfigured as exc:
                if settings_module_from_environment():
                    raise
                raise ImproperlyConfigured(
                    not_configured_message(f"{type(self).__name__} was used")
                ) from exc
        override = UserSettingsHolder(settings._wrapped)
        for key, new_value in self.options.items():
            if not key.isupper():
                raise TypeError(f"Setting {key!r} must be uppercase.")
            setattr(override, key, new_value)
        self.wrapped = settings._wrapped
        settings._wrapped = override
        for key, new_value in self.options.items():
            try:
                setting_changed.send(
                    sender=type(override), setting=key, value=new_value, enter=True
                )
            except Exception as exc:
                # Undo the override, then let the receiver's error through.
                self._enable_exception = exc
                self.disable()

    def disable(self) -> None:
        settings._wrapped = self.wrapped
        self.wrapped = None
        errors: list[BaseException] = []
        for key in self.options:
            new_value = getattr(settings, key, None)
            for _, response in setting_changed.send_robust(
                sender=type(settings._wrapped), setting=key, value=new_value, enter=False
            ):
                if isinstance(response, Exception):
                    errors.append(response)
        if self._enable_exception is not None:
            exc, self._enable_exception = self._enable_exception, None
            raise exc
        if errors:
            raise errors[0]

    def save_options(self, cls: Any) -> None:
        inherited = getattr(cls, "_overridden_settings", None) or {}
        # A new dict: a subclass's options must not leak into its parent.
        cls._overridden_settings = {**inherited, **self.options}

    def decorate_class(self, cls: type[T]) -> type[T]:
        if _is_simple_test_case(cls):
            self.save_options(cls)
            return cls
        _refuse_plain_unittest_class(cls, type(self).__name__)
        return super().decorate_class(cls)


class modify_settings(override_settings):
    """Append, prepend or remove items of list settings (``MIDDLEWARE`` and friends).

    Each keyword is a setting; its value maps ``"append"``, ``"prepend"`` or
    ``"remove"`` to an item or a list of items. Several applied at once (a class
    and its subclasses) are applied in order, each to the result of the one before.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            # The list of operations a test class gathered (see SimpleTestCase).
            if kwargs or len(args) != 1:
                raise TypeError("modify_settings takes keyword arguments, or one list.")
            self.operations: list[tuple[str, dict[str, Any]]] = list(args[0])
        else:
            self.operations = list(kwargs.items())
        super().__init__()

    def save_options(self, cls: Any) -> None:
        inherited = getattr(cls, "_modified_settings", None) or []
        cls._modified_settings = [*inherited, *self.operations]

    def enable(self) -> None:
        self.options = {}
        for name, operations in self.operations:
            value = (
                self.options[name] if name in self.options else list(getattr(settings, name, []))
            )
            for action, items in operations.items():
                if isinstance(items, str):
                    items = [items]
                if action == "append":
                    value = value + [item for item in items if item not in value]
                elif action == "prepend":
                    value = [item for item in items if item not in value] + value
                elif action == "remove":
                    value = [item for item in value if item not in items]
                else:
                    raise ValueError(f"Unsupported action: {action}")
            self.options[name] = value
        super().enable()


class override_system_checks(TestContextDecorator):
    """Replace the registered system checks (and, if given, the deployment checks)."""

    def __init__(self, new_checks: list[Any], deployment_checks: list[Any] | None = None) -> None:
        from scallion.core.checks.registry import registry

        self.registry = registry
        self.new_checks = new_checks
        self.deployment_checks = deployment_checks
        super().__init__()

    def enable(self) -> None:
        self.old_checks = self.registry.registered_checks
        self.registry.registered_checks = set()
        for check in self.new_checks:
            self.registry.register(check, *getattr(check, "tags", ()))
        self.old_deployment_checks = self.registry.deployment_checks
        if self.deployment_checks is not None:
            self.registry.deployment_checks = set()
            for check in self.deployment_checks:
                self.registry.register(check, *getattr(check, "tags", ()), deploy=True)

    def disable(self) -> None:
        self.registry.registered_checks = self.old_checks
        self.registry.deployment_checks = self.old_deployment_checks


class ignore_warnings(TestContextDecorator):
    """Silence warnings (``category=``, ``message=``, ``module=``) for a block or a test."""

    def __init__(self, **kwargs: Any) -> None:
        self.ignore_kwargs = kwargs
        self.uses_patterns = "message" in kwargs or "module" in kwargs
        super().__init__()

    def enable(self) -> None:
        self.catch_warnings = warnings.catch_warnings()
        self.catch_warnings.__enter__()
        if self.uses_patterns:
            warnings.filterwarnings("ignore", **self.ignore_kwargs)
        else:
            warnings.simplefilter("ignore", **self.ignore_kwargs)

    def disable(self) -> None:
        self.catch_warnings.__exit__(*sys.exc_info())


class override_script_prefix(TestContextDecorator):
    """Use ``prefix`` as the script prefix (what ``reverse()`` puts in front) meanwhile."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        super().__init__()

    def enable(self) -> None:
        from scallion.urls import get_script_prefix, set_script_prefix

        self.old_prefix = get_script_prefix()
        set_script_prefix(self.prefix)

    def disable(self) -> None:
        from scallion.urls import set_script_prefix

        set_script_prefix(self.old_prefix)


class isolate_apps(TestContextDecorator):
    """Django registers the models a test defines in a registry of their own.

    scallion has no ORM, so there is nothing to isolate: the decorator is accepted
    (a test module using it imports) and a test that runs under it is told why.
    """

    def __init__(self, *installed_apps: str, **kwargs: Any) -> None:
        self.installed_apps = installed_apps
        super().__init__(**kwargs)

    def enable(self) -> None:
        raise unittest.SkipTest("isolate_apps isolates models; scallion has no ORM.")

    def disable(self) -> None:
        return None


def tag(*tags: str) -> Callable[[T], T]:
    """Add ``tags`` to a test class or method (``obj.tags``, a set), as Django's runner reads."""

    def decorator(obj: T) -> T:
        existing: set[str] = getattr(obj, "tags", set())
        obj.tags = set(existing) | set(tags)  # type: ignore[attr-defined]
        return obj

    return decorator


@contextmanager
def extend_sys_path(*paths: str) -> Iterator[None]:
    """Add ``paths`` to ``sys.path`` for the block."""
    saved = sys.path[:]
    sys.path.extend(paths)
    try:
        yield
    finally:
        sys.path = saved


@contextmanager
def isolate_lru_cache(lru_cache_object: Any) -> Iterator[None]:
    """Clear an ``functools.lru_cache`` on entering and on leaving the block."""
    lru_cache_object.cache_clear()
    try:
        yield
    finally:
        lru_cache_object.cache_clear()


@contextmanager
def captured_output(stream_name: str) -> Iterator[StringIO]:
    """Replace ``sys.<stream_name>`` with a ``StringIO`` for the block, and yield it."""
    original = getattr(sys, stream_name)
    replacement = StringIO()
    setattr(sys, stream_name, replacement)
    try:
        yield replacement
    finally:
        setattr(sys, stream_name, original)


def captured_stdout() -> Any:
    """``with captured_stdout() as out: ...``; then ``out.getvalue()``."""
    return captured_output("stdout")


def captured_stderr() -> Any:
    """``with captured_stderr() as err: ...``; then ``err.getvalue()``."""
    return captured_output("stderr")


def captured_stdin() -> Any:
    """``with captured_stdin() as stdin: stdin.write(...); stdin.seek(0); ...``."""
    return captured_output("stdin")


@contextmanager
def freeze_time(t: float) -> Iterator[None]:
    """``time.time()`` returns ``t`` for the block (``from time import time`` is unaffected)."""
    real_time = time.time
    time.time = lambda: t
    try:
        yield
    finally:
        time.time = real_time


def require_jinja2(test_func: F) -> F:
    """Run the test with the template language and a Jinja2 engine (``APP_DIRS`` on both)."""
    return override_settings(  # type: ignore[no-any-return]
        TEMPLATES=[
            {
                "BACKEND": "scallion.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
            },
            {
                "BACKEND": "scallion.template.backends.jinja2.Jinja2",
                "APP_DIRS": True,
                "OPTIONS": {"keep_trailing_newline": True},
            },
        ]
    )(test_func)


#: Whether the process's time zone can be changed while it runs (``time.tzset``;
#: not on Windows), which tests of local-time formatting need.
TZ_SUPPORT = hasattr(time, "tzset")

#: Skips a test that needs to set the process's time zone.
requires_tz_support = unittest.skipUnless(
    TZ_SUPPORT,
    "This test relies on the ability to run a program in an arbitrary time zone, but "
    "your operating system isn't able to do that.",
)


class LoggingCaptureMixin:
    """Send the ``scallion`` logger's first handler to ``self.logger_output`` meanwhile."""

    def setUp(self) -> None:
        self.logger = logging.getLogger("scallion")
        handler: Any = self.logger.handlers[0]
        self.old_stream = handler.stream
        self.logger_output = StringIO()
        handler.stream = self.logger_output

    def tearDown(self) -> None:
        handler: Any = self.logger.handlers[0]
        handler.stream = self.old_stream


class ContextList(list[Any]):
    """The contexts a response rendered, indexable by key across all of them."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for subcontext in self:
                if key in subcontext:
                    return subcontext[key]
            raise KeyError(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return any(key in c for c in self) if isinstance(key, str) else super().__contains__(key)

    def keys(self) -> set[str]:
        """Every name any of the contexts holds.

        A context of the Django template language is a stack of dicts (its
        builtins ``None``, ``True`` and ``False`` at the bottom), so its names
        are those of every dict in it; a plain mapping (Jinja2's) gives its own.
        """
        names: set[str] = set()
        for context in self:
            own_keys = getattr(context, "keys", None)
            if own_keys is not None:
                names.update(own_keys())
            else:
                for layer in context:
                    names.update(layer)
        return names


class _TestState:
    saved: SimpleNamespace | None = None


def setup_test_environment(debug: bool | None = None) -> None:
    """What a test run needs: the test client's host allowed, ``DEBUG`` as asked.

    Django's test runner calls its twin before the tests run; scallion's pytest
    plugin and its test case classes need none of it, but a runner of unittest
    suites (or Django's own tests) may call it. Undo with ``teardown_test_environment``.
    """
    if _TestState.saved is not None:
        raise RuntimeError(
            "setup_test_environment() was already called and can't be called again "
            "without first calling teardown_test_environment()."
        )
    saved = SimpleNamespace(allowed_hosts=settings.ALLOWED_HOSTS, debug=settings.DEBUG)
    _TestState.saved = saved
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = saved.debug if debug is None else debug


def teardown_test_environment() -> None:
    """Undo ``setup_test_environment``."""
    saved = _TestState.saved
    if saved is None:
        return
    settings.ALLOWED_HOSTS = saved.allowed_hosts
    settings.DEBUG = saved.debug
    _TestState.saved = None


__all__ = [
    "TZ_SUPPORT",
    "ContextList",
    "LoggingCaptureMixin",
    "TestContextDecorator",
    "captured_output",
    "captured_stderr",
    "captured_stdin",
    "captured_stdout",
    "compare_xml",
    "extend_sys_path",
    "freeze_time",
    "ignore_warnings",
    "isolate_apps",
    "isolate_lru_cache",
    "modify_settings",
    "override_script_prefix",
    "override_settings",
    "override_system_checks",
    "require_jinja2",
    "requires_tz_support",
    "setup_test_environment",
    "tag",
    "teardown_test_environment",
]
