"""``scallion collectstatic``: copy static files into STATIC_ROOT (hashed, with a manifest).

The work is done by :func:`scallion.contrib.staticfiles.collect.collect`; this
command maps options onto it and reports. As Django's does, it asks for
confirmation before writing into (or, with ``--clear``, emptying) a
``STATIC_ROOT`` that already holds files, unless ``--noinput`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys

from scallion.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Collect static files from STATICFILES_DIRS and packages into STATIC_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clear", action="store_true", help="Delete existing files in STATIC_ROOT first."
        )
        parser.add_argument(
            "--no-hash", action="store_true", help="Do not write content-hashed copies."
        )
        parser.add_argument(
            "--no-compress", action="store_true", help="Do not write .gz/.br variants."
        )
        parser.add_argument(
            "-i",
            "--ignore",
            action="append",
            default=[],
            dest="ignore_patterns",
            metavar="PATTERN",
            help="Ignore files, folders or paths matching this glob-style pattern (repeatable).",
        )
        parser.add_argument(
            "--no-default-ignore",
            action="store_false",
            dest="use_default_ignore_patterns",
            help="Do not ignore the private patterns 'CVS', '.*' and '*~'.",
        )
        parser.add_argument("-v", "--verbose", action="store_true", help="List each file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do NOT prompt the user for input of any kind (for scripts and deployments).",
        )

    def handle(self, options: argparse.Namespace) -> int:
        from scallion.conf import settings

        if not settings.STATIC_ROOT:
            raise CommandError(
                "The STATIC_ROOT setting is not set: name the directory to collect into, e.g. "
                'STATIC_ROOT = BASE_DIR / "staticfiles".'
            )
        root = os.fspath(settings.STATIC_ROOT)
        if options.interactive and _holds_files(root):
            self.confirm(root, options.clear)
        try:
            from scallion.contrib.staticfiles.collect import collect
            from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS
        except ImportError as exc:
            raise CommandError(f"collectstatic needs scallion.contrib.staticfiles: {exc}.")
        ignore_patterns = list(options.ignore_patterns)
        if options.use_default_ignore_patterns:
            ignore_patterns += DEFAULT_IGNORE_PATTERNS
        result = collect(
            ignore_patterns=tuple(dict.fromkeys(ignore_patterns)),
            clear=options.clear,
            hashed=not options.no_hash,
            compress=not options.no_compress,
            log=self.write if options.verbose else None,
        )
        count = len(result.copied)
        plural = "" if count == 1 else "s"
        summary = f"{count} static file{plural} copied to {result.static_root}"
        if result.hashed:
            summary += f", {len(result.hashed)} hashed (manifest {result.manifest_path})"
        if result.skipped:
            summary += f"; {len(result.skipped)} skipped (found earlier by another finder)"
        self.write(self.style.SUCCESS(summary + "."))
        return 0

    def confirm(self, root: str, clear: bool) -> None:
        """Django's question; anything but ``yes`` (or no input at all) cancels."""
        warning = (
            "This will DELETE ALL FILES in this location!"
            if clear
            else "This will overwrite existing files!"
        )
        self.stdout.write(
            "\nYou have requested to collect static files at the destination\n"
            "location as specified in your settings:\n\n"
            f"    {root}\n\n"
            f"{warning}\n"
            "Are you sure you want to do this?\n\n"
            "Type 'yes' to continue, or 'no' to cancel: "
        )
        self.stdout.flush()
        answer = sys.stdin.readline()
        if answer.rstrip("\r\n") != "yes":
            raise CommandError("Collecting static files cancelled.")


def _holds_files(root: str) -> bool:
    try:
        with os.scandir(root) as entries:
            return any(True for _ in entries)
    except OSError:
        return False
