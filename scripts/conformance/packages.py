"""Which of Django's test packages measure scallion, and how to name a selection of them."""

from __future__ import annotations

from dataclasses import dataclass

DJANGO_VERSION = "6.1.3"


@dataclass(frozen=True)
class Package:
    """A test package of Django's ``tests/``; ``modules`` limits it to some of its modules."""

    name: str
    modules: tuple[str, ...] = ()


#: The request-cycle packages: Django's tests that a port-by-renaming must pass.
DEFAULT_PACKAGES: tuple[Package, ...] = (
    Package("httpwrappers"),
    Package("requests_tests"),
    Package("responses"),
    Package("urlpatterns"),
    Package("urlpatterns_reverse"),
    Package("middleware"),
    Package("middleware_exceptions"),
    Package("csrf_tests"),
    Package("handlers"),
    Package("signing"),
    Package("signed_cookies_tests"),
    Package("sessions_tests"),
    Package("messages_tests"),
    Package("decorators"),
    Package("conditional_processing"),
    Package("view_tests"),
    Package("generic_views"),
    Package("pagination"),
    Package("test_client"),
    Package("test_client_regress"),
    Package(
        "utils_tests",
        (
            "test_http",
            "test_datastructures",
            "test_encoding",
            "test_functional",
            "test_crypto",
            "test_module_loading",
            "test_csp",
        ),
    ),
    Package("template_tests"),
    Package("template_backends"),
    Package("context_processors"),
    Package("settings_tests"),
    Package("staticfiles_tests"),
    Package("file_uploads"),
    Package("asgi"),
    Package("builtin_server"),
    Package("check_framework"),
    Package("shortcuts"),
    Package("resolve_url"),
    Package("cache"),
)

_BY_NAME = {package.name: package for package in DEFAULT_PACKAGES}


def select(names: list[str]) -> list[Package]:
    """The packages called ``names``: the default ones as listed above, any other one of
    Django's test packages (``template_tests``, ``cache``…) whole."""
    selected: list[Package] = []
    for name in names:
        name = name.strip().strip("/")
        if not name:
            continue
        if not name.isidentifier():
            raise ValueError(f"{name!r} is not a test package name (for example httpwrappers).")
        package = _BY_NAME.get(name, Package(name))
        if package not in selected:
            selected.append(package)
    return selected
