"""Autoreload: a supervisor that swaps server processes only once new code imports.

The supervisor (the ``runserver`` process itself) binds the listening socket
and never imports the project. Each server process inherits the socket, imports
the project, builds the application, then reports readiness (and the source
directories it loaded) over a pipe. On a change under those directories the
supervisor starts a new server process beside the current one; only when the
new one reports ready is the old one stopped, so a syntax error in a view
prints its traceback while the previous version keeps answering requests.
Connections arriving during the swap wait in the shared socket's backlog.
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
STOP_TIMEOUT = 5.0


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


def report_ready() -> None:
    """In a server process: tell the supervisor the project imported and what to watch."""
    fd = os.environ.pop(READY_FD_VARIABLE, None)
    if not fd:
        return
    payload = json.dumps({"ready": True, "watch": source_roots()}) + "\n"
    with contextlib.suppress(OSError), os.fdopen(int(fd), "w") as pipe:
        pipe.write(payload)


class ServerProcess:
    """One child server process and the read end of its readiness pipe."""

    def __init__(self, argv: list[str], sock: socket.socket, env: dict[str, str]) -> None:
        read_fd, write_fd = os.pipe()
        child_env = {
            **env,
            LISTEN_FD_VARIABLE: str(sock.fileno()),
            READY_FD_VARIABLE: str(write_fd),
        }
        try:
            self.process = subprocess.Popen(
                argv, env=child_env, pass_fds=(sock.fileno(), write_fd), close_fds=True
            )
        finally:
            os.close(write_fd)
        self.ready_pipe = os.fdopen(read_fd, "r")
        self.watch: list[str] = []
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
                        return bool(message.get("ready"))
            self.process.wait(timeout=STOP_TIMEOUT)
            return False
        except (subprocess.TimeoutExpired, ValueError, OSError):
            return False
        finally:
            self.ready_pipe.close()

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
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
        self._watcher: Any = None
        self._watched: list[str] = []

    def say(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def start_server(self) -> bool:
        """Start a new server process; make it current if it becomes ready."""
        candidate = ServerProcess(self.argv, self.sock, self.env)
        if candidate.wait_ready(self.stop_event):
            previous, self.current = self.current, candidate
            if previous is not None:
                previous.stop()
            self.watch = sorted(set(self.watch) | set(candidate.watch))
            return True
        candidate.stop()
        return False

    def run(self) -> int:
        import watchfiles

        previous_handler = signal.signal(signal.SIGTERM, self._on_sigterm)
        try:
            if not self.start_server():
                self.say("The project failed to start (error above). Waiting for a change...")
            while not self.stop_event.is_set():
                changes = self._wait_for_change(watchfiles)
                if not changes:
                    continue
                names = ", ".join(sorted({Path(p).name for p in changes})[:3])
                self.say(f"Changed: {names}. Restarting...")
                if self.start_server():
                    self.say("Reloaded.")
                elif self.current is not None and self.current.alive():
                    self.say(
                        "The new code failed to start (error above); the previous version "
                        "is still serving."
                    )
                else:
                    self.say("The project failed to start (error above). Waiting for a change...")
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous_handler)
            if self.current is not None:
                self.current.stop()
            self.sock.close()
        return 0

    def _wait_for_change(self, watchfiles: Any) -> set[str]:
        """Block until a .py file under the watched directories changes (or we stop).

        One watcher lives across restarts, so edits made while a new server
        process starts are reported next time. A watcher is replaced only when
        the directories change; the first (empty) tick of a new watcher is
        followed by a scan for files modified since the current process
        started, which closes the gap between the two watchers.
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
            if scan and self.current is not None:
                scan = False
                changed = modified_since(roots, self.current.started_at)
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


def modified_since(roots: list[str], moment: float) -> set[str]:
    """The .py files under ``roots`` modified after ``moment`` (a time.time() value)."""
    changed: set[str] = set()
    for root in roots:
        for path in Path(root).rglob("*.py"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime > moment:
                    changed.add(str(path))
    return changed
