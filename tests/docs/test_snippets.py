"""The code the docs show runs: marked snippets are executed, tutorial code matches its files.

Markers, an HTML comment on the line just before a fenced block:

- ``<!-- test -->``: the block is a self-contained script; it runs in a fresh
  interpreter (cwd = an empty temporary directory) and must exit with status 0.
- ``<!-- test: pytest -->``: the block is a test module; ``pytest`` runs it there.
- ``<!-- test: serve /path -->``: the block is an app that serves itself on the
  port given as its first argument; it must answer ``/path`` with 200.
- ``<!-- file: NAME -->``: the block is written to NAME in the directory of the next
  runnable block of the page (settings modules, pyproject.toml...).

The tutorial has markers of its own (which file each block creates or changes, what
each step's pages answer); ``test_tutorial.py`` follows them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TIMEOUT = 120

_BLOCK = re.compile(
    r"^<!-- (?P<marker>[a-z]+)(?::\s*(?P<arg>[^>]*?))?\s*-->\n"
    r"```(?P<lang>[\w+-]*)\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class Snippet:
    page: str
    line: int
    kind: str  # "script", "pytest" or "serve"
    code: str
    arg: str = ""
    files: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def marked_blocks(page: str) -> list[tuple[int, str, str, str]]:
    """(line, marker, argument, code) of each marked fenced block of a page."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m["marker"], (m["arg"] or "").strip(), m["code"])
        for m in _BLOCK.finditer(text)
    ]


def runnable_snippets(page: str) -> list[Snippet]:
    snippets: list[Snippet] = []
    pending: dict[str, str] = {}
    for line, marker, arg, code in marked_blocks(page):
        if marker == "file":
            pending[arg] = code
        elif marker == "test":
            kind, _, rest = arg.partition(" ")
            kind = kind or "script"
            assert kind in {"script", "pytest", "serve"}, (
                f"{page}:{line}: unknown test kind {arg!r}"
            )
            snippets.append(Snippet(page, line, kind, code, rest.strip(), pending))
            pending = {}
    assert not pending, f"{page}: files {sorted(pending)} are not followed by a runnable block"
    return snippets


PAGES = ["quickstart.md", "testing.md", "middleware.md", "templates.md"]
# Pages where every Python block must be runnable or say why not.
FULLY_CHECKED = ["quickstart.md", "testing.md"]
SNIPPETS = [snippet for page in PAGES for snippet in runnable_snippets(page)]


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("SETTINGS_MODULE")}
    env.pop("PYTHONPATH", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_and_fetch(script: Path, path: str, cwd: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(script), str(port)],
        cwd=cwd,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                    assert r.status == 200
                    return
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        process.terminate()
        output = process.communicate(timeout=10)[0].decode(errors="replace")
        pytest.fail(f"{script.name} did not answer {path} with 200:\n{output}")
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.id for s in SNIPPETS])
def test_snippet_runs(snippet: Snippet, tmp_path: Path) -> None:
    for name, content in snippet.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    if snippet.kind == "serve":
        script = tmp_path / "app.py"
        script.write_text(snippet.code)
        serve_and_fetch(script, snippet.arg or "/", tmp_path)
        return
    if snippet.kind == "pytest":
        (tmp_path / "test_snippet.py").write_text(snippet.code)
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ]
    else:
        (tmp_path / "snippet.py").write_text(snippet.code)
        command = [sys.executable, "snippet.py"]
    result = subprocess.run(
        command, cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, (
        f"{snippet.id} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    )


def test_pages_keep_their_runnable_snippets() -> None:
    """A marker lost in an edit would silently stop a snippet being checked."""
    counts = {page: sum(s.page == page for s in SNIPPETS) for page in PAGES}
    assert counts["quickstart.md"] >= 2, counts
    assert counts["testing.md"] >= 5, counts
    assert counts["middleware.md"] >= 3, counts
    assert counts["templates.md"] >= 1, counts


def test_every_python_block_of_the_checked_pages_is_marked() -> None:
    for page in FULLY_CHECKED:
        text = (DOCS / page).read_text(encoding="utf-8")
        for match in re.finditer(r"^```python\n", text, re.MULTILINE):
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            line = text.count("\n", 0, match.start()) + 1
            assert before.startswith(("<!-- test", "<!-- file:", "<!-- fragment -->")), (
                f"{page}:{line}: mark the block <!-- test -->, or <!-- fragment --> if it "
                "cannot run on its own"
            )
