"""The tutorial, followed step by step: the project it builds runs after every step.

docs/tutorial.md says what to do with each code block in an HTML comment on the
line before it (invisible on the rendered page; the block's title names the file):

- ``<!-- write: PATH -->``: create PATH (relative to the project folder) with the block;
- ``<!-- append: PATH -->``: add the block at the end of PATH, after a blank line (two
  before a Python function or class);
- ``<!-- insert: PATH before LINE -->``: add the block's lines before the first line of
  PATH that reads LINE (indentation aside);
- ``<!-- replace: PATH NAME -->``: put the block in place of the top-level function or
  class NAME of PATH (its decorators included);
- ``<!-- serve -->``: the command that starts the development server (a ``sh`` block);
- ``<!-- run: "TEXT" -->``: commands (a ``sh`` block) that must succeed, their output
  holding TEXT.

Comments of their own say what a step's pages answer once its edits are made:
``<!-- check: GET /path 200 "text" header:Name -->`` (the body holds each quoted text,
the response each named header); ``POST /path a=1&b=2`` sends a form with the CSRF
token of the page at the same path.

The tests apply every block in a fresh directory outside the repository: once without
a server, to check that the result is ``examples/`` (so the repository's showcase is
the tutorial's app, line for line), and once step by step under ``scallion
runserver``, which reloads after each step's edits while the checks poll the pages.
"""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.management.conftest import clean_env, stop_process_group

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"
EXAMPLES = ROOT / "examples"
#: Files of examples/ the tutorial does not build.
NOT_FROM_THE_TUTORIAL = {"single_file.py"}
WAIT = 45.0

_MARKED = re.compile(
    r"^<!-- (?P<marker>write|append|insert|replace|serve|run)(?::\s*(?P<arg>.*?))?\s*-->\n"
    r"```(?P<info>[^\n]*)\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_CHECK = re.compile(r"^<!-- check: (?P<spec>.*?) -->$", re.MULTILINE)
_STEP = re.compile(r"^## (?P<number>\d+)\. (?P<title>.*)$", re.MULTILINE)


@dataclass
class Edit:
    line: int
    kind: str  # write, append, insert, replace
    path: str
    code: str
    anchor: str = ""  # insert: the line to insert before; replace: the definition's name


@dataclass
class Check:
    line: int
    method: str
    path: str
    status: int
    form: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)


@dataclass
class Step:
    number: int
    title: str
    edits: list[Edit] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    serve: list[str] = field(default_factory=list)
    runs: list[tuple[int, str, str]] = field(default_factory=list)  # (line, commands, text)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse_check(line: int, spec: str) -> Check:
    words = shlex.split(spec)
    method, path = words[0], words[1]
    rest = words[2:]
    form: dict[str, str] = {}
    if method == "POST" and rest and not rest[0].isdigit():
        form = dict(parse_qsl(rest[0], keep_blank_values=True))
        rest = rest[1:]
    check = Check(line, method, path, int(rest[0]), form)
    for word in rest[1:]:
        if word.startswith("header:"):
            check.headers.append(word.removeprefix("header:"))
        else:
            check.texts.append(word)
    return check


