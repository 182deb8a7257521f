"""Import objects by dotted path, with errors that name the path."""

from __future__ import annotations

import importlib
from typing import Any


def import_string(dotted_path: str) -> Any:
    """Import ``package.module.Attribute`` and return the attribute.

    Raises ImportError naming the path when the module or the attribute is missing.
    """
    try:
        module_path, class_name = dotted_path.rsplit(".", 1)
    except (ValueError, AttributeError) as err:
        raise ImportError(f"{dotted_path!r} doesn't look like a module path") from err
    module = importlib.import_module(module_path)
    try:
        return getattr(module, class_name)
    except AttributeError as err:
        raise ImportError(
            f'Module "{module_path}" does not define a "{class_name}" attribute/class'
        ) from err
