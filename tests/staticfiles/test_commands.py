"""collectstatic's options (link, dry run, ignore, unmodified files) and findstatic."""

from __future__ import annotations

import io
import os
import time

import pytest

from scallion.core.management import call_command
from scallion.core.management.base import CommandError
from scallion.test import override_settings
from tests.staticfiles.conftest import StaticTree


def collectstatic(**options: object) -> str:
    out = io.StringIO()
    call_command("collectstatic", interactive=False, stdout=out, **options)
    return out.getvalue()


def test_summary_counts_copied_skipped_and_unmodified(tree: StaticTree) -> None:
    (tree.src / "vendor").mkdir()
    (tree.src / "vendor" / "lib.js").write_text("from src\n")
    first = collectstatic()
    assert "static files copied to" in first and "1 skipped due to conflict" in first
    second = collectstatic(verbosity=1)
    assert "0 static files copied" in second and "unmodified" in second
    verbose = collectstatic(verbosity=2)
    assert "Skipping 'css/site.css' (not modified)" in verbose
    assert "Found another file with the destination path 'vendor/lib.js'" in verbose


def test_a_newer_source_is_copied_again(tree: StaticTree) -> None:
    collectstatic()
    source = tree.src / "css" / "reset.css"
    later = time.time() + 10
    source.write_text("* { padding: 0; }\n")
    os.utime(source, (later, later))
    assert "Copying" in collectstatic(verbosity=2)
    assert (tree.root / "css" / "reset.css").read_text() == "* { padding: 0; }\n"


def test_link_makes_symlinks_and_a_copy_replaces_them(tree: StaticTree) -> None:
    out = collectstatic(link=True)
    assert "symlinked" in out
    assert os.path.islink(tree.root / "css" / "site.css")
    collectstatic()
    assert not os.path.islink(tree.root / "css" / "site.css")


def test_dry_run_writes_nothing(tree: StaticTree) -> None:
    out = collectstatic(dry_run=True, verbosity=1)
    assert "Pretending to copy" in out
    assert not tree.root.exists() or not any(tree.root.iterdir())


def test_ignore_patterns_and_no_default_ignore(tree: StaticTree) -> None:
    collectstatic(ignore_patterns=["*.js"])
    assert not (tree.root / "js" / "app.js").exists()
    assert (tree.root / "css" / "site.css").exists()
    assert not (tree.root / ".hidden").exists()
    collectstatic(use_default_ignore_patterns=False)
    assert (tree.root / ".hidden").exists() and (tree.root / "backup~").exists()


def test_clear_with_verbosity_names_each_deletion(tree: StaticTree) -> None:
    tree.root.mkdir()
    (tree.root / "stale.txt").write_text("x")
    out = collectstatic(clear=True, verbosity=2)
    assert "Deleting 'stale.txt'" in out and "1 static file deleted" in out
    assert not (tree.root / "stale.txt").exists()


def test_post_processing_failures_stop_the_command(tree: StaticTree) -> None:
    (tree.src / "css" / "broken.css").write_text("a { background: url(nope.png); }\n")
    storages = {
        "staticfiles": {
            "BACKEND": "scallion.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        }
    }
    with override_settings(STORAGES=storages), pytest.raises(CommandError) as raised:
        collectstatic(stderr=io.StringIO())
    assert "The file 'css/nope.png' could not be found" in str(raised.value)
    assert "'css/broken.css' contains this reference 'url(nope.png)'" in str(raised.value)


def test_findstatic(tree: StaticTree) -> None:
    found = call_command("findstatic", "css/site.css", verbosity=1, stdout=io.StringIO())
    assert found == f"Found 'css/site.css' here:\n  {tree.src / 'css' / 'site.css'}"
    quiet = call_command("findstatic", "css/site.css", verbosity=0, stdout=io.StringIO())
    assert quiet == str(tree.src / "css" / "site.css")
    verbose = call_command("findstatic", "css/site.css", verbosity=2, stdout=io.StringIO())
    assert "Looking in the following locations:" in verbose and str(tree.vendor) in verbose
    err = io.StringIO()
    assert call_command("findstatic", "nope.css", stdout=io.StringIO(), stderr=err) == ""
    assert "No matching file found for 'nope.css'." in err.getvalue()
    with pytest.raises(CommandError, match=r"Enter at least one staticfile\."):
        call_command("findstatic")
