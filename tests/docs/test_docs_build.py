"""The docs site builds with ``mkdocs build --strict`` (no warnings), every page in the nav."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def docs_pages() -> list[str]:
    return sorted(
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(DOCS).parts)
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{output}"
    warnings = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, "\n".join(warnings)
    return site


def nav_targets(built_site: Path, page_url: str) -> set[str]:
    """The site-relative URLs a built page's navigation links to."""
    html = (built_site / page_url / "index.html").read_text()
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n\n")] if "</nav>\n\n" in nav else nav
    base = f"http://site/{page_url}"
    return {
        urljoin(base, href).removeprefix("http://site/")
        for href in re.findall(r'href="([^"#]*)"', nav)
    }


def test_every_page_is_built_and_in_the_nav(built_site: Path) -> None:
    # A page's own nav entry links to itself, so two pages' navs cover every entry.
    linked = nav_targets(built_site, "architecture/") | nav_targets(built_site, "reference/http/")
    missing_pages, missing_nav = [], []
    for page in docs_pages():
        # index.md is the directory's own page: docs/index.md is the site's root.
        is_index = page == "index.md" or page.endswith("/index.md")
        url = page.removesuffix("index.md") if is_index else page[:-3] + "/"
        if not (built_site / url / "index.html").exists():
            missing_pages.append(page)
        if url not in linked:
            missing_nav.append(page)
    assert not missing_pages, f"pages not built: {missing_pages}"
    assert not missing_nav, f"pages missing from the navigation: {missing_nav}"


def test_api_reference_is_generated_from_docstrings(built_site: Path) -> None:
    http = (built_site / "reference" / "http" / "index.html").read_text()
    assert "HttpRequest" in http and "get_preferred_type" in http
    trace = (built_site / "reference" / "trace" / "index.html").read_text()
    assert "current_trace" in trace


#: Public API the reference must document (page -> objects, by their anchor ids).
REFERENCE = {
    "handlers": [
        "scallion.core.asgi.get_asgi_application",
        "scallion.core.handlers.asgi.ASGIHandler",
        "scallion.core.handlers.asgi.ASGIRequest.aload_body",
    ],
    "test": [
        "scallion.test.async_client.AsyncClient",
        "scallion.test.async_client.AsyncRequestFactory",
    ],
    "sessions": [
        "scallion.contrib.sessions.middleware.SessionMiddleware",
        "scallion.contrib.sessions.backends.base.SessionBase",
        "scallion.contrib.sessions.backends.base.SessionBase.cycle_key",
        "scallion.contrib.sessions.backends.redis.SessionStore",
        "scallion.contrib.sessions.backends.signed_cookies.SessionStore",
        "scallion.contrib.sessions.backends.file.SessionStore",
    ],
    "messages": [
        "scallion.contrib.messages.api.add_message",
        "scallion.contrib.messages.api.success",
        "scallion.contrib.messages.middleware.MessageMiddleware",
    ],
    "signing": [
        "scallion.core.signing.Signer",
        "scallion.core.signing.TimestampSigner",
        "scallion.core.signing.dumps",
    ],
    "views": [
        "scallion.views.generic.base.View",
        "scallion.views.generic.base.TemplateView",
        "scallion.views.generic.base.RedirectView",
        "scallion.views.decorators.http.require_http_methods",
        "scallion.views.decorators.csrf.csrf_exempt",
        "scallion.views.decorators.cache.cache_control",
        "scallion.views.decorators.vary.vary_on_headers",
        "scallion.views.decorators.clickjacking.xframe_options_deny",
        "scallion.views.decorators.gzip.gzip_page",
        "scallion.views.decorators.body.body_limits",
    ],
    "shortcuts": ["scallion.shortcuts.render", "scallion.shortcuts.redirect"],
    "middleware": [
        "scallion.middleware.http.ConditionalGetMiddleware",
        "scallion.middleware.staticfiles.StaticFilesMiddleware",
        "scallion.utils.decorators.sync_and_async_middleware",
        "scallion.utils.decorators.sync_only_middleware",
        "scallion.utils.decorators.async_only_middleware",
    ],
    "staticfiles": [
        "scallion.contrib.staticfiles.collect.collect",
        "scallion.contrib.staticfiles.finders.find",
        "scallion.contrib.staticfiles.handlers.StaticFilesHandler",
        "scallion.contrib.staticfiles.handlers.ASGIStaticFilesHandler",
    ],
}


@pytest.mark.parametrize("page", sorted(REFERENCE))
def test_api_reference_covers_the_public_api(built_site: Path, page: str) -> None:
    html = (built_site / "reference" / page / "index.html").read_text()
    missing = [name for name in REFERENCE[page] if f'id="{name}"' not in html]
    assert not missing, f"reference/{page}.md does not document {missing}"


def load_hook() -> SimpleNamespace:
    spec = importlib.util.spec_from_file_location("docs_nav_hook", DOCS / "_hooks" / "nav.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module  # type: ignore[return-value]


def test_nav_hook_adds_unlisted_pages_and_drops_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Page A\n")
    (tmp_path / "new-page.md").write_text("# A brand new page\n")
    (tmp_path / "_hooks").mkdir()
    (tmp_path / "_hooks" / "ignored.md").write_text("# no\n")
    config = {
        "docs_dir": str(tmp_path),
        "nav": [{"A": "a.md"}, {"Guides": [{"Gone": "gone.md"}]}, {"Site": "https://x.org/"}],
    }
    nav = load_hook().on_config(config)["nav"]
    assert nav == [
        {"A": "a.md"},
        {"Site": "https://x.org/"},
        {"More": [{"A brand new page": "new-page.md"}]},
    ]


def test_nav_hook_rewrites_links_to_repository_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "README.md").write_text("x")
    page = SimpleNamespace(file=SimpleNamespace(src_path="perf.md"))
    text = "See [the bench](../bench/README.md) and [gone](../nope.md) and [ok](urls.md)."
    out = load_hook().on_page_markdown(text, page=page, config={"docs_dir": str(docs)}, files=None)
    assert "the bench (`bench/README.md` in the repository)" in out
    assert "[gone](../nope.md)" in out and "[ok](urls.md)" in out
