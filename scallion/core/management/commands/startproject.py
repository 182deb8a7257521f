"""``scallion startproject NAME [DIR]``: write a runnable, tested project skeleton.

Files ending in ``-tpl`` have ``{{ project_name }}``, ``{{ secret_key }}`` and
``{{ scallion_version }}`` replaced (plain substitution, so Jinja2 templates in
the skeleton are copied untouched); other files are copied as they are.
"""

from __future__ import annotations

import importlib.util
import keyword
import secrets
import shutil
from pathlib import Path
from typing import Any

import scallion
from scallion.core.checks.security import SECRET_KEY_INSECURE_PREFIX
from scallion.core.management.base import BaseCommand, CommandError, CommandParser

TEMPLATE_DIR = Path(scallion.__file__).parent / "conf" / "project_template"
SUFFIX = "-tpl"
RENAMES = {"gitignore": ".gitignore"}

#: ``--template-engine``: the folder of the skeleton's page templates for each engine.
ENGINE_TEMPLATES = {"jinja2": "templates", "django": "templates_django"}
JINJA2_BACKEND = '"BACKEND": "scallion.template.backends.jinja2.Jinja2"'
DJANGO_BACKEND = '"BACKEND": "scallion.template.backends.django.DjangoTemplates"'
STATIC_URL_LINE = 'STATIC_URL = "/static/"'
#: A Django-language project lists the static files app, so {% static %} uses the manifest.
STATICFILES_APP = 'INSTALLED_APPS = ["scallion.contrib.staticfiles"]\n\n'


def new_secret_key() -> str:
    """A random development key, marked insecure so ``check`` flags it in production."""
    return SECRET_KEY_INSECURE_PREFIX + secrets.token_urlsafe(45)


def validate_name(name: str) -> None:
    if not name.isidentifier():
        raise CommandError(
            f"{name!r} is not a valid project name: use letters, digits and underscores, "
            "not starting with a digit (it becomes a Python package name).",
            returncode=2,
        )
    if keyword.iskeyword(name):
        raise CommandError(f"{name!r} is a Python keyword; choose another name.", returncode=2)
    if importlib.util.find_spec(name) is not None:
        raise CommandError(
            f"{name!r} conflicts with the name of an existing Python module; choose another name.",
            returncode=2,
        )


class Command(BaseCommand):
    help = (
        "Create a project: settings, URLs, views, templates, static files, tests, WSGI and "
        "ASGI entry points."
    )
    requires_settings = False
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The project's Python package name, e.g. mysite.")
        parser.add_argument(
            "directory",
            nargs="?",
            help="Where to write the project (default: a new directory named NAME).",
        )
        parser.add_argument(
            "--template-engine",
            choices=sorted(ENGINE_TEMPLATES),
            default="jinja2",
            help="The language of the page templates: jinja2 (default) or django.",
        )

    def handle(self, *args: Any, **options: Any) -> int:
        name: str = options["name"]
        target = Path(options["directory"] or name).resolve()
        if options["directory"] is None and target.exists():
            raise CommandError(f"{target} already exists; pass another NAME or a DIR.")
        validate_name(name)
        engine = options.get("template_engine") or "jinja2"
        files = list(self.plan(name, target, engine))
        clashes = [dest for _, dest in files if dest.exists()]
        if clashes:
            raise CommandError(f"{clashes[0]} already exists; refusing to overwrite it.")
        replacements = {
            "{{ project_name }}": name,
            "{{ secret_key }}": new_secret_key(),
            "{{ scallion_version }}": scallion.__version__,
        }
        for source, dest in files:
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.name.endswith(SUFFIX):
                text = source.read_text(encoding="utf-8")
                for marker, value in replacements.items():
                    text = text.replace(marker, value)
                if engine == "django" and dest.name == "settings.py":
                    text = django_engine_settings(text)
                dest.write_text(text, encoding="utf-8")
            else:
                shutil.copyfile(source, dest)
        self.write(self.style.SUCCESS(f"Created project {name!r} in {target}"))
        self.write(
            f"Next, in the environment where scallion is installed:\n  cd {target}\n"
            "  python -m pip install -e '.[dev]'   # the project and its test tools\n"
            "  scallion runserver\n  python -m pytest"
        )
        return 0

    def plan(self, name: str, target: Path, engine: str = "jinja2") -> list[tuple[Path, Path]]:
        pairs = []
        wanted = ENGINE_TEMPLATES[engine]
        others = set(ENGINE_TEMPLATES.values()) - {wanted}
        for source in sorted(TEMPLATE_DIR.rglob("*")):
            if not source.is_file() or "__pycache__" in source.parts:
                continue
            relative = source.relative_to(TEMPLATE_DIR)
            if relative.parts[0] in others:
                continue
            if relative.parts[0] == wanted:
                relative = Path("templates", *relative.parts[1:])
            parts = [name if part == "project_name" else part for part in relative.parts]
            leaf = parts[-1].removesuffix(SUFFIX)
            parts[-1] = RENAMES.get(leaf, leaf)
            pairs.append((source, target.joinpath(*parts)))
        return pairs


def django_engine_settings(text: str) -> str:
    """The skeleton's settings with the Django-language backend instead of Jinja2's."""
    if JINJA2_BACKEND not in text or STATIC_URL_LINE not in text:
        raise CommandError(
            "The project skeleton's settings.py changed: --template-engine django cannot find "
            "the TEMPLATES backend or STATIC_URL lines it rewrites."
        )
    text = text.replace(JINJA2_BACKEND, DJANGO_BACKEND)
    return text.replace(STATIC_URL_LINE, STATICFILES_APP + STATIC_URL_LINE, 1)
