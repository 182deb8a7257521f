"""Single-file apps: served for real, reloaded on edit, templates with no TEMPLATES setting."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.management.conftest import clean_env, stop_process_group
from tests.management.test_project_end_to_end import edit, readme_app

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30.0


@pytest.mark.server
def test_single_file_app_over_real_http(free_port: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "examples" / "single_file.py"), str(free_port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        response = None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{free_port}/?name=onion", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert response is not None, proc.stdout.read().decode() if proc.stdout else ""
        assert response.status_code == 200
        assert response.text == "Hello, onion!"
        assert response.headers["server"] == "scallion"
        assert response.headers["server-timing"].startswith("app;dur=")
        item = httpx.get(f"http://127.0.0.1:{free_port}/items/21/", timeout=2)
        assert item.json() == {"id": 21, "double": 42}
        missing = httpx.get(f"http://127.0.0.1:{free_port}/nope/", timeout=2)
        assert missing.status_code == 404
    finally:
        stop_process_group(proc)
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture
def script(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Path]]]:
    """``script(path, *args)``: ``python path args`` in its own process group, logged."""
    started: list[subprocess.Popen[bytes]] = []

    def start(path: Path, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"{path.stem}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, path.name, *args],
                cwd=path.parent,
                env=clean_env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(proc)
        return proc, log

    yield start
    for proc in started:
        stop_process_group(proc)


def wait_for(url: str, predicate: Callable[[httpx.Response], bool], log: Path) -> httpx.Response:
    deadline = time.monotonic() + WAIT
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=5)
        except httpx.TransportError as exc:
            last = repr(exc)
        else:
            if predicate(response):
                return response
            last = f"{response.status_code} {response.text[:200]!r}"
        time.sleep(0.1)
    pytest.fail(f"{url}: timed out; last {last}\nlog:\n{log.read_text()}")


def wait_for_log(log: Path, text: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if text in log.read_text():
            return
        time.sleep(0.1)
    pytest.fail(f"{text!r} not in the log:\n{log.read_text()}")


@pytest.mark.server
def test_python_app_py_reloads_on_edit_and_logs_requests(
    tmp_path: Path, free_port: int, script: Callable[..., tuple[subprocess.Popen[bytes], Path]]
) -> None:
    """The README's one-file app under ``python app.py``: what `runserver` gives a project."""
    code = readme_app()
    assert "run(get_wsgi_application())" in code
    app = tmp_path / "app.py"
    app.write_text(
        code.replace(
            "run(get_wsgi_application())", f"run(get_wsgi_application(), port={free_port})"
        )
    )
    _, log = script(app)
    url = f"http://127.0.0.1:{free_port}/items/21/"
    assert wait_for(url, lambda r: r.status_code == 200, log).json() == {"id": 21}
    wait_for_log(log, "GET /items/21/ 200")  # one line per request
    assert "autoreload on" in log.read_text()

    edit(
        app, 'return JsonResponse({"id": item_id})', 'return JsonResponse({"id": item_id, "v": 2})'
    )
    assert wait_for(url, lambda r: "v" in r.json(), log).json() == {"id": 21, "v": 2}
    wait_for_log(log, "Reloaded.")

    # A broken edit: its traceback is printed, the previous version keeps serving.
    edit(app, "def item(request, item_id):", "def item(request, item_id)")
    wait_for_log(log, "the previous version is still serving")
    assert "SyntaxError" in log.read_text()
    assert httpx.get(url, timeout=5).json() == {"id": 21, "v": 2}


def test_templates_render_without_a_templates_setting(tmp_path: Path) -> None:
    """No TEMPLATES: Jinja2, with templates/ beside the app's file; render_string too."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "hello.html").write_text(
        "<p>Hello, {{ name }} at {{ request.path }}</p>"
    )
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from scallion.conf import settings
            from scallion.shortcuts import render, render_string
            from scallion.test import Client
            from scallion.urls import path

            settings.configure(SECRET_KEY="k" * 50, ROOT_URLCONF=__name__)

            def hello(request):
                return render(request, "hello.html", {"name": "<Ada>"})

            def inline(request):
                return render_string(request, "<b>{{ n * 2 }}</b>", {"n": 21})

            urlpatterns = [path("", hello), path("inline/", inline)]

            client = Client()
            page = client.get("/").content
            assert page == b"<p>Hello, &lt;Ada&gt; at /</p>", page
            assert client.get("/inline/").content == b"<b>42</b>"
            print("ok")
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_an_explicit_empty_templates_setting_means_no_engine(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from scallion.conf import settings
            from scallion.template import engines

            settings.configure(SECRET_KEY="k" * 50, ROOT_URLCONF=__name__, TEMPLATES=[])
            urlpatterns = []
            assert engines.all() == [], engines.all()
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
