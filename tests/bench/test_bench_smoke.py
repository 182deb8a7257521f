"""The benchmark harness itself: the verifier catches wrong answers, the runner works.

These tests use only what the project's own venv has (scallion and its
dependencies, Jinja2 included), never the bench venvs or the network.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

from apps import raw_app, raw_asgi_app  # noqa: E402
from benchkit import calls, report  # noqa: E402
from benchkit.inprocess import Cell  # noqa: E402
from benchkit.scenarios import (  # noqa: E402
    ASGI_SCENARIOS,
    HELLO_BODY,
    SCENARIOS,
    UPLOAD_SIZE,
    VerificationError,
    expected_template_text,
)

TEXT = [("Content-Type", "text/plain; charset=utf-8")]
HTML = [("Content-Type", "text/html; charset=utf-8")]


def test_verifier_accepts_the_right_answer() -> None:
    SCENARIOS["hello"].verify(200, TEXT, HELLO_BODY)


def test_verifier_rejects_a_wrong_body() -> None:
    with pytest.raises(VerificationError, match="expected body b'Hello, World!'"):
        SCENARIOS["hello"].verify(200, TEXT, b"Hello, World?")


def test_verifier_rejects_a_wrong_status_and_shows_the_body() -> None:
    with pytest.raises(VerificationError, match=r"expected status 200, got 500.*Traceback"):
        SCENARIOS["hello"].verify(500, TEXT, b"Traceback ...")


def test_verifier_rejects_a_wrong_content_type() -> None:
    with pytest.raises(VerificationError, match="Content-Type"):
        SCENARIOS["hello"].verify(200, HTML, HELLO_BODY)


def test_verifier_compares_json_as_data() -> None:
    json_type = [("content-type", "application/json")]
    SCENARIOS["json"].verify(200, json_type, b'{"name":"abc","message":"Hello"}')
    with pytest.raises(VerificationError, match="expected JSON"):
        SCENARIOS["json"].verify(200, json_type, b'{"message": "Hello", "name": "abd"}')


def test_verifier_catches_a_template_rendered_without_autoescape() -> None:
    page = expected_template_text().encode()
    SCENARIOS["template"].verify(200, HTML, page.replace(b"> <", b">\n\n<"))
    unescaped = page.replace(b"&lt;", b"<", 1)
    with pytest.raises(VerificationError, match="template differs"):
        SCENARIOS["template"].verify(200, HTML, unescaped)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_floor_answers_every_wsgi_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    app = raw_app.build(name)
    scenario.verify(*calls.call_wsgi(app, calls.environ_factory(scenario)()))


@pytest.mark.parametrize("name", ASGI_SCENARIOS)
def test_the_floor_answers_every_asgi_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    app = raw_asgi_app.build(name)
    scope = calls.scope_factory(scenario)()
    scenario.verify(*asyncio.run(calls.call_asgi(app, scope, scenario.body)))


def test_upload_payload_carries_one_mebibyte() -> None:
    _status, _headers, body = calls.call_wsgi(
        raw_app.build("upload"), calls.environ_factory(SCENARIOS["upload"])()
    )
    assert body == str(UPLOAD_SIZE).encode()


def test_report_judges_targets_against_falcon() -> None:
    cells = [
        Cell("scallion", "hello", "wsgi", samples=[120.0, 110.0, 130.0], status="ok"),
        Cell("falcon", "hello", "wsgi", samples=[100.0], status="ok"),
        Cell("scallion", "json", "wsgi", samples=[50.0], status="ok"),
        Cell("falcon", "json", "wsgi", samples=[100.0], status="ok"),
    ]
    index = {(c.framework, c.scenario): c for c in cells}
    assert report.target_verdict(index, cells[0]).startswith("**met**: 1.20x Falcon")
    assert report.target_verdict(index, cells[2]).startswith("**NOT met**: 0.50x Falcon")


def run_bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH_DIR / "run.py"), "--quick", "--python", sys.executable,
         "--sections", "inprocess", "--results-dir", str(tmp_path), "--no-docs", *args],
        capture_output=True, text=True, timeout=300, check=False,
        env={k: v for k, v in os.environ.items() if "SETTINGS_MODULE" not in k},
    )  # fmt: skip


def test_runner_quick_run_writes_the_table(tmp_path: Path) -> None:
    result = run_bench(tmp_path, "--frameworks", "raw,scallion", "--scenarios", "hello")
    assert result.returncode == 0, result.stderr
    floor_row = next(line for line in result.stdout.splitlines() if "raw WSGI (floor)" in line)
    assert floor_row.split("|")[3].strip().replace(",", "").isdigit()
    assert "| hello | scallion |" in result.stdout
    assert list(tmp_path.glob("*-inprocess-quick.md"))


def test_runner_fails_the_run_on_a_wrong_body(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    apps.mkdir()
    (apps / "liar_app.py").write_text(
        textwrap.dedent(
            """
            KIND = "wsgi"
            SCENARIOS = ("hello",)

            def build(scenario):
                def app(environ, start_response):
                    start_response("200 OK", [("Content-Type", "text/plain")])
                    return [b"Hello, World?"]
                return app
            """
        )
    )
    result = run_bench(
        tmp_path, "--extra-apps", str(apps), "--frameworks", "raw,liar", "--scenarios", "hello"
    )
    assert result.returncode == 1
    assert "FAILED liar/hello" in result.stderr
    assert "expected body b'Hello, World!', got b'Hello, World?'" in result.stderr
    assert "| hello | liar | **FAILED**" in result.stdout


def test_runner_reports_an_app_that_cannot_import_as_na(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    apps.mkdir()
    (apps / "future_app.py").write_text("import scallion.not_written_yet\n")
    result = run_bench(
        tmp_path, "--extra-apps", str(apps), "--frameworks", "raw,future", "--scenarios", "hello"
    )
    assert result.returncode == 0, result.stderr
    assert "| hello | future | n/a (ModuleNotFoundError" in result.stdout
    assert "No module named 'scallion.not_written_yet'" in result.stdout


@pytest.mark.parametrize(
    ("argv", "full"),
    [
        ([], True),
        (["--server"], True),
        (["--all"], True),
        (["--server", "--no-docs"], False),
        (["--server", "--frameworks", "scallion,falcon"], False),
        (["--quick"], False),
        (["--scenarios", "hello"], False),
    ],
)
def test_only_unfiltered_runs_rewrite_the_docs(argv: list[str], full: bool) -> None:
    import run

    assert run.is_full_run(run.parse_args(argv)) is full


def test_profile_request_reports_calls_per_request() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "profile_request.py"),
            "raw",
            "hello",
            "--requests",
            "300",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("raw hello: ") and first.endswith("function calls per request")
    assert float(first.split(": ")[1].split()[0]) > 0


def _fake_python(path: Path, version: str) -> str:
    """An executable that answers the version probe the way CPython ``version`` would."""
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return str(path)


def test_latest_python_prefers_the_newest_interpreter_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchkit import venvs

    for version in ("3.12.4", "3.13.1", "3.11.7"):
        bindir = tmp_path / "versions" / version / "bin"
        bindir.mkdir(parents=True)
        _fake_python(bindir / "python", " ".join(version.split(".")[:2]))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("SCALLION_BENCH_LATEST_PYTHON", raising=False)
    assert venvs.latest_python() == str(tmp_path / "versions/3.13.1/bin/python")
    # An explicit choice wins over a newer one, but only if it is new enough for Django 6.
    monkeypatch.setenv("SCALLION_BENCH_LATEST_PYTHON", str(tmp_path / "versions/3.12.4/bin/python"))
    assert venvs.latest_python() == str(tmp_path / "versions/3.12.4/bin/python")
    monkeypatch.setenv("SCALLION_BENCH_LATEST_PYTHON", str(tmp_path / "versions/3.11.7/bin/python"))
    assert venvs.latest_python() == str(tmp_path / "versions/3.13.1/bin/python")


def test_latest_section_is_skipped_with_a_reason_when_no_new_python_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import run
    from benchkit import venvs

    monkeypatch.setattr(venvs, "latest_python", lambda: None)
    args = run.parse_args(["--sections", "latest", "--results-dir", str(tmp_path), "--no-docs"])
    assert args.sections == ["latest"]
    assert run.run_latest(args) == 0
    assert "no Python >= 3.12 found" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    assert "latest" in run.parse_args(["--all"]).sections


def test_latest_venv_pins_the_newest_django_and_keeps_the_other_peers() -> None:
    from benchkit import venvs

    assert venvs.LATEST_DJANGO in venvs.PEERS_LATEST
    assert not any(p.startswith("django") and p != venvs.LATEST_DJANGO for p in venvs.PEERS_LATEST)
    assert [p for p in venvs.PEERS if not p.startswith("django")] == [
        p for p in venvs.PEERS_LATEST if not p.startswith("django")
    ]


def test_server_section_loads_each_server_in_turn_and_reports_medians() -> None:
    from benchkit import server

    from tests.fixtures_redis import require_binary

    require_binary("wrk", "wrk")
    env = {k: v for k, v in os.environ.items() if "SETTINGS_MODULE" not in k}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        text, data = server.run(sys.executable, quick=True, frameworks=["raw", "scallion"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    rows = {(r["server"], r["framework"], r["scenario"]): r for r in data["results"]}
    assert set(rows) == {
        ("gunicorn", framework, scenario)
        for framework in ("raw", "scallion")
        for scenario in server.SERVER_SCENARIOS
    }
    for row in rows.values():
        assert row["status"] == "ok", row
        assert len(row["samples"]) == 1 and row["rps"] == row["samples"][0] > 0
    line = next(x for x in text.splitlines() if x.startswith("| gunicorn | hello | scallion |"))
    cells = [c.strip() for c in line.split("|")[1:-1]]
    assert cells[3].replace(",", "").isdigit() and cells[4] == "±0%"
    assert float(cells[7]) > 0  # x floor: raw ran in the same group
    assert cells[6] == cells[8] == ""  # no Falcon in this run: no ratio, no verdict


def _cell(framework: str, scenario: str, rps: float, kind: str = "wsgi", version: str = "") -> Cell:
    return Cell(framework, scenario, kind, samples=[rps], status="ok", version=version)


def test_readme_summary_quotes_scallion_s_ratios_from_the_same_run() -> None:
    from benchkit import summary

    cells = [
        _cell("raw", "hello", 1000.0),
        _cell("scallion", "hello", 300.0),
        _cell("django", "hello", 20.0, version="django 5.2.19"),
        _cell("falcon", "hello", 250.0),
        _cell("scallion", "upload", 5.0),
        _cell("django", "upload", 1.0, version="django 5.2.19"),
        _cell("falcon", "upload", 6.0),
        _cell("scallion-asgi", "hello", 150.0, "asgi"),
        _cell("starlette", "hello", 100.0, "asgi"),
        _cell("django-asgi", "hello", 1.0, "asgi"),
    ]
    latest = [
        _cell("scallion", "hello", 330.0),
        _cell("django", "hello", 30.0, version="django 6.1.3"),
    ]
    meta = {"date": "2026-12-03 08:00", "python": "CPython 3.11.7", "machine": "a test box"}
    server_rows = [
        {"server": "gunicorn", "framework": "scallion", "scenario": "hello", "status": "ok",
         "rps": 90.0},
        {"server": "gunicorn", "framework": "falcon", "scenario": "hello", "status": "ok",
         "rps": 100.0},
    ]  # fmt: skip
    text = summary.render(cells, meta, latest, {"python": "CPython 3.13.0"}, server_rows)
    assert "Measured 2026-12-03 08:00" in text and "CPython 3.11.7, a test box" in text
    header = next(line for line in text.splitlines() if line.startswith("| scenario"))
    assert "x Django 5.2.19" in header and "x Django 6.1.3 (CPython 3.13.0)" in header
    hello = next(line for line in text.splitlines() if line.startswith("| `hello`"))
    assert hello == "| `hello` | 15.00x | 1.20x | 0.30x | 11.00x | met |"
    upload = next(line for line in text.splitlines() if line.startswith("| `upload`"))
    assert upload.startswith("| `upload` | 5.00x | 0.83x | – | – |")
    assert upload.endswith("| **not met** |")
    asgi = next(line for line in text.splitlines() if line.startswith("| ASGI `hello`"))
    assert "150.00x" in asgi and "1.50x Starlette" in asgi and asgi.endswith("| met |")
    assert "gunicorn `hello` 0.90x Falcon" in text


def test_readme_holds_the_summary_markers_a_full_run_rewrites(tmp_path: Path) -> None:
    from benchkit import docs, summary

    readme = Path(summary.README).read_text()
    assert "<!-- bench:summary:start -->" in readme and "<!-- bench:summary:end -->" in readme
    copy = tmp_path / "README.md"
    copy.write_text(readme)
    assert docs.replace_section("summary", "| a | table |\n", str(copy))
    assert "<!-- bench:summary:start -->\n| a | table |\n<!-- bench:summary:end -->" in (
        copy.read_text()
    )
