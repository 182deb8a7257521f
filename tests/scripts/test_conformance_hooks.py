"""The import hooks, in a fresh interpreter: ``django`` → ``scallion``, and the rewrite."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.scripts.conftest import SCRIPTS


def run_python(code: str, cwd: Path) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env={"PYTHONPATH": f"{SCRIPTS}:{cwd}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def write_test_module(root: Path) -> None:
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tests.py").write_text(
        "from django.core import mail\n"
        "MIDDLEWARE = 'django.middleware.common.CommonMiddleware'\n"
        "BACKEND = 'django.contrib.auth.backends.ModelBackend'\n"
        "MAIL = type(mail).__name__\n"
    )


def test_django_is_scallion_under_the_alias(tmp_path: Path) -> None:
    write_test_module(tmp_path)
    result = run_python(
        f"""
        import json, sys
        from conformance.worker import hooks
        hooks.install("scallion", [{str(tmp_path)!r}])
        import django.http, scallion.http
        from django.http.response import HttpResponse
        import pkg.tests as t
        try:
            import django.no_such_module
        except ModuleNotFoundError as exc:
            missing = str(exc)
        print(json.dumps({{
            "same_module": django.http is scallion.http,
            "same_class": HttpResponse is scallion.http.HttpResponse,
            "registered": (
                sys.modules["django.http.response"] is sys.modules["scallion.http.response"]
            ),
            "spec": scallion.http.__spec__.name,
            "missing": missing,
            "middleware": t.MIDDLEWARE,
            "backend": t.BACKEND,
            "mail": t.MAIL,
        }}))
        """,
        tmp_path,
    )
    assert result == {
        "same_module": True,
        "same_class": True,
        "registered": True,
        "spec": "scallion.http",
        "missing": "No module named 'scallion.no_such_module' (imported as "
        "'django.no_such_module')",
        "middleware": "scallion.middleware.common.CommonMiddleware",
        "backend": "outofscope.django.contrib.auth.backends.ModelBackend",
        "mail": "_StubMeta",
    }
    assert not list(tmp_path.rglob("*.pyc"))  # the two runs rewrite differently


def test_the_django_run_rewrites_without_renaming(tmp_path: Path) -> None:
    write_test_module(tmp_path)
    result = run_python(
        f"""
        import json
        from conformance.worker import hooks
        hooks.install("django", [{str(tmp_path)!r}])
        import pkg.tests as t
        print(json.dumps([t.MIDDLEWARE, t.BACKEND, t.MAIL]))
        """,
        tmp_path,
    )
    assert result == [
        "django.middleware.common.CommonMiddleware",
        "outofscope.django.contrib.auth.backends.ModelBackend",
        "_StubMeta",
    ]
