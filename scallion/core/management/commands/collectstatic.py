"""``scallion collectstatic``: copy static files into STATIC_ROOT (hashed, with a manifest).

The work is done by :func:`scallion.contrib.staticfiles.collect.collect`; this
command maps options onto it and reports.
"""

from __future__ import annotations

import argparse

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
        parser.add_argument("-v", "--verbose", action="store_true", help="List each file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Accepted for Django compatibility; this command never prompts.",
        )

    def handle(self, options: argparse.Namespace) -> int:
        from scallion.conf import settings

        if not settings.STATIC_ROOT:
            raise CommandError(
                "The STATIC_ROOT setting is not set: name the directory to collect into, e.g. "
                'STATIC_ROOT = BASE_DIR / "staticfiles".'
            )
        try:
            from scallion.contrib.staticfiles.collect import collect
        except ImportError as exc:
            raise CommandError(f"collectstatic needs scallion.contrib.staticfiles: {exc}.")
        result = collect(
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
