"""The import graph of a package, read from its source with ``ast``, and its circles.

Every import counts: at module level, inside a function (a "lazy" import still
ties the two modules together), and under ``if TYPE_CHECKING:`` (a type a lower
module names from a higher one is a dependency the reader has to follow up).
An import of a package whose ``__init__.py`` only hands a name on
(``from scallion.http import HttpRequest``) is followed to the module that
defines the name, so a re-exporting ``__init__`` does not make every importer
of the package look tied to every module in it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    #: For an ``__init__.py``: name -> the module it is imported from.
    reexports: dict[str, str] = field(default_factory=dict)


def load_modules(root: Path, package: str) -> dict[str, Module]:
    """Every ``.py`` file below ``root`` (the package's directory), by dotted name."""
    modules: dict[str, Module] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        if not name.startswith(package):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        modules[name] = Module(name, path, is_package, tree)
    for module in modules.values():
        if module.is_package:
            for node in module.tree.body:
                if isinstance(node, ast.ImportFrom):
                    source = _absolute(module, node)
                    for alias in node.names:
                        module.reexports[alias.asname or alias.name] = source
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base.pop()
    for _ in range(node.level - 1):
        base.pop()
    return ".".join([*base, node.module] if node.module else base)


def _target(modules: dict[str, Module], source: str, name: str | None) -> str | None:
    """The module an import of ``name`` from ``source`` ties to (None: outside)."""
    seen: set[str] = set()
    while True:
        if name is not None and f"{source}.{name}" in modules:
            return f"{source}.{name}"
        module = modules.get(source)
        if module is None:
            return None
        if name is None or not module.is_package or name not in module.reexports:
            return source
        if source in seen:  # pragma: no cover - a re-export loop
            return source
        seen.add(source)
        source = module.reexports[name]


def imports_of(modules: dict[str, Module], module: Module) -> Iterator[tuple[str, int]]:
    """``(imported module, line)`` for every import in ``module``, wherever it stands."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _target(modules, alias.name, None)
                if target is not None:
                    yield target, node.lineno
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                target = _target(modules, source, alias.name)
                if target is not None:
                    yield target, node.lineno


def import_graph(root: Path, package: str) -> dict[str, dict[str, int]]:
    """module -> {imported module: first line importing it}, within the package."""
    modules = load_modules(root, package)
    graph: dict[str, dict[str, int]] = {}
    for name, module in modules.items():
        edges = graph.setdefault(name, {})
        for target, line in imports_of(modules, module):
            if target != name and (module.is_package is False or not _is_face(module)):
                edges.setdefault(target, line)
    return graph


def _is_face(module: Module) -> bool:
    """An ``__init__`` that only imports and lists names: its imports are followed
    through (see ``_target``), not drawn as its own."""
    return all(
        isinstance(node, ast.Import | ast.ImportFrom)
        or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        or (
            isinstance(node, ast.Assign)
            and all(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
        )
        for node in module.tree.body
    )


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative, so that a deep package cannot hit the recursion limit.
        work: list[tuple[str, Iterator[str]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work.append((start, iter(graph.get(start, {}))))
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, {}))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    """The imports that tie one circle together, one ``a -> b (line n)`` per line."""
    members = set(cycle)
    lines = [
        f"  {source} -> {target} (line {line})"
        for source in cycle
        for target, line in sorted(graph[source].items())
        if target in members
    ]
    return "\n".join(lines)
