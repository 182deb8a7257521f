"""What the numbers were measured on: they mean nothing without it."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def python_version(python: str) -> str:
    out = subprocess.run(
        [
            python,
            "-c",
            "import platform; print(platform.python_implementation(), platform.python_version())",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def describe(python: str) -> dict[str, str]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "python": python_version(python),
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}",
        "load": f"{load:.2f}",
    }


def today() -> str:
    return datetime.date.today().isoformat()
