"""What every benchmark script here ends with: a signature line (package version, commit, Python, machine,
date, and what the run used) and the report printed and, with ``--out``, written."""

from __future__ import annotations

import platform
import subprocess
import time
from pathlib import Path

from summarize import __version__


def signature(*used: str) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    parts = [f"summarize {__version__}", f"commit {commit}", f"python {platform.python_version()}",
             platform.machine(), time.strftime("%Y-%m-%d"), *used]
    return "signature: " + " | ".join(parts)


def emit(lines: list[str], out: Path | None) -> None:
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if out:
        out.write_text(text, encoding="utf-8")
