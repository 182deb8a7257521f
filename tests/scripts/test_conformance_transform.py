"""The rewrite of Django's test sources: out-of-scope stubs (both runs), the port's rename."""

from __future__ import annotations

import ast

import pytest
from conformance.worker import transform


def rewritten(source: str, *, rename: bool = True) -> str:
    return ast.unparse(transform.rewrite_source(source, "<test>", rename=rename))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from django.contrib.auth.models import User",
            "from outofscope.django.contrib.auth.models import User",
        ),
        ("from django.db import models", "from outofscope.django.db import models"),
        ("from django import forms", "from outofscope.django import forms"),
        ("import selenium", "import outofscope.selenium as selenium"),
        ("import django.db.models as m", "import outofscope.django.db.models as m"),
        (
            "from django.core import mail, signals",
            "from django.core import signals\nfrom outofscope.django.core import mail",
        ),
        (
            "from django.contrib import admin as a, messages",
            "from django.contrib import messages\nfrom outofscope.django.contrib import admin as a",
        ),
        ("from django.http import HttpResponse", "from django.http import HttpResponse"),
        (
            "from django.conf import DEPRECATED_EMAIL_SETTINGS, settings",
            "from django.conf import settings\nfrom outofscope.django.conf import "
            "DEPRECATED_EMAIL_SETTINGS",
        ),
        ("from .models import Article", "from .models import Article"),
        (
            "from django.contrib.sessions.backends.db import SessionStore",
            "from outofscope.django.contrib.sessions.backends.db import SessionStore",
        ),
        (
            "from django.contrib.sessions.backends.cache import SessionStore",
            "from django.contrib.sessions.backends.cache import SessionStore",
        ),
    ],
)
def test_imports_of_out_of_scope_modules_point_at_stubs(source: str, expected: str) -> None:
    assert rewritten(source, rename=False) == expected
    assert rewritten(source, rename=True) == expected


def test_a_string_naming_an_out_of_scope_module_points_at_the_stub_in_both_runs() -> None:
    source = "x = 'django.contrib.auth.middleware.AuthenticationMiddleware'"
    expected = "x = 'outofscope.django.contrib.auth.middleware.AuthenticationMiddleware'"
    assert rewritten(source, rename=False) == expected
    assert rewritten(source, rename=True) == expected


def test_the_rename_changes_dotted_paths_only_on_the_scallion_run() -> None:
    source = "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']"
    assert rewritten(source, rename=False) == source
    assert rewritten(source) == "MIDDLEWARE = ['scallion.middleware.common.CommonMiddleware']"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("django.request", "scallion.request"),
        ("see django.http.HttpResponse here", "see scallion.http.HttpResponse here"),
        ("https://docs.djangoproject.com/en/", "https://docs.djangoproject.com/en/"),
        ("www.django.com", "www.django.com"),
        ("django", "django"),
        ("my_django.thing", "my_django.thing"),
        ("django_tests_secret_key", "django_tests_secret_key"),
    ],
)
def test_rename_prefix(text: str, expected: str) -> None:
    assert transform.rename_prefix(text) == expected


def test_the_bare_logger_name_is_renamed_where_a_logger_is_named() -> None:
    source = (
        "a = logging.getLogger('django')\n"
        "with self.assertLogs('django', 'INFO'): pass\n"
        "with self.assertNoLogs(logger='django'): pass\n"
        "LOGGING = {'loggers': {'django': {'level': 'ERROR'}}}\n"
        "b = engines['django']"
    )
    out = rewritten(source)
    assert "getLogger('scallion')" in out
    assert "assertLogs('scallion', 'INFO')" in out
    assert "assertNoLogs(logger='scallion')" in out
    assert "{'loggers': {'scallion': {'level': 'ERROR'}}}" in out
    assert "engines['django']" in out  # a template engine's name is not a logger
    assert "'django'" not in rewritten(source).replace("engines['django']", "")
    assert rewritten(source, rename=False).count("'django'") == 5


def test_line_numbers_survive_the_rewrite() -> None:
    source = "import os\n\nfrom django.core import mail, signals\n\nx = 1\n"
    tree = transform.rewrite_source(source, "<test>", rename=True)
    lines = [node.lineno for node in tree.body]
    assert lines == [1, 3, 3, 5]
    compile(tree, "<test>", "exec")


def test_is_out_of_scope_matches_whole_components() -> None:
    assert transform.is_out_of_scope("django.contrib.admin")
    assert transform.is_out_of_scope("django.contrib.admin.sites")
    assert transform.is_out_of_scope("django.contrib.admindocs")
    assert not transform.is_out_of_scope("django.contrib.adminx")
    assert not transform.is_out_of_scope("django.dbx")
    assert not transform.is_out_of_scope("django.contrib.sessions.backends.cache")