def parse_steps(text: str | None = None) -> list[Step]:
    text = TUTORIAL.read_text(encoding="utf-8") if text is None else text
    starts = [(m.start(), int(m["number"]), m["title"]) for m in _STEP.finditer(text)]
    steps = []
    for index, (start, number, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        section = text[start:end]
        step = Step(number, title)
        for match in _MARKED.finditer(section):
            line = line_of(text, start + match.start())
            marker, arg, code = match["marker"], (match["arg"] or "").strip(), match["code"]
            title_match = re.search(r'title="([^"]*)"', match["info"])
            if marker in ("serve", "run"):
                if marker == "serve":
                    step.serve = code.splitlines()
                else:
                    step.runs.append((line, code, arg.strip('"')))
                continue
            if marker == "insert":
                path, _, anchor = arg.partition(" before ")
            elif marker == "replace":
                path, _, anchor = arg.partition(" ")
            else:
                path, anchor = arg, ""
            assert title_match and title_match[1] == path, (
                f"tutorial.md:{line}: the block's title must name {path!r}, the file it edits"
            )
            step.edits.append(Edit(line, marker, path, code, anchor.strip()))
        for match in _CHECK.finditer(section):
            step.checks.append(parse_check(line_of(text, start + match.start()), match["spec"]))
        steps.append(step)
    return steps


def apply(edit: Edit, root: Path) -> None:
    target = root / edit.path
    where = f"tutorial.md:{edit.line}"
    if edit.kind == "write":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit.code, encoding="utf-8")
        return
    assert target.is_file(), f"{where}: {edit.path} does not exist yet"
    text = target.read_text(encoding="utf-8")
    if edit.kind == "append":
        # PEP 8: two blank lines before a function or class, one between other statements.
        definition = edit.code.startswith(("def ", "async def ", "class ", "@"))
        gap = "\n\n\n" if target.suffix == ".py" and definition else "\n\n"
        target.write_text(text.rstrip("\n") + gap + edit.code, encoding="utf-8")
    elif edit.kind == "insert":
        lines = text.splitlines(keepends=True)
        index = next((i for i, line in enumerate(lines) if line.strip() == edit.anchor), None)
        assert index is not None, f"{where}: no line {edit.anchor!r} in {edit.path}"
        lines[index:index] = [edit.code]
        target.write_text("".join(lines), encoding="utf-8")
    elif edit.kind == "replace":
        tree = ast.parse(text)
        node = next(
            (
                n
                for n in tree.body
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and n.name == edit.anchor
            ),
            None,
        )
        assert node is not None, f"{where}: no top-level {edit.anchor!r} in {edit.path}"
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        assert node.end_lineno is not None
        lines = text.splitlines(keepends=True)
        lines[first : node.end_lineno] = [edit.code]
        target.write_text("".join(lines), encoding="utf-8")
    else:  # pragma: no cover - the regex admits no other kind
        raise AssertionError(edit.kind)


def built_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_step_edits_files_and_says_what_its_pages_answer() -> None:
    steps = parse_steps()
    assert [step.number for step in steps] == list(range(1, len(steps) + 1))
    assert len(steps) >= 12
    for step in steps:
        assert step.edits, f"step {step.number} ({step.title}) changes no file"
        assert step.checks or step.runs, f"step {step.number} checks nothing"
    assert steps[0].serve, "step 1 shows the command that starts the server"


def test_following_the_tutorial_gives_the_examples_showcase(tmp_path: Path) -> None:
    """Every block applied in order gives examples/ exactly: nothing added, nothing left out."""
    for step in parse_steps():
        for edit in step.edits:
            apply(edit, tmp_path)
    built = built_files(tmp_path)
    examples = {
        name: text
        for name, text in built_files(EXAMPLES).items()
        if name not in NOT_FROM_THE_TUTORIAL and not name.startswith("showcase_staticfiles/")
    }
    assert sorted(built) == sorted(examples), "the tutorial and examples/ hold different files"
    for name, text in built.items():
        assert text == examples[name], (
            f"following the tutorial gives another examples/{name}; update the one or the other"
        )


def test_parsing_the_markers() -> None:
    text = (
        '## 1. One\n\n<!-- insert: a/b.py before ] -->\n```python title="a/b.py"\n    x,\n```\n'
        '<!-- check: POST /f/ a=1&b=two%20words 400 "bad input" header:X-Y -->\n'
        '<!-- run: "3 passed" -->\n```sh\npython -m pytest\n```\n'
    )
    [step] = parse_steps(text)
    [edit] = step.edits
    assert (edit.kind, edit.path, edit.anchor, edit.code) == ("insert", "a/b.py", "]", "    x,\n")
    [check] = step.checks
    assert (check.method, check.path, check.status) == ("POST", "/f/", 400)
    assert check.form == {"a": "1", "b": "two words"}
    assert check.texts == ["bad input"] and check.headers == ["X-Y"]
    assert step.runs == [(8, "python -m pytest\n", "3 passed")]


# Step by step, under the development server ----------------------------------------------


