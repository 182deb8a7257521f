"""mkdocs hook: keep the navigation in step with the pages that exist.

``mkdocs.yml`` lists the pages in reading order. Engineers add pages under
``docs/`` as they go; a page nobody listed is appended to a "More" section
(titled by its first heading) rather than left out, and a listed page that does
not exist (yet) is dropped with a log line rather than failing the strict build.
So adding or removing a page never breaks ``mkdocs build --strict``.

Pages may also link to repository files outside ``docs/`` (``../bench/README.md``),
which the site cannot serve: such a link, when its target exists, is rendered
as the file's repository path in code; a link to a missing file is left alone,
so the strict build still reports it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.nav")


def on_config(config: Any) -> Any:
    docs_dir = Path(config["docs_dir"])
    pages = {
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if not any(part.startswith("_") for part in path.relative_to(docs_dir).parts)
    }
    listed: set[str] = set()
    nav = _prune(config.get("nav") or [], pages, listed)
    extra = sorted(pages - listed)
    if extra:
        log.info("Pages not listed in mkdocs.yml's nav, added under 'More': %s", ", ".join(extra))
        nav.append({"More": [{_title(docs_dir / page, page): page} for page in extra]})
    config["nav"] = nav
    return config


def _prune(items: list[Any], pages: set[str], listed: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, str):
            entry, target = item, item
        else:
            ((title, target),) = item.items()
            if isinstance(target, list):
                children = _prune(target, pages, listed)
                if children:
                    kept.append({title: children})
                continue
            entry = item
        if "://" in target or target in pages:
            listed.add(target)
            kept.append(entry)
        else:
            log.info("mkdocs.yml lists %s, which does not exist: left out of the nav.", target)
    return kept


def _title(path: Path, fallback: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback.removesuffix(".md").replace("-", " ").capitalize()


_RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((\.\./[^)\s#]+)(#[^)\s]*)?\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    docs_dir = Path(config["docs_dir"]).resolve()
    repo_dir = docs_dir.parent
    here = (docs_dir / page.file.src_path).parent

    def replace(match: re.Match[str]) -> str:
        target = (here / match.group(2)).resolve()
        if target.is_relative_to(docs_dir) or not target.exists():
            return match.group(0)
        if not target.is_relative_to(repo_dir):
            return match.group(0)
        return f"{match.group(1)} (`{target.relative_to(repo_dir).as_posix()}` in the repository)"

    return _RELATIVE_LINK.sub(replace, markdown)
