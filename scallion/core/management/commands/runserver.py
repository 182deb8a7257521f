"""``scallion runserver [APP.py] [ADDR:]PORT``: the development server.

WSGI on waitress (multi-threaded HTTP/1.1) by default, or the ASGI application
on uvicorn with ``--asgi``. With autoreload (the default) this process only
supervises: see :mod:`scallion.core.management.autoreload`.

Before serving, the server process imports the settings and the URLconf, runs
the system checks and builds the handler; if any of that fails it serves the
failure's page (:mod:`scallion.core.management.startup_failure`) until a change
fixes it. ``APP.py`` names a single-file app: the file is the settings module
(its ``settings.configure()`` call configures them) and the module watched.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

import scallion
from scallion.core.management import autoreload
from scallion.core.management.base import BaseCommand, CommandError, CommandParser
from scallion.core.management.discovery import (
    SettingsSource,
    apply_settings_source,
    no_settings_message,
)
from scallion.core.management.startup_failure import ChecksFailed, StartupFailure
from scallion.core.servers.basehttp import bind_error_message, development_app, serve_socket

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
            raise CommandError(f"{value!r} has an empty host; write e.g. 0.0.0.0:8000.", 2)
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


def split_targets(targets: list[str]) -> tuple[str | None, str | None]:
    """``[APP.py] [ADDR:]PORT`` in either order -> (app file, addrport)."""
    files = [t for t in targets if t.endswith(".py")]
    others = [t for t in targets if not t.endswith(".py")]
    if len(files) > 1 or len(others) > 1:
        raise CommandError(
            f"Too many arguments: {' '.join(targets)!r}; runserver takes at most one app file "
            "(app.py) and one address (8000 or ADDR:PORT).",
            returncode=2,
        )
    return (files[0] if files else None), (others[0] if others else None)


def app_file_source(name: str, pythonpath: tuple[str, ...] = ()) -> SettingsSource:
    """The settings source of a single-file app: its module, with its folder on sys.path."""
    path = Path(name).resolve()
    if not path.is_file():
        raise CommandError(f"{name} does not exist; pass the path of your app's .py file.")
    module = path.stem
    if not module.isidentifier():
        raise CommandError(
            f"{path.name} cannot be imported as a module: rename it to a valid Python name "
            "(letters, digits and underscores), e.g. app.py.",
            returncode=2,
        )
    found = importlib.util.find_spec(module) if module not in sys.modules else None
    taken = sys.modules.get(module)
    origin = getattr(taken, "__file__", None) if taken else (found.origin if found else None)
    if origin and Path(origin).resolve() != path:
        raise CommandError(
            f"{path.name} has the name of the module {module!r} ({origin}), which it would "
            "hide; rename the file.",
            returncode=2,
        )
    return SettingsSource(module, str(path), (str(path.parent), *pythonpath))


def _validate_ip(host: str, value: str) -> None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise CommandError(f"{host!r} in {value!r} is not an IPv6 address.", returncode=2)


class Command(BaseCommand):
    help = (
        "Start the development server (waitress, or uvicorn with --asgi); it reloads when a "
        ".py file changes."
    )
    # The settings are imported by the server process, where a failure becomes the
    # error page it serves; the supervisor never imports the project.
    requires_settings = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "targets",
            nargs="*",
            metavar="[APP.py] [ADDR:]PORT",
            help="A single-file app to serve instead of a settings module (its "
            "settings.configure() call configures it), and/or PORT or ADDR:PORT to listen "
            f"on (default {DEFAULT_ADDR}:{DEFAULT_PORT}).",
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

    def handle(self, options: argparse.Namespace) -> int:
        app_file, addrport = split_targets(options.targets)
        host, port = parse_addrport(addrport)
        if options.threads < 1:
            raise CommandError("--threads must be at least 1.", returncode=2)
        if app_file is not None:
            if self.settings_source is not None and self.settings_source.origin == "--settings":
                raise CommandError(f"Pass either {app_file} or --settings, not both.", returncode=2)
            inherited = self.settings_source.paths if self.settings_source else ()
            self.settings_source = app_file_source(app_file, inherited)
            apply_settings_source(self.settings_source)
        if not (self.settings_source and self.settings_source.module) and not _configured():
            raise CommandError(no_settings_message())
        sock = autoreload.inherited_socket()
        if sock is not None:  # a server process started by the supervisor
            return self.serve(sock, options)
        try:
            sock = autoreload.bind_socket(host, port)
        except OSError as exc:
            other = "'scallion runserver 8001'"
            raise CommandError(bind_error_message(host, port, exc, other)) from None
        reload = not options.noreload and hasattr(os, "fork")
        if reload:
            try:
                import watchfiles  # noqa: F401
            except ImportError:
                self.stderr.write(
                    "Autoreload needs watchfiles (pip install 'scallion[reload]'); "
                    "serving without it.\n"
                )
                reload = False
        if not reload:
            from scallion.core.management import load_settings

            load_settings(
                self.settings_source.module if self.settings_source else None, self.stderr
            )
            self.banner(host, sock.getsockname()[1], options, reload=False)
            return self.serve(sock, options)
        self.banner(host, sock.getsockname()[1], options, reload=True)
        argv = [sys.executable, "-m", "scallion", "runserver", *self.argv]
        env = dict(os.environ)
        paths = list(self.settings_source.paths if self.settings_source else ())
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        supervisor = autoreload.Supervisor(argv, sock, self.initial_watch(), env, self.stderr)
        return supervisor.run()

    def banner(self, host: str, port: int, options: argparse.Namespace, reload: bool) -> None:
        """What is served where; DEBUG only when this process loaded the settings."""
        shown_host = f"[{host}]" if ":" in host else host
        kind = "ASGI on uvicorn" if options.asgi else "WSGI on waitress"
        module = self.settings_source.module if self.settings_source else None
        debug = ""
        if not reload:
            from scallion.conf import settings

            debug = f", DEBUG={settings.DEBUG}"
        self.write(
            f"scallion {scallion.__version__}, settings {module!r}{debug}, "
            f"autoreload {'on' if reload else 'off'}\n"
            f"Serving {kind} at http://{shown_host}:{port}/ - quit with CONTROL-C."
        )

    def initial_watch(self) -> list[str]:
        """Before any server process reports, watch the settings module's package."""
        roots = []
        module = self.settings_source.module if self.settings_source else None
        top = str(module or "").split(".")[0]
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(top) if top else None
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                origin = Path(spec.origin)
                roots.append(str(origin.parent))
        return roots or [os.getcwd()]

    # -- in the serving process -------------------------------------------------------------

    def serve(self, sock: Any, options: argparse.Namespace) -> int:
        try:
            app = self.build_app(options)
        except CommandError:
            raise
        except Exception as exc:
            return self.serve_failure(StartupFailure.capture(exc), sock, options)
        from scallion.conf import settings

        autoreload.report_ready(debug=bool(settings.DEBUG))
        if options.asgi:
            return self.serve_asgi(app, sock)
        return self.serve_wsgi(app, sock, options.threads)

    def serve_failure(self, failure: StartupFailure, sock: Any, options: argparse.Namespace) -> int:
        """Serve the page of a start-up failure until the supervisor replaces us."""
        from scallion.core.management.requestlog import WSGIRequestLog

        failure.print(self.stderr)
        if not autoreload.under_supervisor():  # --noreload: nothing will change
            if failure.check_messages:
                raise CommandError(
                    f"System check found {len(failure.check_messages)} error(s) (above); fix "
                    "them or pass --skip-checks."
                )
            return 1
        details = failure.show_details(str(sock.getsockname()[0]))
        app = WSGIRequestLog(failure.wsgi_app(details))
        watch = failure.source_dirs()
        if not autoreload.report_ready(failed=True, watch=watch, debug=failure.debug):
            return 1  # a working version keeps serving; this process is being stopped
        return self.serve_wsgi(app, sock, options.threads)

    def build_app(self, options: argparse.Namespace) -> Any:
        """Import the project, check it and build the application; any error surfaces here.

        The order is the order of what a mistake breaks: the settings, then the
        URLconf (and so the views), then the system checks (a bad ``MIDDLEWARE``
        entry is reported as middleware.E001 with its hint), then the handler.
        """
        from scallion.conf import settings
        from scallion.core.management.requestlog import ASGIRequestLog

        if options.asgi:
            try:
                import uvicorn  # noqa: F401
            except ImportError:
                raise CommandError("--asgi needs uvicorn: pip install 'scallion[asgi]'.")
        serve_static = settings.DEBUG and not options.nostatic
        self.load_urlconf()
        if not options.skip_checks:
            self.run_checks()
        if options.asgi:
            from scallion.core.asgi import get_asgi_application

            asgi_app: Any = get_asgi_application()
            if serve_static:
                from scallion.contrib.staticfiles.handlers import ASGIStaticFilesHandler

                asgi_app = ASGIStaticFilesHandler(asgi_app)
            return ASGIRequestLog(asgi_app)
        from scallion.core.wsgi import get_wsgi_application

        return development_app(get_wsgi_application(), bool(serve_static))

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
            self.stderr.write(paint(f"{message.level_name}: ") + str(message) + "\n")
        serious = [m for m in messages if m.is_serious()]
        if serious:
            raise ChecksFailed(serious)

    def serve_wsgi(self, app: Any, sock: Any, threads: int) -> int:
        serve_socket(app, sock, threads)
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


def _configured() -> bool:
    """Settings configured in code (by a script or a test) need no settings module."""
    from scallion.conf import settings

    return settings.configured
