"""Which directories hold Django-language templates, and forgetting compiled ones.

For a development server that watches files: ``get_template_directories()``
lists what to watch, ``template_changed(sender, path)`` empties the template
caches when a template (not a Python file) under them changed. scallion's
own cached loader already notices a changed file in DEBUG; these functions
serve watchers that want to reset eagerly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scallion.template import engines


def _django_engines() -> list[Any]:
    from scallion.template.backends.django import DjangoTemplates

    return [backend for backend in engines.all() if isinstance(backend, DjangoTemplates)]


def get_template_directories() -> set[Path]:
    """Every template directory of every ``DjangoTemplates`` engine, as absolute paths."""
    cwd = Path.cwd()
    scallion_dir = Path(__file__).resolve().parent.parent
    items: set[Path] = set()
    for backend in _django_engines():
        items.update(cwd / Path(directory) for directory in backend.engine.dirs if directory)
        for loader in backend.engine.template_loaders:
            if not hasattr(loader, "get_dirs"):
                continue
            for directory in loader.get_dirs():
                if directory and scallion_dir not in Path(directory).resolve().parents:
                    items.add(cwd / Path(directory))
    return items


def reset_loaders() -> None:
    """Forget every compiled template (the next render reads and compiles again)."""
    for backend in _django_engines():
        for loader in backend.engine.template_loaders:
            loader.reset()


def watch_for_template_changes(sender: Any, **kwargs: Any) -> None:
    """Ask a reloader (with ``watch_dir(path, glob)``) to watch the template directories."""
    for directory in get_template_directories():
        sender.watch_dir(directory, "**/*")


def template_changed(sender: Any, file_path: Path, **kwargs: Any) -> bool | None:
    """Reset the loaders when ``file_path`` is a template; True when it was one."""
    if file_path.suffix == ".py":
        return None
    for template_dir in get_template_directories():
        if template_dir in file_path.parents:
            reset_loaders()
            return True
    return None
