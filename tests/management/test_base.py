"""Django's command API: BaseCommand, call_command, app commands, checks, output streams."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from scallion.core import checks
from scallion.core.management import (
    ManagementUtility,
    call_command,
    execute_from_command_line,
    get_commands,
)
from scallion.core.management.base import (
    AppCommand,
    BaseCommand,
    CommandError,
    LabelCommand,
    OutputWrapper,
    SystemCheckError,
)
from scallion.core.management.utils import (
    get_random_secret_key,
    handle_extensions,
    is_ignored_path,
    normalize_path_patterns,
)
from scallion.test import override_settings

BLOG = "tests.apps.fixture_apps.blog"
with_blog = override_settings(INSTALLED_APPS=[BLOG])


@with_blog
def test_app_commands_are_found_and_the_first_app_wins_a_name() -> None:
    commands = get_commands()
    assert commands["publish"] == BLOG
    assert commands["check"] == BLOG  # the blog app shadows the built-in check
    assert commands["routes"] == "scallion.core"


def test_app_commands_go_away_with_the_app() -> None:
    with with_blog:
        assert "publish" in get_commands()
    assert "publish" not in get_commands()


@with_blog
def test_call_command_returns_the_output_and_accepts_options_by_name_or_dest() -> None:
    out = io.StringIO()
    result = call_command("publish", "a", "b", dry_run=True, publish_at="noon", stdout=out)
    assert result == "would publish a, b at noon"
    assert out.getvalue() == "would publish a, b at noon\n"
    # The option's own name works as well as its dest.
    assert call_command("publish", "a", when="dawn", stdout=io.StringIO()).endswith("at dawn")
    # verbosity is an option every command has.
    out = io.StringIO()
    call_command("publish", "a", verbosity=2, stdout=out)
    assert out.getvalue().startswith("working...\n")


@with_blog
def test_call_command_refuses_unknown_options_and_missing_arguments() -> None:
    with pytest.raises(TypeError, match=r"Unknown option\(s\) for publish command: colour\."):
        call_command("publish", "a", colour="red")
    with pytest.raises(CommandError, match="Error: the following arguments are required: posts"):
        call_command("publish")
    with pytest.raises(CommandError, match="Unknown command: 'nope'"):
        call_command("nope")
    with pytest.raises(CommandError, match="cannot publish 'fail'") as raised:
        call_command("publish", "fail")
    assert raised.value.returncode == 3


def test_call_command_takes_a_command_object() -> None:
    class Hello(BaseCommand):
        requires_system_checks: list[str] = []

        def handle(self, *args: Any, **options: Any) -> str:
            return "hello"

    assert call_command(Hello(), stdout=io.StringIO()) == "hello"


class Greet(LabelCommand):
    label = "name"

    def handle_label(self, label: str, **options: Any) -> str:
        return f"hi {label}"


def test_label_command() -> None:
    assert call_command(Greet(), "ann", "bo", stdout=io.StringIO()) == "hi ann\nhi bo"
    with pytest.raises(CommandError, match=r"Enter at least one name\."):
        call_command(Greet())


class Labels(AppCommand):
    def handle_app_config(self, app_config: Any, **options: Any) -> str:
        return str(app_config.verbose_name)


@with_blog
def test_app_command() -> None:
    assert call_command(Labels(), "blog", stdout=io.StringIO()) == "The blog"
    with pytest.raises(CommandError, match=r"Are you sure your INSTALLED_APPS setting is correct"):
        call_command(Labels(), "shop")


@with_blog
def test_the_command_line_runs_app_commands_with_exit_codes() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = ManagementUtility(["manage.py", "publish", "x"], stdout=out, stderr=err).execute()
    assert (code, out.getvalue()) == (0, "published x at now\n")
    out, err = io.StringIO(), io.StringIO()
    code = ManagementUtility(["manage.py", "publish", "fail"], stdout=out, stderr=err).execute()
    assert code == 3
    assert err.getvalue().strip() == "CommandError: cannot publish 'fail'"


def test_execute_from_command_line_exits_with_the_code_on_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    execute_from_command_line(["manage.py", "--version"])  # success: returns
    assert capsys.readouterr().out.strip()
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "no-such-command"])
    assert exited.value.code == 2


def test_a_manage_py_runs_scallion(tmp_path: Any) -> None:
    manage = tmp_path / "manage.py"
    manage.write_text(
        "import sys\n"
        "from scallion.core.management import execute_from_command_line\n"
        "execute_from_command_line(sys.argv)\n"
    )
    done = subprocess.run(
        [sys.executable, str(manage), "help", "--commands"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "runserver" in done.stdout.split()


class Checked(BaseCommand):
    def handle(self, *args: Any, **options: Any) -> str:
        return "ran"


def test_system_checks_run_before_handle_unless_skipped() -> None:
    registry_checks = checks.registry.registry.registered_checks.copy()

    @checks.register("tests")
    def broken(**kwargs: Any) -> list[checks.CheckMessage]:
        return [checks.Error("it is broken", id="tests.E001")]

    try:
        with pytest.raises(SystemCheckError, match=r"tests\.E001"):
            call_command(Checked(), skip_checks=False, stdout=io.StringIO())
        assert call_command(Checked(), stdout=io.StringIO()) == "ran"  # skipped by default
    finally:
        checks.registry.registry.registered_checks = registry_checks


def test_requires_system_checks_must_be_a_list() -> None:
    class Wrong(BaseCommand):
        requires_system_checks = "staticfiles"

    with pytest.raises(TypeError, match=r"requires_system_checks must be a list or tuple\."):
        Wrong()


def test_output_wrapper_ends_lines_and_styles_only_terminals() -> None:
    stream = io.StringIO()
    wrapper = OutputWrapper(stream)
    wrapper.style_func = lambda text: f"<{text}>"
    wrapper.write("a")
    wrapper.write("b\n")
    wrapper.write("c", ending="")
    assert stream.getvalue() == "a\nb\nc"  # a StringIO is not a terminal: no style

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    styled = OutputWrapper(terminal)
    styled.style_func = lambda text: f"<{text}>"
    styled.write("x")
    assert terminal.getvalue() == "<x\n>"


def test_no_color_and_force_color_exclude_each_other() -> None:
    with pytest.raises(CommandError, match=r"can't be used together"):
        Checked(no_color=True, force_color=True)


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        (handle_extensions, (["html", "js,py", ".py"],), {".html", ".js", ".py"}),
        (normalize_path_patterns, (["a/*", "b", "c/*.txt"],), ["a", "b", "c/*.txt"]),
        (is_ignored_path, ("x/vendor/a.js", ["*/vendor/*.js"]), True),
        (is_ignored_path, ("x/vendor", ["*/vendor/*"]), True),  # a folder pattern
        (is_ignored_path, ("x/.git", [".*"]), True),
        (is_ignored_path, ("x/app.js", ["*.css"]), False),
    ],
)
def test_utils(function: Callable[..., Any], args: tuple[Any, ...], expected: Any) -> None:
    assert function(*args) == expected


def test_random_secret_key() -> None:
    key = get_random_secret_key()
    assert len(key) == 50
    assert key != get_random_secret_key()
