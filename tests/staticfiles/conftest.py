"""A static-files tree on disk: two source folders, an app package, a hostile symlink."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scallion.test import override_settings

SITE_CSS = (
    '@import "reset.css";\n'
    "body { background: url(../img/logo.png) no-repeat; }\n"
    ".x { background: url('../img/logo.png?v=1#frag'); }\n"
    ".y { background: url(data:image/png;base64,AAAA); }\n"
    ".z { background: url(https://cdn.example/a.png); }\n"
    ".w { background: url(/static/img/logo.png); }\n"
)
APP_JS = "function hello() { return 'hello, world'; }\n" * 40


@dataclass
class StaticTree:
    base: Path
    src: Path
    vendor: Path
    root: Path
    secret: Path


# The traversal corpus: each is requested as written (the client percent-decodes
# the path as a server would) with the raw form also given as REQUEST_URI.
TRAVERSAL_CORPUS = [
    "/static/../secret.txt",
    "/static/%2e%2e/secret.txt",
    "/static/%2E%2E/%2e%2e/secret.txt",
    "/static/css/../../secret.txt",
    "/static/css/..%2f..%2fsecret.txt",
    "/static/css%2fsite.css",
    "/static/css%2Fsite.css",
    "/static/%2fetc%2fpasswd",
    "/static/css\\site.css",
    "/static/css%5csite.css",
    "/static/..%5c..%5csecret.txt",
    "/static/css/site.css%00.png",
    "/static/css/site.css%00",
    "/static//etc/passwd",
    "/static///secret.txt",
    "/static/./css/site.css",
    "/static/css/./site.css",
    "/static/css/site.css/.",
    "/static/css/..",
    "/static/....//secret.txt",
    "/static/%252e%252e/secret.txt",
    "/static/leak.txt",
    "/static/outside/passwd",
    "/static/C:/Windows/win.ini",
    "/static/" + "/".join([".."] * 12) + "/etc/passwd",
]


def build_tree(base: Path) -> StaticTree:
    src, vendor, root = base / "src", base / "vendor", base / "root"
    for folder in (src / "css", src / "img", src / "js", vendor, base / "outside"):
        folder.mkdir(parents=True)
    (src / "css" / "site.css").write_text(SITE_CSS)
    (src / "css" / "reset.css").write_text("* { margin: 0; }\n")
    (src / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (src / "js" / "app.js").write_text(APP_JS)
    (src / "js" / "my file.js").write_text("1;\n")
    (src / ".hidden").write_text("hidden\n")
    (src / "backup~").write_text("old\n")
    (vendor / "lib.js").write_text("lib();\n")
    # A second copy of a name: the first source folder wins.
    (vendor / "dup").mkdir()
    secret = base / "secret.txt"
    secret.write_text("top secret\n")
    (base / "outside" / "passwd").write_text("root:x:0:0\n")
    os.symlink(secret, src / "leak.txt")
    os.symlink(base / "outside", src / "outside")
    os.symlink(src / "css" / "reset.css", src / "css" / "inside-link.css")
    return StaticTree(base=base, src=src, vendor=vendor, root=root, secret=secret)


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[StaticTree]:
    built = build_tree(tmp_path)
    with override_settings(
        STATICFILES_DIRS=[built.src, ("vendor", built.vendor)],
        STATIC_ROOT=str(built.root),
        STATIC_URL="/static/",
        INSTALLED_APPS=["tests.template.app_pkg"],
    ):
        yield built
