"""The first ten minutes, for real: startproject, its tests, runserver, edit, reload.

Every server runs in its own process group on a free loopback port and is
killed (group-wide) when the test ends, pass or fail. Waits are bounded polls.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.management.conftest import REPO, clean_env, stop_process_group

pytestmark = pytest.mark.server

WAIT = 30.0


class Server:
    def __init__(self, argv: list[str], cwd: Path, port: int, log: Path) -> None:
        self.port = port
        self.log_path = log
        self.log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scallion", "runserver", f"127.0.0.1:{port}", *argv],
            cwd=cwd,
            env=clean_env(),
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def wait_for(self, path: str, predicate: Callable[[str], bool]) -> str:
        """Poll until the body satisfies ``predicate``; fail with the server log otherwise."""
        deadline = time.monotonic() + WAIT
        body = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"runserver exited ({self.process.returncode}):\n{self.log}")
            try:
                _, body = self.get(path)
            except OSError:
                body = ""
            if predicate(body):
                return body
            time.sleep(0.2)
        pytest.fail(f"Timed out waiting on {path}; last body {body[:200]!r}\nlog:\n{self.log}")

    def wait_for_log(self, text: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if text in self.log:
                return
            time.sleep(0.1)
        pytest.fail(f"Timed out waiting for {text!r} in the log:\n{self.log}")

    def stop(self) -> None:
        stop_process_group(self.process)
        self.log_file.close()


@pytest.fixture
def start_server(tmp_path: Path, free_port: int) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(cwd: Path, *argv: str) -> Server:
        server = Server(list(argv), cwd, free_port, tmp_path / f"server{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def write_mini_project(root: Path) -> Path:
    """A project without middleware or templates: only what runserver itself needs."""
    package = root / "mini"
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.scallion]\nsettings = "mini.settings"\n')
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(
        "DEBUG = True\nSECRET_KEY = 'k' * 64\nROOT_URLCONF = 'mini.urls'\nLOGGING_CONFIG = None\n"
    )
    (package / "urls.py").write_text(
        "from scallion.urls import path\nfrom mini import views\n"
        "urlpatterns = [path('', views.home)]\n"
    )
    views = package / "views.py"
    views.write_text(
        "from scallion.http import HttpResponse\n\n"
        "def home(request):\n    return HttpResponse('version one')\n"
    )
    return views


def readme_app() -> str:
    """The README's "A whole app in one file", as written there."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## A whole app in one file", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_reload_keeps_the_old_server_until_the_new_code_imports(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    views = write_mini_project(tmp_path / "proj")
    server = start_server(tmp_path / "proj")
    server.wait_for("/", lambda body: body == "version one")
    # The line is written when the server closes the body, just after sending it.
    server.wait_for_log(" GET / 200 11 B ")

    edit(views, "version one", "version two")
    server.wait_for("/", lambda body: body == "version two")

    # A syntax error: the traceback is printed and the previous version keeps serving.
    edit(views, "def home(request):", "def home(request:")
    server.wait_for_log("the previous version is still serving")
    assert "SyntaxError" in server.log
    assert server.get("/") == (200, "version two")

    edit(views, "def home(request:", "def home(request):")
    edit(views, "version two", "version three")
    server.wait_for("/", lambda body: body == "version three")


def test_noreload_and_asgi(tmp_path: Path, start_server: Callable[..., Server]) -> None:
    write_mini_project(tmp_path / "proj")
    server = start_server(tmp_path / "proj", "--noreload", "--asgi")
    server.wait_for("/", lambda body: body == "version one")
    assert "ASGI on uvicorn" in server.log
    assert "autoreload off" in server.log
    server.wait_for_log(" GET / 200 11 B ")


