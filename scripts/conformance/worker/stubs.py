"""Stand-ins for the modules outside scallion's scope (the ORM, auth, admin, mail, forms…).

The tests' imports of those modules are rewritten to ``outofscope.<name>``, which this
module's finder answers with a stub module in both runs (Django and scallion), so a
test that really needs one of them fails the same way on both and drops out of the
baseline. Stubs are lenient while test modules are imported (classes can subclass
them, fields can be built, decorators applied, constants read) and strict while a test
runs: there, truth tests, iteration, lengths, item access, membership tests and
``with`` raise ``OutOfScope``. Every use during a test is recorded so that a failure
can be attributed to the stub.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Iterator
from typing import Any, ClassVar

#: The package name under which stub modules live.
STUB_ROOT = "outofscope"

#: Names of stubs used since the last ``start_recording()``.
touched: set[str] = set()
_recording = False
#: How many test modules are being imported right now (stubs are lenient meanwhile,
#: even when a test triggers the import, as a first request does for a URLconf).
_importing = 0


class OutOfScope(Exception):
    """A test used a module that scallion leaves out (ORM, auth, admin, mail, forms…)."""


def start_recording() -> None:
    """Forget earlier uses and record the uses from now on (one test)."""
    global _recording
    touched.clear()
    _recording = True


def stop_recording() -> set[str]:
    """Stop recording; return the names of the stubs used since ``start_recording``."""
    global _recording
    _recording = False
    return set(touched)


def _touch(name: str) -> None:
    if _recording:
        touched.add(name)


def _is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


@contextlib.contextmanager
def lenient() -> Iterator[None]:
    """Stubs do not raise inside this block (a test module being imported)."""
    global _importing
    _importing += 1
    try:
        yield
    finally:
        _importing -= 1


def _refuse(name: str, what: str) -> None:
    """Raise while a test runs; at import time let the module finish importing."""
    if _recording and not _importing:
        touched.add(name)
        raise OutOfScope(f"{what} of {name}, which is out of scope for scallion")


class StubText(str):
    """An UPPER_CASE name of a stub module: a constant, most likely text."""


class _StubMeta(type):
    """The metaclass of stub classes: any attribute is another stub class."""

    _stub_name: str

    def __getattr__(cls, name: str) -> Any:
        if _is_dunder(name) or name.startswith("_stub"):
            raise AttributeError(name)
        _touch(cls._stub_name)
        return stub_class(f"{cls._stub_name}.{name}")

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        _touch(cls._stub_name)
        return super().__call__(*args, **kwargs)

    def __iter__(cls) -> Any:
        _refuse(cls._stub_name, "iteration")
        return iter(())

    def __len__(cls) -> int:
        _refuse(cls._stub_name, "len()")
        return 0

    def __getitem__(cls, key: Any) -> Any:
        _refuse(cls._stub_name, "item access")
        return stub_class(f"{cls._stub_name}[]")

    def __repr__(cls) -> str:
        return f"<out-of-scope class {cls._stub_name}>"


class Stub(Exception, metaclass=_StubMeta):
    """Base of every stub class; an Exception so that ``except stub:`` and ``raise`` work."""

    _stub_name: ClassVar[str] = STUB_ROOT

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_stub_name" not in cls.__dict__:
            # A class a test defines on top of a stub (``class Article(models.Model)``).
            cls._stub_name = f"{cls.__module__}.{cls.__qualname__}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args)

    def __getattr__(self, name: str) -> Any:
        if _is_dunder(name) or name.startswith("_stub"):
            raise AttributeError(name)
        _touch(type(self)._stub_name)
        return stub_class(f"{type(self)._stub_name}().{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        _touch(type(self)._stub_name)
        return stub_class(f"{type(self)._stub_name}()()")()

    def __bool__(self) -> bool:
        _refuse(type(self)._stub_name, "truth test")
        return True

    def __iter__(self) -> Any:
        _refuse(type(self)._stub_name, "iteration")
        return iter(())

    def __len__(self) -> int:
        _refuse(type(self)._stub_name, "len()")
        return 0

    def __getitem__(self, key: Any) -> Any:
        _refuse(type(self)._stub_name, "item access")
        return stub_class(f"{type(self)._stub_name}[]")()

    def __contains__(self, item: Any) -> bool:
        _refuse(type(self)._stub_name, "membership test")
        return False

    def __enter__(self) -> Any:
        _refuse(type(self)._stub_name, "with-block")
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def __str__(self) -> str:
        return f"<out-of-scope {type(self)._stub_name}>"

    __repr__ = __str__


_classes: dict[str, type[Stub]] = {}


def stub_class(name: str) -> type[Stub]:
    """The stub class called ``name`` (one object per name, so identity tests hold)."""
    cls = _classes.get(name)
    if cls is None:
        short = name.rsplit(".", 1)[-1].replace("(", "").replace(")", "") or "Stub"
        cls = _StubMeta(short, (Stub,), {"_stub_name": name, "__module__": STUB_ROOT})
        _classes[name] = cls
    return cls


class StubModule(types.ModuleType):
    """A module whose every public attribute is a stub class and every submodule a stub."""

    def __getattr__(self, name: str) -> Any:
        if _is_dunder(name):
            raise AttributeError(name)
        qualified = f"{self.__name__}.{name}"
        if qualified == SELENIUM_TEST_CASE:
            return _skipped_selenium_case()
        if name.isupper():
            return StubText(qualified)
        return stub_class(qualified)


SELENIUM_TEST_CASE = f"{STUB_ROOT}.django.test.selenium.SeleniumTestCase"


def _skipped_selenium_case() -> type:
    """Django skips its Selenium tests unless browsers are named; so does the runner."""
    try:
        from django.test import LiveServerTestCase
    except ImportError:
        return stub_class(SELENIUM_TEST_CASE)
    return type(
        "SeleniumTestCase",
        (LiveServerTestCase,),
        {
            "__module__": STUB_ROOT,
            "__unittest_skip__": True,
            "__unittest_skip_why__": "Selenium tests are out of scope",
        },
    )


class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class StubFinder(importlib.abc.MetaPathFinder):
    """Answers every import under ``outofscope.`` with a stub module."""

    def find_spec(
        self, fullname: str, path: Any = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != STUB_ROOT and not fullname.startswith(STUB_ROOT + "."):
            return None
        return importlib.machinery.ModuleSpec(fullname, _StubLoader(), is_package=True)


def install() -> None:
    """Put the stub finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, StubFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, StubFinder())


def is_stub_frame(filename: str) -> bool:
    """True for a traceback frame inside this module (a failure caused by a stub)."""
    return filename == __file__
