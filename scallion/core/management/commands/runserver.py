"""``scallion runserver [ADDR:]PORT``: the development server.

WSGI on waitress (multi-threaded HTTP/1.1) by default, or the ASGI application
on uvicorn with ``--asgi``. With autoreload (the default) this process only
supervises: see :mod:`scallion.core.management.autoreload`.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType
from typing import IO, Any, cast

import scallion
from scallion.core.management import autoreload
from scallion.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_ADDR = "127.0.0.1"
DEFAULT_PORT = 8000


def parse_addrport(value: str | None) -> tuple[str, int]:
    """``8000``, ``0.0.0.0:8000``, ``[::1]:8000``, ``localhost:8000`` -> (host, port)."""
    if not value:
        return DEFAULT_ADDR, DEFAULT_PORT
    host, port_text = DEFAULT_ADDR, value
    if value.startswith("["):
        end = value.find("]")
        if end == -1 or value[end + 1 : end + 2] not in (":", ""):
            raise CommandError(f"{value!r} is not a valid [IPv6]:PORT address.", returncode=2)
        host, port_text = value[1:end], value[end + 2 :] or str(DEFAULT_PORT)
        _validate_ip(host, value)
    elif ":" in value:
        host, port_text = value.rsplit(":", 1)
        if ":" in host:
            raise CommandError(
                f"{value!r}: write an IPv6 address in brackets, e.g. [::1]:8000.", returncode=2
            )
        if not host:
            raise CommandError(
                f"{value!r} has an empty host; write e.g. 0.0.0.0:8000.", returncode=2
            )
    elif not value.isdigit():
        raise CommandError(
            f"{value!r} is not a port number or an address:port pair "
            "(examples: 8000, 0.0.0.0:8000, [::1]:8000).",
            returncode=2,
        )
    if host == "0":
        host = "0.0.0.0"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise CommandError(f"{port_text!r} is not a valid port number (1-65535).", returncode=2)
    if ":" not in host and not all(part.isalnum() for part in host.replace("-", ".").split(".")):
        raise CommandError(f"{host!r} is not a valid host name or IP address.", returncode=2)
    return host, int(port_text)


def _validate_ip(host: str, value: str) -> None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise CommandError(f"{host!r} in {value!r} is not an IPv6 address.", returncode=2)


class Command(BaseCommand):
    # The checks run in the serving process, after the project is imported.
    requires_system_checks: list[str] = []
    help = (
        "Start the development server (waitress, or uvicorn with --asgi); it reloads when a "
        ".py file changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport",
            nargs="?",
            help=f"PORT or ADDR:PORT to listen on (default {DEFAULT_ADDR}:{DEFAULT_PORT}).",
        )
        parser.add_argument(
            "--noreload", action="store_true", help="Do not restart the server on code changes."
        )
        parser.add_argument(
            "--asgi", action="store_true", help="Serve the ASGI application with uvicorn."
        )
        parser.add_argument(
            "--nostatic", action="store_true", help="Do not serve static files in DEBUG."
        )
        parser.add_argument(
            "--skip-checks", action="store_true", help="Do not run the system checks first."
        )
        parser.add_argument(
            "--threads", type=int, default=8, help="Worker threads for waitress (default 8)."
        )

    def handle(self, *args: Any, **options: Any) -> int:
        host, port = parse_addrport(options["addrport"])
        if options["threads"] < 1:
            raise CommandError("--threads must be at least 1.", returncode=2)
        sock = autoreload.inherited_socket()
        if sock is not None:  # a server process started by the supervisor
            return self.serve(sock, options)
        try:
            sock = autoreload.bind_socket(host, port)
        except OSError as exc:
            raise CommandError(self.bind_error(host, port, exc))
        self.banner(host, sock.getsockname()[1], options)
        if options["noreload"] or not hasattr(os, "fork"):
            return self.serve(sock, options)
        try:
            import watchfiles  # noqa: F401
        except ImportError:
            self.stderr.write(
                "Autoreload needs watchfiles (pip install 'scallion[reload]'); "
                "serving without it.\n"
            )
            return self.serve(sock, options)
        argv = [sys.executable, "-m", "scallion", "runserver", *self.argv]
        env = dict(os.environ)
        paths = list(self.settings_source.paths if self.settings_source else ())
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        supervisor = autoreload.Supervisor(
            argv, sock, self.initial_watch(), env, cast(IO[str], self.stderr)
        )
        return supervisor.run()

    def bind_error(self, host: str, port: int, exc: OSError) -> str:
        if exc.errno == errno.EADDRINUSE:
            return (
                f"Port {port} on {host} is already in use; stop the other server or pick "
                "another port, e.g. 'scallion runserver 8001'."
            )
        if exc.errno == errno.EACCES:
            return f"Permission denied binding {host}:{port}; ports below 1024 need privileges."
        if exc.errno == errno.EADDRNOTAVAIL:
            return f"{host} is not an address of this machine."
        return f"Cannot listen on {host}:{port}: {exc.strerror or exc}."

    def banner(self, host: str, port: int, options: dict[str, Any]) -> None:
        from scallion.conf import settings

        shown_host = f"[{host}]" if ":" in host else host
        kind = "ASGI on uvicorn" if options["asgi"] else "WSGI on waitress"
        reload = "off" if options["noreload"] else "on"
        self.write(
            f"scallion {scallion.__version__}, settings {settings.SETTINGS_MODULE!r}, "
            f"DEBUG={settings.DEBUG}, autoreload {reload}\n"
            f"Serving {kind} at http://{shown_host}:{port}/ - quit with CONTROL-C."
        )

    def initial_watch(self) -> list[str]:
        """Before any server process reports, watch the settings module's package."""
        import importlib.util

        from scallion.conf import settings

        roots = []
        top = str(settings.SETTINGS_MODULE or "").split(".")[0]
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(top) if top else None
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                origin = Path(spec.origin)
                roots.append(str(origin.parent))
        return roots or [os.getcwd()]

    # -- in the serving process -------------------------------------------------------------

    def serve(self, sock: Any, options: dict[str, Any]) -> int:
        try:
            app = self.build_app(options)
        except CommandError:
            raise
        except Exception:
            traceback.print_exc(file=self.stderr)
            return 1
        autoreload.report_ready()
        if options["asgi"]:
            return self.serve_asgi(app, sock)
        return self.serve_wsgi(app, sock, options["threads"])

    def build_app(self, options: dict[str, Any]) -> Any:
        """Import the project and build the application; any error surfaces here."""
        from scallion.conf import settings
        from scallion.core.management.requestlog import ASGIRequestLog, WSGIRequestLog

        serve_static = settings.DEBUG and not options["nostatic"]
        if options["asgi"]:
            try:
                import uvicorn  # noqa: F401
            except ImportError:
                raise CommandError("--asgi needs uvicorn: pip install 'scallion[asgi]'.")
            try:
                from scallion.core.asgi import get_asgi_application
            except ImportError as exc:
                raise CommandError(f"--asgi needs scallion.core.asgi, which is missing: {exc}.")
            asgi_app: Any = get_asgi_application()
            self.load_urlconf()
            if not options["skip_checks"]:
                self.run_checks()
            if serve_static:
                asgi_app = wrap_static(asgi_app, asgi=True)
            return ASGIRequestLog(asgi_app)
        from scallion.core.wsgi import get_wsgi_application

        wsgi_app: Any = get_wsgi_application()
        self.load_urlconf()
        if not options["skip_checks"]:
            self.run_checks()
        if serve_static:
            wsgi_app = wrap_static(wsgi_app, asgi=False)
        return WSGIRequestLog(wsgi_app)

    def load_urlconf(self) -> None:
        """Import ROOT_URLCONF (and so the views) now, not on the first request."""
        from scallion.conf import settings

        if getattr(settings, "ROOT_URLCONF", None):
            from scallion.urls import get_resolver

            get_resolver().url_patterns  # noqa: B018

    def run_checks(self) -> None:
        from scallion.core import checks

        messages = [m for m in checks.run_checks() if not m.is_silenced()]
        for message in messages:
            paint = self.error_style.ERROR if message.is_serious() else self.error_style.WARNING
            self.stderr.write(paint(f"{message.level_name}: ") + str(message))
        serious = [m for m in messages if m.is_serious()]
        if serious:
            raise CommandError(
                f"System check found {len(serious)} error(s) (above); fix them or pass "
                "--skip-checks."
            )

    def serve_wsgi(self, app: Any, sock: Any, threads: int) -> int:
        from waitress.server import create_server

        server = create_server(
            app,
            sockets=[sock],
            threads=threads,
            ident="scallion",
            clear_untrusted_proxy_headers=True,
        )
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            server.run()
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            server.close()
        return 0

    def serve_asgi(self, app: Any, sock: Any) -> int:
        import uvicorn

        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto")
        server = uvicorn.Server(config)
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        return 0


def wrap_static(app: Any, asgi: bool) -> Any:
    """Serve STATIC_URL from the source directories in DEBUG (the WSGI or ASGI handler)."""
    from scallion.contrib.staticfiles.handlers import ASGIStaticFilesHandler, StaticFilesHandler

    return ASGIStaticFilesHandler(app) if asgi else StaticFilesHandler(app)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
