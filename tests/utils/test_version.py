"""get_version and friends: PEP 440 strings from a VERSION tuple, as Django's."""

from __future__ import annotations

import pytest

import scallion
from scallion.utils import version


def test_scallion_version_matches_the_package() -> None:
    assert scallion.get_version() == "0.1"
    assert scallion.__version__.startswith(scallion.get_version())
    assert len(scallion.VERSION) == 5


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ((1, 4, 0, "final", 0), "1.4"),
        ((1, 4, 2, "final", 0), "1.4.2"),
        ((1, 4, 0, "beta", 2), "1.4b2"),
        ((1, 4, 1, "rc", 1), "1.4.1rc1"),
        ((1, 4, 0, "alpha", 3), "1.4a3"),
    ],
)
def test_get_version(given: tuple[int, int, int, str, int], expected: str) -> None:
    assert version.get_version(given) == expected


def test_pre_alpha_gets_a_dev_suffix_from_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(version, "get_git_changeset", lambda: "20260101120000")
    assert version.get_version((2, 0, 0, "alpha", 0)) == "2.0.dev20260101120000"
    monkeypatch.setattr(version, "get_git_changeset", lambda: None)
    assert version.get_version((2, 0, 0, "alpha", 0)) == "2.0"


def test_bad_tuple_is_refused() -> None:
    with pytest.raises(ValueError, match="level one of"):
        version.get_version((1, 0, 0, "gamma", 0))
    with pytest.raises(ValueError, match="major, minor"):
        version.get_version((1, 0))


def test_docs_version_and_tuple() -> None:
    assert version.get_docs_version((6, 1, 3, "final", 0)) == "6.1"
    assert version.get_docs_version((6, 2, 0, "alpha", 0)) == "dev"
    assert version.get_version_tuple("6.1.3b1") == (6, 1, 3)
    assert version.get_version_tuple("10.0") == (10, 0)
