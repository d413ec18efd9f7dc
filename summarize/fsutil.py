"""Files written whole or not at all, and output places checked before any work is done."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from summarize.errors import InputError


def atomic_write(path: Path, text: str) -> Path:
    """Write ``text`` to a temporary file beside ``path`` and rename it over: a reader never sees half a file,
    and concurrent writers (processes, threads) never share a temporary name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def check_writable(path: Path, folder: bool = False) -> None:
    """Refuse an output place that cannot be written, before any work: a file path that is a folder, a folder
    path that is a file, a parent that cannot be created or written."""
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"--out {path} is a file, not a folder", "pass a folder for the outputs")
    if not folder and path.is_dir():
        raise InputError(f"--out {path} is a folder", "pass a file name, e.g. --out digest.md")
    parent = path if folder else path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create {parent} for --out ({e.strerror})", "pass a place you can write to") from None
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write in {parent} (--out)", "pass a place you can write to")
