"""``scallion startproject``: the files it writes and the mistakes it refuses."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scallion.core.checks.security import is_weak_secret_key
from tests.management.conftest import REPO

Run = Callable[..., Any]


def test_creates_a_project(run: Run, tmp_path: Path) -> None:
    result = run("startproject", "blog", str(tmp_path / "blog"))
    assert result.code == 0, result.err
    root = tmp_path / "blog"
    expected = {
        ".gitignore",
        "README.md",
        "pyproject.toml",
        "blog/__init__.py",
        "blog/settings.py",
        "blog/urls.py",
        "blog/views.py",
        "blog/wsgi.py",
        "blog/asgi.py",
        "templates/base.html",
        "templates/home.html",
        "static/css/site.css",
        "tests/test_views.py",
    }
    written = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    assert written == expected
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert pyproject["tool"]["scallion"]["settings"] == "blog.settings"
    for name in expected - {"templates/base.html", "templates/home.html"}:
        assert "{{" not in (root / name).read_text(), name
        if name.endswith(".py"):
            ast.parse((root / name).read_text())
    assert "{{ static(" in (root / "templates" / "base.html").read_text()


def settings_values(path: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            assert isinstance(target, ast.Name)
            try:
                values[target.id] = ast.literal_eval(node.value)  # type: ignore[arg-type]
            except ValueError:
                pass
    return values


def test_settings_are_secure_by_default(run: Run, tmp_path: Path) -> None:
    run("startproject", "one", str(tmp_path / "one"))
    run("startproject", "two", str(tmp_path / "two"))
    first = settings_values(tmp_path / "one" / "one" / "settings.py")
    second = settings_values(tmp_path / "two" / "two" / "settings.py")
    assert first["SECRET_KEY"] != second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 50
    # Marked as a development key, so `check` warns about it with DEBUG off.
    assert is_weak_secret_key(first["SECRET_KEY"])
    assert [path.rsplit(".", 1)[1] for path in first["MIDDLEWARE"]] == [
        "SecurityMiddleware",
        "SessionMiddleware",
        "CommonMiddleware",
        "CsrfViewMiddleware",
        "MessageMiddleware",
        "XFrameOptionsMiddleware",
    ]
    # docs/middleware.md shows this list as "what `scallion startproject` generates".
    docs = (REPO / "docs" / "middleware.md").read_text()
    block = docs.split("```python\n", 1)[1].split("```", 1)[0]
    assert "what `scallion startproject` generates" in docs.split("```python", 1)[0]
    assert ast.literal_eval(block.split("=", 1)[1].strip()) == first["MIDDLEWARE"]


def test_default_directory_is_the_name(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("startproject", "shop").code == 0
    assert (tmp_path / "shop" / "shop" / "settings.py").is_file()
    again = run("startproject", "shop")
    assert again.code == 1
    assert "already exists" in again.err


def test_existing_files_are_not_overwritten(run: Run, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine")
    result = run("startproject", "site3", str(tmp_path))
    assert result.code == 1
    assert "README.md already exists; refusing to overwrite it" in result.err
    assert (tmp_path / "README.md").read_text() == "mine"
    assert not (tmp_path / "site3").exists()


@pytest.mark.parametrize(
    "name, message",
    [
        ("my-site", "is not a valid project name"),
        ("1site", "is not a valid project name"),
        ("class", "is a Python keyword"),
        ("json", "conflicts with the name of an existing Python module"),
    ],
)
def test_bad_names(run: Run, tmp_path: Path, name: str, message: str) -> None:
    result = run("startproject", name, str(tmp_path / "x"))
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "x").exists()


def test_the_project_declares_its_test_tools_and_says_how_to_install_them(
    run: Run, tmp_path: Path
) -> None:
    result = run("startproject", "kit", str(tmp_path / "kit"))
    root = tmp_path / "kit"
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    dev = pyproject["project"]["optional-dependencies"]["dev"]
    assert any(requirement.startswith("pytest") for requirement in dev)
    readme = (root / "README.md").read_text()
    assert "pip install -e '.[dev]'" in readme and "pip install -e '.[dev]'" in result.out
    assert "activate" in readme  # how `scallion` and `python` mean the venv's
    # No placeholder links: every link in the README goes somewhere real.
    assert "](" not in readme.replace("](#", "")
    assert "https://github.com/)" not in readme


def test_the_development_settings_turn_the_trace_on(run: Run, tmp_path: Path) -> None:
    run("startproject", "traced", str(tmp_path / "traced"))
    values = settings_values(tmp_path / "traced" / "traced" / "settings.py")
    assert values["DEBUG"] is True and values["TRACE_REQUESTS"] is True


def test_template_engine_django_writes_django_language_templates(run: Run, tmp_path: Path) -> None:
    result = run("startproject", "shop", str(tmp_path / "shop"), "--template-engine", "django")
    assert result.code == 0, result.err
    root = tmp_path / "shop"
    assert not (root / "templates_django").exists()
    base = (root / "templates" / "base.html").read_text()
    assert "{% static 'css/site.css' %}" in base
    settings_text = (root / "shop" / "settings.py").read_text()
    assert '"BACKEND": "scallion.template.backends.django.DjangoTemplates"' in settings_text
    assert "jinja2" not in settings_text
    settings = settings_values(root / "shop" / "settings.py")
    assert settings["INSTALLED_APPS"] == ["scallion.contrib.staticfiles"]


def test_the_django_language_project_serves_its_home_page(run: Run, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.management.conftest import clean_env

    assert (
        run("startproject", "shop", str(tmp_path / "shop"), "--template-engine", "django").code == 0
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path / "shop",
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unknown_template_engine_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("startproject", "shop", str(tmp_path / "shop"), "--template-engine", "mako")
    assert result.code != 0
    assert "mako" in result.err
