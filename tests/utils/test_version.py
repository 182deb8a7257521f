"""Version helpers, with Django's names and rules."""

from __future__ import annotations

import sys

import pytest

import scallion
from scallion.utils import version


def test_scallions_own_version() -> None:
    assert scallion.get_version() == scallion.__version__ == version.get_version()
    assert version.get_complete_version() == (*scallion.VERSION, "final", 0)
    assert version.get_docs_version() == "0.1"


@pytest.mark.parametrize(
    ("given", "text"),
    [
        ((6, 1, 0, "final", 0), "6.1"),
        ((6, 1, 3, "final", 0), "6.1.3"),
        ((6, 2, 0, "alpha", 1), "6.2a1"),
        ((6, 2, 0, "beta", 2), "6.2b2"),
        ((6, 2, 1, "rc", 1), "6.2.1rc1"),
        ((6, 2, 0, "alpha", 0), "6.2.dev"),
        ((1, 2), "1.2"),
    ],
)
def test_get_version(given: tuple[object, ...], text: str) -> None:
    assert version.get_version(given) == text


def test_docs_version_and_bad_levels() -> None:
    assert version.get_docs_version((6, 1, 3, "final", 0)) == "6.1"
    assert version.get_docs_version((6, 2, 0, "beta", 1)) == "dev"
    with pytest.raises(ValueError, match="Unknown release level 'gamma'"):
        version.get_version((1, 0, 0, "gamma", 0))


def test_python_flags() -> None:
    assert version.PY311 is (sys.version_info >= (3, 11))
    assert version.PY314 is (sys.version_info >= (3, 14))
