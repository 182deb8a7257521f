"""scallion.utils.deprecation: Django's warning classes, importable under their names."""

from __future__ import annotations

import warnings

import pytest

from scallion.utils import deprecation


def test_warning_classes_have_djangos_hierarchy() -> None:
    assert issubclass(deprecation.RemovedInNextVersionWarning, DeprecationWarning)
    assert issubclass(deprecation.RemovedInDjango2028Warning, PendingDeprecationWarning)
    assert deprecation.RemovedAfterNextVersionWarning is deprecation.RemovedInDjango2028Warning
    assert deprecation.RemovedInDjango70Warning is deprecation.RemovedInDjango2028Warning
    with pytest.warns(deprecation.RemovedInDjango2028Warning, match="going"):
        warnings.warn("going", deprecation.RemovedInDjango2028Warning, stacklevel=1)
