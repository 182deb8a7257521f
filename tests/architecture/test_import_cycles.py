"""No import circles in scallion/: a lower module never imports a higher one.

The package's import graph is read from its source (``tests/architecture/import_graph.py``);
a circle fails the test with the imports that tie it. The checker itself is tested
on small packages with a planted circle, and on a copy of scallion with one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scallion
from tests.architecture.import_graph import describe, find_cycles, import_graph

PACKAGE_DIR = Path(scallion.__file__).parent


def test_scallion_has_no_import_circle() -> None:
    graph = import_graph(PACKAGE_DIR, "scallion")
    assert len(graph) > 100  # the whole package was read
    cycles = find_cycles(graph)
    report = "\n".join(f"{' <-> '.join(c)}\n{describe(graph, c)}" for c in cycles)
    assert cycles == [], (
        f"import circles in scallion/ (a lower module imports a higher one):\n{report}"
    )


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            {"__init__.py": "", "a.py": "from pkg import b\n", "b.py": "import pkg.a\n"},
            id="module-level",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "from pkg.b import thing\n",
                "b.py": "def f():\n    from pkg.a import other\n",
            },
            id="inside-a-function",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "from pkg.b import thing\n",
                "b.py": (
                    "from typing import TYPE_CHECKING\n"
                    "if TYPE_CHECKING:\n    from pkg.a import Other\n"
                ),
            },
            id="type-checking",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "sub/__init__.py": "from pkg.sub.low import Low\n",
                "sub/low.py": "from pkg.high import High\n",
                "high.py": "from pkg.sub import Low\n",
            },
            id="through-a-reexporting-init",
        ),
        pytest.param(
            {"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .a import x\n"},
            id="relative",
        ),
        pytest.param(
            {
                "__init__.py": "",
                "a.py": "import pkg.b\n",
                "b.py": "import pkg.c\n",
                "c.py": "import pkg.a\n",
            },
            id="three-modules",
        ),
    ],
)
def test_a_planted_circle_is_found(tmp_path: Path, files: dict[str, str]) -> None:
    root = _package(tmp_path, files)
    cycles = find_cycles(import_graph(root, "pkg"))
    assert len(cycles) == 1
    assert len(cycles[0]) >= 2


def test_an_import_downwards_is_no_circle(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "from pkg.high import High\n",
            "high.py": "from pkg.low import Low\nfrom pkg import low\n",
            "low.py": "import os\nfrom typing import Any\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.high"] == {"pkg.low": 1}
    assert find_cycles(graph) == []


def test_a_circle_planted_in_a_copy_of_scallion_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "scallion"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    low = copy / "utils" / "encoding.py"
    # utils.encoding is imported (through http.request) by the WSGI handler.
    planted = "\n\ndef _late():\n    from scallion.core.handlers import wsgi\n"
    low.write_text(low.read_text() + planted)
    cycles = find_cycles(import_graph(copy, "scallion"))
    assert any(
        "scallion.utils.encoding" in cycle and "scallion.core.handlers.wsgi" in cycle
        for cycle in cycles
    ), cycles
