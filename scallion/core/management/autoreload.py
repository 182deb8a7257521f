"""Autoreload: a supervisor that swaps server processes only once new code imports.

The supervisor (the ``runserver`` process itself, or the first process of a
single-file app's ``run()``) binds the listening socket and never imports the
project. Each server process inherits the socket, imports the project, builds
the application, then reports readiness (and the source directories it loaded)
over a pipe. On a change under those directories the supervisor starts a new
server process beside the current one; only when the new one reports ready is
the old one stopped, so a syntax error in a view prints its traceback while the
previous version keeps answering requests. Connections arriving during the swap
wait in the shared socket's backlog.

A server process whose project fails to start reports that it *failed* and
waits: when no working version is serving, the supervisor lets it serve the
error page of the failure to every request (and replaces it on the next change);
when one is, it is stopped and the working version keeps serving. When no
server process is serving at all (one exited before it could report), the
supervisor answers each connection itself with a short 503, so a request never
hangs in the backlog.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import FrameType
from typing import IO, Any

LISTEN_FD_VARIABLE = "SCALLION_RUNSERVER_FD"
READY_FD_VARIABLE = "SCALLION_RUNSERVER_READY_FD"
GO_FD_VARIABLE = "SCALLION_RUNSERVER_GO_FD"
STOP_TIMEOUT = 5.0
#: How long the supervisor's own answer waits for a request's head (seconds).
FALLBACK_READ_TIMEOUT = 1.0
FALLBACK_PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    b"<title>The server is not running</title></head><body>"
    b"<h1>The server is not running</h1><p>Its process stopped before it could serve "
    b"(the error is in the terminal where the server runs). Fix it and save a file: the "
    b"server restarts by itself.</p></body></html>"
)


def source_roots(modules: Iterable[Any] | None = None) -> list[str]:
    """The directories holding the loaded, non-installed Python modules.

    The standard library and installed packages (anything under the
    interpreter's prefixes or a site-packages directory) are left out: they do
    not change while you work, and watching them would be costly.
    """
    if modules is None:
        modules = list(sys.modules.values())
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    dirs: set[Path] = set()
    for module in modules:
        filename = getattr(module, "__file__", None)
        if not filename or not filename.endswith(".py"):
            continue
        path = Path(filename).resolve()
        if "site-packages" in path.parts or "dist-packages" in path.parts:
            continue
        if any(path.is_relative_to(prefix) for prefix in prefixes):
            continue
        dirs.add(path.parent)
    roots: list[Path] = []
    for directory in sorted(dirs, key=lambda d: len(d.parts)):
        if not any(directory.is_relative_to(root) for root in roots):
            roots.append(directory)
    return sorted(str(root) for root in roots)


def bind_socket(host: str, port: int) -> socket.socket:
    """The listening socket the server processes share (inheritable)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def inherited_socket() -> socket.socket | None:
    """In a server process: the supervisor's listening socket, if there is one."""
    fd = os.environ.get(LISTEN_FD_VARIABLE)
    if not fd:
        return None
    return socket.socket(fileno=int(fd))


def report_ready(
    failed: bool = False, watch: Iterable[str] = (), debug: bool | None = None
) -> bool:
    """In a server process: tell the supervisor we can serve, and what to watch.

    ``failed`` says the project did not start and this process would serve its
    error page; it then waits for the supervisor's decision and returns True if
    it should serve (False: it is about to be stopped). Without a supervisor
    (``--noreload``) nothing is reported and the answer is True.
    """
    fd = os.environ.pop(READY_FD_VARIABLE, None)
    go_fd = os.environ.pop(GO_FD_VARIABLE, None)
    if not fd:
        return True
    message = {
        "ready": True,
        "failed": failed,
        "debug": debug,
        "watch": sorted({*source_roots(), *watch}),
    }
    with contextlib.suppress(OSError), os.fdopen(int(fd), "w") as pipe:
        pipe.write(json.dumps(message) + "\n")
    if not failed or not go_fd:
        return True
    try:
        with os.fdopen(int(go_fd), "rb") as pipe:
            return pipe.read(3) == b"go\n"
    except OSError:
        return False


def under_supervisor() -> bool:
    """True in a server process started by the supervisor (it can wait for a change)."""
    return bool(os.environ.get(READY_FD_VARIABLE))


class ServerProcess:
    """One child server process and the read end of its readiness pipe."""

    def __init__(self, argv: list[str], sock: socket.socket, env: dict[str, str]) -> None:
        read_fd, write_fd = os.pipe()
        go_read_fd, go_write_fd = os.pipe()
        child_env = {
            **env,
            LISTEN_FD_VARIABLE: str(sock.fileno()),
            READY_FD_VARIABLE: str(write_fd),
            GO_FD_VARIABLE: str(go_read_fd),
        }
        try:
            self.process = subprocess.Popen(
                argv,
                env=child_env,
                pass_fds=(sock.fileno(), write_fd, go_read_fd),
                close_fds=True,
            )
        except BaseException:
            os.close(go_write_fd)
            raise
        finally:
            os.close(write_fd)
            os.close(go_read_fd)
        self.ready_pipe = os.fdopen(read_fd, "r")
        self.go_pipe: IO[bytes] | None = os.fdopen(go_write_fd, "wb")
        self.watch: list[str] = []
        #: True when the project failed to start and the process offers its error page.
        self.failed = False
        self.debug: bool | None = None
        #: Files changed after this moment may not be in the process's code.
        self.started_at = time.time()

    def wait_ready(self, stop: threading.Event) -> bool:
        """True once the process reports ready; False if it exits (or we stop) first."""
        buffer = ""
        try:
            while not stop.is_set():
                readable, _, _ = select.select([self.ready_pipe], [], [], 0.2)
                if readable:
                    chunk = self.ready_pipe.readline()
                    if not chunk:  # the process closed the pipe: it exited or is exiting
                        break
                    buffer += chunk
                    if buffer.endswith("\n"):
                        message = json.loads(buffer)
                        self.watch = [str(p) for p in message.get("watch", [])]
                        self.failed = bool(message.get("failed"))
                        self.debug = message.get("debug")
                        return bool(message.get("ready"))
            self.process.wait(timeout=STOP_TIMEOUT)
            return False
        except (subprocess.TimeoutExpired, ValueError, OSError):
            return False
        finally:
            self.ready_pipe.close()

    def go(self) -> None:
        """Let a process that reported a failure serve its error page."""
        if self.go_pipe is None:
            return
        with contextlib.suppress(OSError):
            self.go_pipe.write(b"go\n")
            self.go_pipe.flush()
        self._close_go_pipe()

    def _close_go_pipe(self) -> None:
        if self.go_pipe is not None:
            with contextlib.suppress(OSError):
                self.go_pipe.close()
            self.go_pipe = None

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self._close_go_pipe()  # a failed process waiting for "go" reads EOF and exits
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Supervisor:
    """Runs server processes and restarts them on source changes."""

    def __init__(
        self,
        argv: list[str],
        sock: socket.socket,
        initial_watch: list[str],
        env: dict[str, str] | None = None,
        stream: IO[str] | None = None,
    ) -> None:
        self.argv = argv
        self.sock = sock
        self.watch = sorted(set(initial_watch))
        self.env = dict(os.environ if env is None else env)
        self.stream = stream or sys.stderr
        self.stop_event = threading.Event()
        self.current: ServerProcess | None = None
        #: True while a candidate process starts: connections then wait in the backlog.
        self.starting = False
        #: When the last server process started: files changed later may not be in its code.
        self.code_time: float | None = None
        self._watcher: Any = None
        self._watched: list[str] = []

    def say(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def serving(self) -> bool:
        """True when a server process is current and alive (it answers the socket)."""
        return self.current is not None and self.current.alive()

    def start_server(self) -> str:
        """Start a new server process and decide whether it becomes the current one.

        Returns ``"ready"`` (the new code serves), ``"failed"`` (the project failed
        to start and, with no working version to keep, its error page serves),
        ``"kept"`` (it failed and the previous working version keeps serving) or
        ``"exited"`` (the process stopped before it could serve).
        """
        self.starting = True
        try:
            candidate = ServerProcess(self.argv, self.sock, self.env)
            self.code_time = candidate.started_at
            if not candidate.wait_ready(self.stop_event):
                candidate.stop()
                return "exited"
            self.watch = sorted(set(self.watch) | set(candidate.watch))
            working = self.serving() and self.current is not None and not self.current.failed
            if candidate.failed and working:
                candidate.stop()
                return "kept"
            previous, self.current = self.current, candidate
            if previous is not None:
                previous.stop()
            if candidate.failed:
                candidate.go()
                return "failed"
            return "ready"
        finally:
            self.starting = False

    def report(self, outcome: str, first: bool) -> None:
        if outcome == "ready":
            if first and self.current is not None and self.current.debug is not None:
                self.say(f"Started (DEBUG={self.current.debug}).")
            elif not first:
                self.say("Reloaded.")
        elif outcome == "failed":
            self.say(
                "The project failed to start (error above): every request gets the error "
                "page until you fix it. Waiting for a change..."
            )
        elif self.serving():
            self.say(
                "The new code failed to start (error above); the previous version is still serving."
            )
        else:
            self.say(
                "The server process stopped before it could serve (error above); requests "
                "get a 503 until you fix it. Waiting for a change..."
            )

    def run(self) -> int:
        import watchfiles

        previous_handler = signal.signal(signal.SIGTERM, self._on_sigterm)
        # Started after the first server process: until then, connections wait.
        fallback = threading.Thread(target=self._answer_while_nothing_serves, daemon=True)
        try:
            self.report(self.start_server(), first=True)
            fallback.start()
            while not self.stop_event.is_set():
                changes = self._wait_for_change(watchfiles)
                if not changes:
                    continue
                names = ", ".join(sorted({Path(p).name for p in changes})[:3])
                self.say(f"Changed: {names}. Restarting...")
                self.report(self.start_server(), first=False)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop_event.set()
            signal.signal(signal.SIGTERM, previous_handler)
            if self.current is not None:
                self.current.stop()
            if fallback.is_alive():
                fallback.join(timeout=STOP_TIMEOUT)
            self.sock.close()
        return 0

    def _answer_while_nothing_serves(self) -> None:
        """Answer connections with a 503 while no server process is there to take them."""
        while not self.stop_event.is_set():
            if self.starting or self.serving():
                self.stop_event.wait(0.1)
                continue
            try:
                readable, _, _ = select.select([self.sock], [], [], 0.1)
                if not readable:
                    continue
                # Non-blocking: a server process may take the connection first.
                self.sock.setblocking(False)
                connection, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                continue
            except (OSError, ValueError):  # the socket was closed: we are stopping
                return
            with connection:
                answer_not_running(connection)

    def _wait_for_change(self, watchfiles: Any) -> set[str]:
        """Block until a .py file under the watched directories changes (or we stop).

        One watcher lives across restarts, so edits made while a new server
        process starts are reported next time. A watcher is replaced only when
        the directories change; the first (empty) tick of a new watcher is
        followed by a scan for files modified since the last server process
        started (whether or not it is serving), which closes the gap between
        the two watchers.
        """
        roots = [root for root in self.watch if Path(root).is_dir()] or [os.getcwd()]
        scan = False
        if self._watcher is None or roots != self._watched:
            self._watched = roots
            self._watcher = iter(
                watchfiles.watch(
                    *roots,
                    watch_filter=watchfiles.PythonFilter(),
                    stop_event=self.stop_event,
                    yield_on_timeout=True,
                    rust_timeout=500,
                    debounce=200,
                    raise_interrupt=True,
                )
            )
            scan = True
        for batch in self._watcher:
            if batch:
                return {path for _, path in batch}
            if scan and self.code_time is not None:
                scan = False
                changed = modified_since(roots, self.code_time)
                if changed:
                    return changed
            if self.current is not None and not self.current.alive():
                code = self.current.process.returncode
                self.current = None
                self.say(f"The server process exited (code {code}). Waiting for a change...")
        return set()

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        self.stop_event.set()
        raise KeyboardInterrupt


def answer_not_running(connection: socket.socket) -> None:
    """Read the request head (bounded in time and size), then answer 503 and close."""
    connection.setblocking(True)
    connection.settimeout(FALLBACK_READ_TIMEOUT)
    received = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in received and len(received) < 65536:
            chunk = connection.recv(8192)
            if not chunk:
                break
            received += chunk
    head = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(FALLBACK_PAGE)}\r\nRetry-After: 1\r\n"
        "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
    ).encode()
    with contextlib.suppress(OSError):
        connection.sendall(head + FALLBACK_PAGE)
        connection.shutdown(socket.SHUT_WR)


def modified_since(roots: list[str], moment: float) -> set[str]:
    """The .py files under ``roots`` modified after ``moment`` (a time.time() value)."""
    changed: set[str] = set()
    for root in roots:
        for path in Path(root).rglob("*.py"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime > moment:
                    changed.add(str(path))
    return changed
