"""Import hooks for one test process: ``django`` → ``scallion``, and the tests' rewrite.

``AliasFinder`` (scallion run only) answers ``django`` and every ``django.<x>`` with
the already imported ``scallion.<x>`` module object, so that both names share one
module, as after a port. ``RewritingFinder`` compiles every module under the test
roots through ``transform.rewrite`` (never from a cached ``.pyc``: the two runs
rewrite differently).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
from collections.abc import Sequence
from typing import Any

from conformance.worker import stubs, transform

ALIAS_FROM = "django"
ALIAS_TO = "scallion"


class _AliasLoader(importlib.abc.Loader):
    """Hands out an existing module under a second name, keeping its own ``__spec__``."""

    def __init__(self, module: types.ModuleType) -> None:
        self.module = module
        self.spec = module.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return self.module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system has just set ``__spec__`` to the alias's spec; the module
        # keeps its true identity (``importlib.reload``, pickling and ``__name__`` use it).
        module.__spec__ = self.spec


class AliasFinder(importlib.abc.MetaPathFinder):
    """Maps ``django`` and ``django.*`` to ``scallion`` and ``scallion.*``."""

    def find_spec(
        self, fullname: str, path: Any = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != ALIAS_FROM and not fullname.startswith(ALIAS_FROM + "."):
            return None
        real_name = ALIAS_TO + fullname[len(ALIAS_FROM) :]
        try:
            module = importlib.import_module(real_name)
        except ModuleNotFoundError as exc:
            if exc.name and (real_name == exc.name or real_name.startswith(exc.name + ".")):
                raise ModuleNotFoundError(
                    f"No module named {real_name!r} (imported as {fullname!r})", name=fullname
                ) from None
            raise
        is_package = hasattr(module, "__path__")
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module), is_package=is_package)


class _RewritingLoader(importlib.machinery.SourceFileLoader):
    rename = False

    def exec_module(self, module: types.ModuleType) -> None:
        with stubs.lenient():
            super().exec_module(module)

    def get_code(self, fullname: str) -> types.CodeType:
        path = self.get_filename(fullname)
        source = self.get_data(path)
        tree = transform.rewrite_source(source, path, rename=self.rename)
        return compile(tree, path, "exec", dont_inherit=True)


class _RenamingLoader(_RewritingLoader):
    rename = True


class RewritingFinder(importlib.abc.MetaPathFinder):
    """Loads the modules under ``roots`` through the tests' rewrite."""

    def __init__(self, roots: Sequence[str], *, rename: bool) -> None:
        self.roots = tuple(os.path.join(os.path.abspath(root), "") for root in roots)
        self.loader_class = _RenamingLoader if rename else _RewritingLoader

    def find_spec(
        self, fullname: str, path: Any = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return spec  # not a plain source file (a namespace package, a zipped egg…)
        if not spec.origin or not spec.origin.startswith(self.roots):
            return spec
        spec.loader = self.loader_class(fullname, spec.origin)
        return spec


def install(framework: str, test_roots: Sequence[str]) -> None:
    """Install the hooks for a run against ``framework`` ("django" or "scallion")."""
    rename = framework == ALIAS_TO
    finders: list[importlib.abc.MetaPathFinder] = [stubs.StubFinder()]
    if rename:
        finders.append(AliasFinder())
    finders.append(RewritingFinder(test_roots, rename=rename))
    sys.meta_path[:0] = finders
    sys.dont_write_bytecode = True
