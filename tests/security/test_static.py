"""Private files that land in STATIC_ROOT are not served, through both edges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scallion.test import override_settings
from tests.http.hostile.edges import Request

from .conftest import DEFAULT_MIDDLEWARE, Serve

MIDDLEWARE = ["scallion.middleware.staticfiles.StaticFilesMiddleware", *DEFAULT_MIDDLEWARE]
PRIVATE = {
    ".env": b"SECRET_KEY=do-not-serve",
    ".git/config": b"[remote] url = git@private",
    ".git/HEAD": b"ref: refs/heads/main",
    "js/.htpasswd": b"admin:$apr1$",
    "CVS/Entries": b"cvs entries",
    "js/app.js~": b"an editor's backup",
}


@pytest.fixture
def static_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "staticfiles"
    (root / "js").mkdir(parents=True)
    (root / "js" / "app.js").write_bytes(b"app();")
    for name, data in PRIVATE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    with override_settings(STATIC_ROOT=str(root), STATIC_URL="/static/"):
        yield root


def static(path: str) -> Request:
    return Request("static", 0, path=f"/static/{path}")


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_private_file_in_static_root_is_404(
    serve: Serve, quiet_logs: None, static_root: Path, name: str
) -> None:
    answer = serve(static(name), MIDDLEWARE=MIDDLEWARE)
    assert answer.status == 404
    assert PRIVATE[name] not in answer.content


def test_public_file_is_served(serve: Serve, static_root: Path) -> None:
    answer = serve(static("js/app.js"), MIDDLEWARE=MIDDLEWARE)
    assert (answer.status, answer.content) == (200, b"app();")
