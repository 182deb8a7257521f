"""The ratchet: pass counts may rise, never fall."""

from __future__ import annotations

import json
from pathlib import Path

from conformance import ratchet


def test_regressions_and_improvements() -> None:
    recorded = {"httpwrappers": 80, "signing": 20}
    measured = {"httpwrappers": 79, "signing": 21, "cache": 5}
    assert ratchet.regressions(recorded, measured) == [
        "httpwrappers: 79 pass on scallion, 80 recorded (-1)"
    ]
    assert ratchet.improvements(recorded, measured) == [
        "cache: 5 (recorded 0)",
        "signing: 21 (recorded 20)",
    ]
    assert ratchet.regressions(recorded, {"signing": 20}) == []


def test_update_keeps_the_packages_not_run(tmp_path: Path) -> None:
    path = tmp_path / "ratchet.json"
    path.write_text(json.dumps({"signing": 20, "httpwrappers": 3}))
    ratchet.update(path, {"httpwrappers": 80})
    assert ratchet.load(path) == {"httpwrappers": 80, "signing": 20}
    assert ratchet.load(tmp_path / "absent.json") == {}
