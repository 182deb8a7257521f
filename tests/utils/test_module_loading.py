"""import_string, cached_import, module_has_submodule, module_dir, autodiscover_modules."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

import scallion.utils
import scallion.utils.http
from scallion.test import override_settings
from scallion.test.utils import extend_sys_path
from scallion.utils.module_loading import (
    autodiscover_modules,
    cached_import,
    import_string,
    module_dir,
    module_has_submodule,
)


def test_import_string_and_its_errors() -> None:
    assert import_string("scallion.utils.http.http_date") is scallion.utils.http.http_date
    assert cached_import("scallion.utils.http", "http_date") is scallion.utils.http.http_date
    with pytest.raises(ImportError, match="nodots doesn't look like a module path"):
        import_string("nodots")
    missing = r'Module "scallion\.utils\.http" does not define a "nope"'
    with pytest.raises(ImportError, match=missing):
        import_string("scallion.utils.http.nope")


def test_module_has_submodule_and_module_dir() -> None:
    assert module_has_submodule(scallion.utils, "http")
    assert not module_has_submodule(scallion.utils, "nothing_here")
    assert not module_has_submodule(scallion.utils.http, "anything")  # not a package
    assert module_dir(scallion.utils) == str(Path(scallion.utils.__file__).parent)
    assert module_dir(scallion.utils.http) == str(Path(scallion.utils.http.__file__).parent)
    with pytest.raises(ValueError, match="Cannot determine directory"):
        module_dir(types.ModuleType("floating"))


def make_app(root: Path, name: str, modules: dict[str, str]) -> None:
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module, source in modules.items():
        (package / f"{module}.py").write_text(source)


class Registry:
    def __init__(self) -> None:
        self._registry: dict[str, str] = {}


def test_autodiscover_modules(tmp_path: Path) -> None:
    registry = Registry()
    sys.modules["discovery_registry"] = types.SimpleNamespace(registry=registry)  # type: ignore[assignment]
    register = "import discovery_registry\ndiscovery_registry.registry._registry['{}'] = 'x'\n"
    make_app(tmp_path, "app_one", {"things": register.format("one")})
    make_app(tmp_path, "app_two", {})
    make_app(tmp_path, "app_bad", {"things": register.format("bad") + "raise RuntimeError('bad')"})
    try:
        with extend_sys_path(str(tmp_path)):
            with override_settings(INSTALLED_APPS=["app_one", "app_two"]):
                autodiscover_modules("things", register_to=registry)
            assert registry._registry == {"one": "x"}
            with override_settings(INSTALLED_APPS=["app_bad"]):
                with pytest.raises(RuntimeError, match="bad"):
                    autodiscover_modules("things", register_to=registry)
            assert registry._registry == {"one": "x"}  # put back as it was
    finally:
        del sys.modules["discovery_registry"]
        for name in [m for m in sys.modules if m.startswith(("app_one", "app_two", "app_bad"))]:
            del sys.modules[name]
