"""The rewrite applied to Django's test sources before they are compiled.

Two independent edits, made on the syntax tree so that line numbers stay true:

* **Out of scope** (both runs): imports of the modules scallion leaves out, and
  strings that are exactly a dotted path into them (``"django.contrib.auth.backends.
  ModelBackend"``), point at ``outofscope.<path>`` instead, a stub package. The same
  test therefore meets the same stub on Django and on scallion.
* **The port's rename** (scallion run only): what a project does when it moves to
  scallion, the ``django`` prefix of dotted paths inside strings becomes ``scallion``
  (``"django.middleware.common.CommonMiddleware"``, ``assertLogs("django.request")``),
  and so does the bare logger name ``"django"``. Imports are left alone: the import
  hook maps ``django.*`` to ``scallion.*``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

#: Modules (and a few names) whose tests say nothing about scallion's request cycle.
OUT_OF_SCOPE: tuple[str, ...] = (
    "django.db",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.admindocs",
    "django.contrib.contenttypes",
    "django.contrib.sites",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.base_session",
    "django.contrib.sessions.models",
    "django.core.mail",
    "django.core.checks.mail",
    # The commands that load fixtures into the database.
    "django.core.management.commands.loaddata",
    "django.core.management.commands.testserver",
    # Names of in-scope modules that only serve an out-of-scope one.
    "django.conf.DEPRECATED_EMAIL_SETTINGS",
    "django.conf.EMAIL_SETTING_DEPRECATED_MSG",
    "django.middleware.common.BrokenLinkEmailsMiddleware",  # mails the managers
    # Django's own parser internals, which tests import to count calls; a project
    # never does, and scallion parses multipart bodies with the multipart library.
    "django.http.multipartparser.LazyStream",
    "django.forms",
    "django.test.selenium",
    # It counts the SQL queries a block runs (the cache tests import it).
    "django.test.utils.CaptureQueriesContext",
    "selenium",
)

STUB_ROOT = "outofscope"
_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_DJANGO_PREFIX = re.compile(r"(?<![\w.])django(?=\.[A-Za-z_])")
_LOGGER_CALLS = frozenset({"getLogger", "assertLogs", "assertNoLogs"})


def is_out_of_scope(dotted: str) -> bool:
    """True for a module (or a name inside one) that scallion leaves out."""
    return any(dotted == prefix or dotted.startswith(prefix + ".") for prefix in OUT_OF_SCOPE)


def rename_prefix(text: str) -> str:
    """``django.x.y`` → ``scallion.x.y`` wherever a dotted path starts with ``django``."""
    return _DJANGO_PREFIX.sub("scallion", text)


class _Rewriter(ast.NodeTransformer):
    def __init__(self, rename: bool) -> None:
        self.rename = rename

    # Imports -------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> ast.AST | list[ast.stmt]:
        kept: list[ast.alias] = []
        stubs: list[ast.stmt] = []
        for alias in node.names:
            if is_out_of_scope(alias.name) and (alias.asname or "." not in alias.name):
                bound = alias.asname or alias.name
                stubs.append(_import_as(f"{STUB_ROOT}.{alias.name}", bound, node))
            else:
                kept.append(alias)
        if not stubs:
            return node
        return _keep_import(node, kept) + stubs

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST | list[ast.stmt]:
        if node.level or not node.module:
            return node
        if is_out_of_scope(node.module):
            node.module = f"{STUB_ROOT}.{node.module}"
            return node
        kept: list[ast.alias] = []
        stubbed: list[ast.alias] = []
        for alias in node.names:
            dotted = f"{node.module}.{alias.name}"
            if alias.name != "*" and is_out_of_scope(dotted):
                stubbed.append(alias)
            else:
                kept.append(alias)
        if not stubbed:
            return node
        # ``from django.core import mail`` → ``from outofscope.django.core import mail``:
        # a stub for the submodule or the name alike.
        stub = ast.ImportFrom(module=f"{STUB_ROOT}.{node.module}", names=stubbed, level=0)
        return [*_keep_import(node, kept), ast.copy_location(stub, node)]

    # Strings -------------------------------------------------------------------------
    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if not isinstance(value, str):
            return node
        if _DOTTED_PATH.fullmatch(value) and is_out_of_scope(value):
            return ast.copy_location(ast.Constant(f"{STUB_ROOT}.{value}"), node)
        if self.rename and "django" in value:
            return ast.copy_location(ast.Constant(rename_prefix(value)), node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if self.rename and _called_name(node.func) in _LOGGER_CALLS:
            if node.args and _is_string(node.args[0], "django"):
                node.args[0] = ast.copy_location(ast.Constant("scallion"), node.args[0])
            for keyword in node.keywords:
                if keyword.arg == "logger" and _is_string(keyword.value, "django"):
                    keyword.value = ast.copy_location(ast.Constant("scallion"), keyword.value)
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        if not self.rename:
            return node
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None and _is_string(key, "loggers") and isinstance(value, ast.Dict):
                value.keys = [
                    ast.copy_location(ast.Constant("scallion"), k)
                    if k is not None and _is_string(k, "django")
                    else k
                    for k in value.keys
                ]
        return node


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_string(node: ast.expr, text: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == text


def _import_as(module: str, bound: str, where: ast.stmt) -> ast.stmt:
    return ast.copy_location(ast.Import(names=[ast.alias(name=module, asname=bound)]), where)


def _keep_import(node: ast.Import | ast.ImportFrom, kept: Iterable[ast.alias]) -> list[ast.stmt]:
    names = list(kept)
    if not names:
        return []
    node.names = names
    return [node]


def rewrite(tree: ast.Module, *, rename: bool) -> ast.Module:
    """The test module's tree with out-of-scope names stubbed (and the port's rename)."""
    tree = _Rewriter(rename).visit(tree)
    return ast.fix_missing_locations(tree)


def rewrite_source(source: str | bytes, filename: str, *, rename: bool) -> ast.Module:
    """Parse ``source`` and rewrite it (see ``rewrite``)."""
    return rewrite(ast.parse(source, filename), rename=rename)
