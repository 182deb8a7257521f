"""Keeping ``docs/performance.md`` in step with the latest full run."""

from __future__ import annotations

import os
import re

from benchkit.venvs import REPO_DIR

DOC = os.path.join(REPO_DIR, "docs", "performance.md")


def replace_section(name: str, text: str, path: str = DOC) -> bool:
    """Swap what lies between ``<!-- bench:NAME:start -->`` and its end marker."""
    try:
        with open(path) as f:
            doc = f.read()
    except OSError:
        return False
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(doc):
        return False
    # Headings inside the generated text move down two levels to sit under the doc's own.
    body = re.sub(r"^(#+) ", lambda m: "#" * min(6, len(m.group(1)) + 2) + " ", text, flags=re.M)
    doc = pattern.sub(lambda _m: f"{start}\n{body.strip()}\n{end}", doc)
    with open(path, "w") as f:
        f.write(doc)
    return True
