"""``get_callable`` and ``get_mod_func``: a view from a dotted path, with Django's errors."""

from __future__ import annotations

import pytest

from scallion.core.exceptions import ViewDoesNotExist
from scallion.urls import get_callable, get_mod_func
from scallion.views import defaults


def test_get_mod_func() -> None:
    assert get_mod_func("a.b.view") == ("a.b", "view")
    assert get_mod_func("view") == ("view", "")


def test_a_callable_is_returned_as_is() -> None:
    assert get_callable(defaults.page_not_found) is defaults.page_not_found


def test_a_dotted_path_is_imported() -> None:
    assert get_callable("scallion.views.defaults.page_not_found") is defaults.page_not_found


@pytest.mark.parametrize(
    "path, error, message",
    [
        (
            "scallion.views.defaults.no_such_view",
            ViewDoesNotExist,
            "Could not import 'scallion.views.defaults.no_such_view'. View does not exist in "
            "module scallion.views.defaults.",
        ),
        (
            "scallion.no_such_module.view",
            ViewDoesNotExist,
            "Could not import 'scallion.no_such_module.view'. Parent module "
            "scallion.no_such_module does not exist.",
        ),
        ("no_such_top_level.view", ImportError, "No module named 'no_such_top_level'"),
        (
            "scallion",
            ImportError,
            "Could not import 'scallion'. The path must be fully qualified.",
        ),
        (
            "scallion.VERSION",
            ViewDoesNotExist,
            "Could not import 'scallion.VERSION'. View is not callable.",
        ),
        (42, ViewDoesNotExist, "'42' is not a callable or a dot-notation path"),
    ],
)
def test_errors(path: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        get_callable(path)
    assert str(info.value) == message