def test_startproject_tests_runserver_and_reload(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    created = subprocess.run(
        [sys.executable, "-m", "scallion", "startproject", "mysite"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert created.returncode == 0, created.stderr
    project = tmp_path / "mysite"

    # The generated tests pass with no flag and no environment variable.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout

    checked = subprocess.run(
        [sys.executable, "-m", "scallion", "check"],
        cwd=project / "mysite",  # a subdirectory: pyproject.toml is found upwards
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout

    server = start_server(project)
    page = server.wait_for("/", lambda body: "mysite is running" in body)
    assert 'href="/static/css/site.css"' in page
    assert 'id="scallion-trace"' in page  # the development settings turn the trace on
    assert server.get("/static/css/site.css")[0] == 200

    edit(project / "mysite" / "views.py", "Hello from", "Reloaded hello from")
    body = server.wait_for("/api/hello/", lambda body: "Reloaded" in body)
    assert body == '{"message": "Reloaded hello from mysite"}'


def first_answer(server: Server, path: str = "/") -> tuple[int, str, float]:
    """The first answer to ``path`` (status, body, seconds since the server started)."""
    started = time.monotonic()
    deadline = started + WAIT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"runserver exited ({server.process.returncode}):\n{server.log}")
        try:
            status, body = server.get(path)
        except OSError:  # not listening yet
            time.sleep(0.05)
            continue
        return status, body, time.monotonic() - started
    pytest.fail(f"No answer on {path}:\n{server.log}")


def test_settings_that_raise_get_the_error_page_then_the_fix_serves(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    write_mini_project(tmp_path / "proj")
    settings = tmp_path / "proj" / "mini" / "settings.py"
    good = settings.read_text()
    settings.write_text(good + "raise ValueError('a mistake in the settings')\n")
    server = start_server(tmp_path / "proj")
    status, body, seconds = first_answer(server)
    assert status == 500 and seconds < 5, (status, seconds, server.log)
    assert "<h1>The project failed to start</h1>" in body
    assert "ValueError: a mistake in the settings" in body
    assert "mini/settings.py" in body  # the frame that raised, in the traceback
    server.wait_for_log("every request gets the error page until you fix it")
    assert "ValueError: a mistake in the settings" in server.log

    settings.write_text(good)
    server.wait_for("/", lambda body: body == "version one")


def test_checks_run_before_serving_and_show_their_message(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    write_mini_project(tmp_path / "proj")
    settings = tmp_path / "proj" / "mini" / "settings.py"
    good = settings.read_text()
    settings.write_text(good + "MIDDLEWARE = ['mini.no_such_module.Middleware']\n")
    server = start_server(tmp_path / "proj")
    status, body, seconds = first_answer(server)
    assert status == 500 and seconds < 5
    assert "(middleware.E001)" in body and "mini.no_such_module.Middleware" in body
    assert "HINT: Fix the dotted path (package.module.ClassName) or remove the entry." in body
    server.wait_for_log("every request gets the error page")
    assert "ERROR: (middleware.E001)" in server.log
    assert "Traceback" not in server.log  # the check's message, not a raw traceback

    settings.write_text(good)
    server.wait_for("/", lambda body: body == "version one")


def test_a_urlconf_that_fails_later_keeps_the_working_version_and_without_debug_hides_details(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    write_mini_project(tmp_path / "proj")
    settings = tmp_path / "proj" / "mini" / "settings.py"
    settings.write_text(
        settings.read_text().replace("DEBUG = True", "DEBUG = False")
        + "ALLOWED_HOSTS = ['127.0.0.1']\n"
    )
    urls = tmp_path / "proj" / "mini" / "urls.py"
    good = urls.read_text()
    urls.write_text("raise RuntimeError('the URLconf is broken')\n")
    server = start_server(tmp_path / "proj")
    status, body, _ = first_answer(server)
    assert status == 500 and "The project failed to start" in body
    assert "RuntimeError" not in body and "Traceback" not in body  # DEBUG is off
    assert "RuntimeError: the URLconf is broken" in server.log

    urls.write_text(good)
    server.wait_for("/", lambda body: body == "version one")
    urls.write_text(good + "raise RuntimeError('broken again')\n")
    server.wait_for_log("the previous version is still serving")
    assert server.get("/") == (200, "version one")


def test_a_server_process_that_dies_before_serving_is_answered_with_a_503(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    write_mini_project(tmp_path / "proj")
    settings = tmp_path / "proj" / "mini" / "settings.py"
    good = settings.read_text()
    settings.write_text("import os\n\nos._exit(3)\n")
    server = start_server(tmp_path / "proj")
    status, body, seconds = first_answer(server)
    assert status == 503 and seconds < 5
    assert "The server is not running" in body
    settings.write_text(good)
    server.wait_for("/", lambda body: body == "version one")


@pytest.mark.server
def test_scallion_runserver_app_py(
    tmp_path: Path, free_port: int, start_server: Callable[..., Server]
) -> None:
    """`scallion runserver app.py`: the file's configure() call is its settings (DEBUG on)."""
    (tmp_path / "app.py").write_text(readme_app())
    server = start_server(tmp_path, "app.py")
    server.wait_for("/items/5/", lambda body: body == '{"id": 5}')
    status, body = server.get("/no-such-page/")
    assert status == 404 and "Page not found" in body and "items/&lt;int:item_id&gt;/" in body
    assert "settings 'app'" in server.log and "Started (DEBUG=True)." in server.log
    edit(tmp_path / "app.py", '{"id": item_id}', '{"id": item_id, "v": 3}')
    server.wait_for("/items/5/", lambda body: body == '{"id": 5, "v": 3}')