def command(line: str) -> list[str]:
    """A command of the tutorial, run with this interpreter (``scallion`` is its module)."""
    words = shlex.split(line.split("#", 1)[0])
    if words[0] == "scallion":
        return [sys.executable, "-m", "scallion", *words[1:]]
    if words[0] == "python":
        return [sys.executable, *words[1:]]
    raise AssertionError(f"the tutorial runs {words[0]!r}, which this test does not know")


def environment() -> dict[str, str]:
    """A child's environment with nothing of this test run, nor the repository on its path."""
    env = clean_env()
    env.pop("PYTHONPATH", None)
    return env


def answer(client: httpx.Client, base: str, check: Check) -> str:
    """'' when the page answers as the check says, else what it answered instead."""
    url = base + check.path
    try:
        if check.method == "POST":
            page = client.get(url)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            form = {**check.form, "csrfmiddlewaretoken": token[1] if token else ""}
            response = client.post(url, data=form)
        else:
            response = client.request(check.method, url)
    except httpx.HTTPError as exc:
        return repr(exc)
    problems = []
    if response.status_code != check.status:
        problems.append(f"status {response.status_code}")
    problems += [f"no {text!r} in the body" for text in check.texts if text not in response.text]
    problems += [f"no {name} header" for name in check.headers if name not in response.headers]
    return "; ".join(problems) + (f": {response.text[:300]!r}" if problems else "")


@pytest.mark.server
def test_the_project_runs_and_its_pages_answer_after_every_step(
    tmp_path: Path, free_port: int
) -> None:
    project = tmp_path / "showcase-tutorial"
    project.mkdir()
    log_path = tmp_path / "runserver.log"
    server: subprocess.Popen[bytes] | None = None
    base = f"http://127.0.0.1:{free_port}"
    try:
        with log_path.open("wb") as log, httpx.Client(timeout=10) as client:
            for step in parse_steps():
                for edit in step.edits:
                    apply(edit, project)
                if server is None:
                    [serve_line] = [line for line in steps_serve(step) if line.strip()]
                    server = subprocess.Popen(
                        [*command(serve_line), f"127.0.0.1:{free_port}"],
                        cwd=project,
                        env=environment(),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                wait_until_the_step_answers(step, client, base, server, log_path)
                for line, commands, expected in step.runs:
                    run_commands(line, commands, expected, project)
        # Each step's files are written in the order the text gives them, so even the
        # states in between (the reloader may start on any of them) are projects that start.
        log_text = log_path.read_text()
        assert "failed to start" not in log_text, log_text
    finally:
        if server is not None:
            stop_process_group(server)


def steps_serve(step: Step) -> list[str]:
    assert step.serve, f"step {step.number}: the server must be started by step 1"
    return step.serve


def wait_until_the_step_answers(
    step: Step,
    client: httpx.Client,
    base: str,
    server: subprocess.Popen[bytes],
    log_path: Path,
) -> None:
    """Poll until every check of the step passes (the server reloads on its own)."""
    deadline = time.monotonic() + WAIT
    failures: list[str] = []
    while time.monotonic() < deadline:
        assert server.poll() is None, f"runserver exited:\n{log_path.read_text()}"
        client.cookies.clear()
        failures = [
            f"tutorial.md:{check.line}: {check.method} {check.path}: {problem}"
            for check in step.checks
            if (problem := answer(client, base, check))
        ]
        if not failures:
            return
        time.sleep(0.25)
    pytest.fail(
        f"After step {step.number} ({step.title}):\n"
        + "\n".join(failures)
        + f"\n\nrunserver's log:\n{log_path.read_text()[-4000:]}"
    )


def run_commands(line: int, commands: str, expected: str, project: Path) -> None:
    output = ""
    for text in commands.splitlines():
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        result = subprocess.run(
            command(text),
            cwd=project,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        output += result.stdout + result.stderr
        assert result.returncode == 0, f"tutorial.md:{line}: {text!r} failed:\n{output}"
    assert expected in output, f"tutorial.md:{line}: no {expected!r} in:\n{output}"
