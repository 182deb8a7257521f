"""The in-process run: a worker process per framework, samples interleaved by round."""

from __future__ import annotations

import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = os.path.join(BENCH_DIR, "worker.py")


class WorkerDied(RuntimeError):
    pass


@dataclass
class Cell:
    """One framework on one scenario: its samples, or why it has none."""

    framework: str
    scenario: str
    kind: str
    samples: list[float] = field(default_factory=list)
    status: str = "pending"  # ok, na, fail
    reason: str = ""
    version: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def spread(self) -> float | None:
        """(max - min) / median: how much to trust the median."""
        if len(self.samples) < 2 or not self.median:
            return None
        return (max(self.samples) - min(self.samples)) / self.median

    def as_json(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "scenario": self.scenario,
            "kind": self.kind,
            "status": self.status,
            "reason": self.reason,
            "version": self.version,
            "samples": self.samples,
            "median": self.median,
        }


class Worker:
    def __init__(self, python: str, cell: Cell, extra_apps: str | None, timeout: float) -> None:
        self.cell = cell
        self.timeout = timeout
        self.stopped = False
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        cmd = [python, WORKER, "--framework", cell.framework, "--scenario", cell.scenario]
        if extra_apps:
            cmd += ["--extra-apps", extra_apps]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, cwd=BENCH_DIR
        )

    def stderr_tail(self) -> str:
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            raise WorkerDied(f"no answer within {self.timeout:.0f} s")
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise WorkerDied(f"worker exited ({self.proc.returncode}): {self.stderr_tail()}")
        return json.loads(line)

    def send(self, **command: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(command) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise WorkerDied(f"worker exited: {self.stderr_tail()}")
        return self.receive()

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        try:
            if self.proc.poll() is None and self.proc.stdin is not None:
                self.proc.stdin.write(b'{"cmd": "quit"}\n')
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.stderr.close()


def run_group(
    python: str,
    kind: str,
    scenario: str,
    frameworks: list[str],
    rounds: int,
    sample_time: float,
    extra_apps: str | None = None,
    timeout: float = 180.0,
    log: Any = sys.stderr,
) -> list[Cell]:
    """Start one worker per framework, verify all, then sample them round by round."""
    cells = [Cell(fw, scenario, kind) for fw in frameworks]
    workers: list[Worker] = []
    started: list[Worker] = []
    try:
        # Started together: building (10,000 routes) is not timed, so it may overlap.
        for cell in cells:
            started.append(Worker(python, cell, extra_apps, timeout))
        for worker in started:
            try:
                status = worker.receive()
            except WorkerDied as err:
                worker.cell.status, worker.cell.reason = "na", str(err)
                worker.stop()
                continue
            worker.cell.status = "ok" if status["status"] == "ready" else status["status"]
            worker.cell.reason = status.get("reason", "")
            worker.cell.version = status.get("version", "")
            if worker.cell.status == "ok":
                workers.append(worker)
            else:
                worker.stop()
        counts: dict[str, int] = {}
        for worker in list(workers):
            try:
                counts[worker.cell.framework] = worker.send(cmd="calibrate", target=sample_time)[
                    "n"
                ]
            except WorkerDied as err:
                worker.cell.status, worker.cell.reason = "fail", f"crashed warming up: {err}"
                workers.remove(worker)
        for round_no in range(rounds):
            # Rotate so that no framework always runs first (or right after a heavy one).
            shift = round_no % len(workers) if workers else 0
            for worker in workers[shift:] + workers[:shift]:
                if worker.cell.status != "ok":
                    continue
                n = counts[worker.cell.framework]
                try:
                    reply = worker.send(cmd="sample", n=n)
                except WorkerDied as err:
                    worker.cell.status, worker.cell.reason = "fail", f"crashed while timed: {err}"
                    continue
                worker.cell.samples.append(n / reply["seconds"])
        for cell in cells:
            if cell.status == "ok":
                print(
                    f"  {kind} {scenario:<11} {cell.framework:<14} {cell.median:>12,.0f} req/s",
                    file=log,
                    flush=True,
                )
            else:
                print(
                    f"  {kind} {scenario:<11} {cell.framework:<14} {cell.status}: "
                    f"{cell.reason[:150]}",
                    file=log,
                    flush=True,
                )
    finally:
        for worker in started:
            worker.stop()
    return cells
