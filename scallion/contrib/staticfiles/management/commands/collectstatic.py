"""``collectstatic``: copy (or link) every static file into the ``staticfiles`` storage.

Django's command and options: the finders list the files (the first finder to
have a name wins; later ones are skipped and counted), unmodified files are
skipped, ``--clear`` empties the destination first, ``--link`` symlinks
instead of copying, and the storage's ``post_process()`` (hashing, the
manifest, compression) runs last. Before writing into a destination that
holds files it asks for confirmation unless ``--noinput``; an answer that is
not ``yes`` (or no input at all) cancels.
"""

from __future__ import annotations

import os
import platform
from functools import cached_property
from typing import Any

from scallion.apps import apps
from scallion.contrib.staticfiles.finders import get_finders
from scallion.contrib.staticfiles.storage import staticfiles_storage
from scallion.contrib.staticfiles.utils import DEFAULT_IGNORE_PATTERNS
from scallion.core.checks import Tags
from scallion.core.files.storage import FileSystemStorage, Storage
from scallion.core.management.base import BaseCommand, CommandError, CommandParser
from scallion.core.management.color import no_style


class Command(BaseCommand):
    help = "Collect static files in a single location."
    requires_system_checks = [Tags.staticfiles]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.copied_files: list[str] = []
        self.symlinked_files: list[str] = []
        self.unmodified_files: list[str] = []
        self.post_processed_files: list[str] = []
        self.skipped_files: list[str] = []
        self.deleted_files: list[str] = []
        self.storage: Any = staticfiles_storage
        self.style = no_style()

    @cached_property
    def local(self) -> bool:
        """True when the destination storage is on this machine's disk."""
        try:
            self.storage.path("")
        except NotImplementedError:
            return False
        return True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do NOT prompt the user for input of any kind.",
        )
        parser.add_argument(
            "--no-post-process",
            action="store_false",
            dest="post_process",
            help="Do NOT post process collected files.",
        )
        parser.add_argument(
            "-i",
            "--ignore",
            action="append",
            default=[],
            dest="ignore_patterns",
            metavar="PATTERN",
            help="Ignore files or directories matching this glob-style pattern. Use multiple "
            "times to ignore more.",
        )
        parser.add_argument(
            "-n",
            "--dry-run",
            action="store_true",
            help="Do everything except modify the filesystem.",
        )
        parser.add_argument(
            "-c",
            "--clear",
            action="store_true",
            help="Clear the existing files using the storage before trying to copy or link the "
            "original file.",
        )
        parser.add_argument(
            "-l",
            "--link",
            action="store_true",
            help="Create a symbolic link to each file instead of copying.",
        )
        parser.add_argument(
            "--no-default-ignore",
            action="store_false",
            dest="use_default_ignore_patterns",
            help="Don't ignore the common private glob-style patterns (defaults to 'CVS', '.*' "
            "and '*~').",
        )

    def set_options(self, **options: Any) -> None:
        self.interactive = options["interactive"]
        self.verbosity = options["verbosity"]
        self.symlink = options["link"]
        self.clear = options["clear"]
        self.dry_run = options["dry_run"]
        ignore_patterns = list(options["ignore_patterns"])
        if options["use_default_ignore_patterns"]:
            ignore_patterns += _default_ignore_patterns()
        self.ignore_patterns = list({os.path.normpath(p) for p in ignore_patterns})
        self.post_process = options["post_process"]

    def collect(self) -> dict[str, list[str]]:
        """Copy or link every file, then post-process; what happened, by kind."""
        if self.symlink and not self.local:
            raise CommandError("Can't symlink to a remote destination.")
        if self.clear:
            self.clear_dir("")
        handler = self.link_file if self.symlink else self.copy_file
        found_files: dict[str, tuple[Storage, str]] = {}
        for finder in get_finders():
            for path, storage in finder.list(self.ignore_patterns):
                prefix = getattr(storage, "prefix", None)
                prefixed_path = os.path.join(prefix, path) if prefix else path
                if prefixed_path not in found_files:
                    found_files[prefixed_path] = (storage, path)
                    handler(path, prefixed_path, storage)
                else:
                    self.skipped_files.append(prefixed_path)
                    self.log(
                        f"Found another file with the destination path '{prefixed_path}'. It "
                        "will be ignored since only the first encountered file is collected. If "
                        "this is not what you want, make sure every static file has a unique "
                        "path.",
                        level=2,
                    )
        if self.post_process and hasattr(self.storage, "post_process"):
            processor = self.storage.post_process(found_files, dry_run=self.dry_run)
            for original_path, processed_path, processed in processor:
                if isinstance(processed, Exception):
                    self.stderr.write(f"Post-processing '{original_path}' failed!")
                    self.stderr.write()
                    message = str(processed)
                    if hasattr(processed, "__notes__"):
                        message += "\n" + "\n".join(processed.__notes__)
                    raise CommandError(message) from processed
                if processed:
                    self.log(f"Post-processed '{original_path}' as '{processed_path}'", level=2)
                    self.post_processed_files.append(original_path)
                else:
                    self.log(f"Skipped post-processing '{original_path}'")
        return {
            "modified": self.copied_files + self.symlinked_files,
            "unmodified": self.unmodified_files,
            "post_processed": self.post_processed_files,
            "skipped": self.skipped_files,
            "deleted": self.deleted_files,
        }

    def handle(self, *args: Any, **options: Any) -> str | None:
        self.set_options(**options)
        message = ["\n"]
        if self.dry_run:
            message.append(
                "You have activated the --dry-run option so no files will be modified.\n\n"
            )
        message.append(
            "You have requested to collect static files at the destination\n"
            "location as specified in your settings"
        )
        if self.is_local_storage() and self.storage.location:
            destination_path = self.storage.location
            message.append(f":\n\n    {destination_path}\n\n")
            should_warn_user = self.storage.exists(destination_path) and any(
                self.storage.listdir(destination_path)
            )
        else:
            destination_path = None
            message.append(".\n\n")
            should_warn_user = True  # nothing known about the destination: ask
        if self.interactive and should_warn_user:
            message.append(
                "This will DELETE ALL FILES in this location!\n"
                if self.clear
                else "This will overwrite existing files!\n"
            )
            message.append(
                "Are you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: "
            )
            try:
                answer = input("".join(message))
            except EOFError:  # no input at all (a script that forgot --noinput)
                answer = ""
            if answer != "yes":
                raise CommandError("Collecting static files cancelled.")
        collected = self.collect()
        if self.verbosity < 1:
            return None
        return self.summary(collected, destination_path)

    def summary(self, collected: dict[str, list[str]], destination_path: str | None) -> str:
        def count(n: int, what: str) -> str:
            return f"{n} {what}{'' if n == 1 else 's'}"

        deleted = len(collected["deleted"])
        text = "\n"
        if deleted:
            text += f"{count(deleted, 'static file')} deleted, "
        text += count(len(collected["modified"]), "static file")
        text += " symlinked" if self.symlink else " copied"
        if destination_path:
            text += f" to '{destination_path}'"
        if collected["unmodified"]:
            text += f", {len(collected['unmodified'])} unmodified"
        if collected["post_processed"]:
            text += f", {len(collected['post_processed'])} post-processed"
        if collected["skipped"]:
            text += f", {len(collected['skipped'])} skipped due to conflict"
        return text + "."

    def log(self, msg: str, level: int = 2) -> None:
        if self.verbosity >= level:
            self.stdout.write(msg)

    def is_local_storage(self) -> bool:
        return isinstance(self.storage, FileSystemStorage)

    def clear_dir(self, path: str) -> None:
        """Delete every file under ``path`` in the destination (broken links too)."""
        if not self.storage.exists(path):
            return
        dirs, files = self.storage.listdir(path)
        for name in files:
            fpath = os.path.join(path, name)
            self.deleted_files.append(fpath)
            if self.dry_run:
                self.log(f"Pretending to delete '{fpath}'", level=2)
                continue
            self.log(f"Deleting '{fpath}'", level=2)
            try:
                full_path = self.storage.path(fpath)
            except NotImplementedError:
                self.storage.delete(fpath)
            else:
                if not os.path.exists(full_path) and os.path.lexists(full_path):
                    os.unlink(full_path)  # a broken symlink
                else:
                    self.storage.delete(fpath)
        for name in dirs:
            self.clear_dir(os.path.join(path, name))

    def delete_file(self, path: str, prefixed_path: str, source_storage: Storage) -> bool:
        """Remove the destination's copy unless it is up to date; False to skip the file."""
        if not self.storage.exists(prefixed_path):
            return True
        if self._is_unmodified(path, prefixed_path, source_storage):
            if prefixed_path not in self.unmodified_files:
                self.unmodified_files.append(prefixed_path)
            self.log(f"Skipping '{path}' (not modified)")
            return False
        if self.dry_run:
            self.log(f"Pretending to delete '{path}'")
        else:
            self.log(f"Deleting '{path}'")
            self.storage.delete(prefixed_path)
        return True

    def _is_unmodified(self, path: str, prefixed_path: str, source_storage: Storage) -> bool:
        try:
            target_modified = self.storage.get_modified_time(prefixed_path)
            source_modified = source_storage.get_modified_time(path)
        except (OSError, NotImplementedError):
            return False
        if self.local:
            # A copy where a link is wanted (or the reverse) must be replaced.
            full_path = self.storage.path(prefixed_path)
            if self.symlink ^ os.path.islink(full_path):
                return False
        # Whole seconds: file systems keep different precisions.
        return bool(
            target_modified.replace(microsecond=0) >= source_modified.replace(microsecond=0)
        )

    def link_file(self, path: str, prefixed_path: str, source_storage: Storage) -> None:
        if prefixed_path in self.symlinked_files:
            self.log(f"Skipping '{path}' (already linked earlier)")
            return
        if not self.delete_file(path, prefixed_path, source_storage):
            return
        source_path = source_storage.path(path)
        if self.dry_run:
            self.log(f"Pretending to link '{source_path}'", level=1)
        else:
            self.log(f"Linking '{source_path}'", level=2)
            full_path = self.storage.path(prefixed_path)
            os.makedirs(os.path.dirname(full_path), exist_ok=True)
            try:
                if os.path.lexists(full_path):
                    os.unlink(full_path)
                os.symlink(source_path, full_path)
            except NotImplementedError:
                raise CommandError(
                    f"Symlinking is not supported in this platform ({platform.platform()})."
                ) from None
            except OSError as exc:
                raise CommandError(exc) from exc
        if prefixed_path not in self.symlinked_files:
            self.symlinked_files.append(prefixed_path)

    def copy_file(self, path: str, prefixed_path: str, source_storage: Storage) -> None:
        if prefixed_path in self.copied_files:
            self.log(f"Skipping '{path}' (already copied earlier)")
            return
        if not self.delete_file(path, prefixed_path, source_storage):
            return
        source_path = source_storage.path(path)
        if self.dry_run:
            self.log(f"Pretending to copy '{source_path}'", level=1)
        else:
            self.log(f"Copying '{source_path}'", level=2)
            with source_storage.open(path) as source_file:
                self.storage.save(prefixed_path, source_file)
        self.copied_files.append(prefixed_path)


def _default_ignore_patterns() -> list[str]:
    """The staticfiles app config's ``ignore_patterns`` (Django's defaults when not installed)."""
    try:
        config = apps.get_app_config("staticfiles")
    except LookupError:
        return list(DEFAULT_IGNORE_PATTERNS)
    return list(getattr(config, "ignore_patterns", DEFAULT_IGNORE_PATTERNS))
