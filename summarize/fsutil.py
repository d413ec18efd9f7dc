"""Files written whole or not at all, and output places checked before any work is done."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from summarize.errors import InputError


def atomic_write(path: Path, text: str) -> Path:
    """Write ``text`` to a temporary file beside ``path`` and rename it over: a reader never sees half a file,
    and concurrent writers (processes, threads) never share a temporary name. A link is followed (its target
    is written), a device or pipe (/dev/stdout, /dev/null) is written into, never replaced, and the file gets
    the usual permissions (an existing file's own, else those the umask gives a new file)."""
    if _special(path):  # /dev/null, /dev/stdout, a FIFO: written into as given, never resolved or truncated
        with path.open("a", encoding="utf-8") as f:  # (stdout sent to a file keeps what is already there)
            f.write(text)
        return path
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name[:64]}.{os.getpid()}.{secrets.token_hex(6)}.tmp"  # short: a long name fits
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before it replaces the old file
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty")


def _special(path: Path) -> bool:
    """An existing place that is not a regular file or a folder (a device, a pipe), or a name of a process's
    stream (/dev/stdout redirected to a file: written into, never replaced); a link loop raises."""
    if str(path) in _STREAMS or str(path).startswith(("/dev/fd/", "/proc/self/fd/")):
        return True  # (a regular file elsewhere under /dev, such as /dev/shm/digest.md, is a file)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_out(path: Path, text: str) -> Path:
    """:func:`atomic_write` for an ``--out`` the user named: a place that cannot be written is a one-line error."""
    try:
        return atomic_write(path, text)
    except OSError as e:
        raise InputError(f"cannot write --out {path} ({e.strerror or e})", "pass a place you can write to") from None


def check_writable(path: Path, folder: bool = False, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output place that cannot be written, before any work: a file path that is a folder, a folder
    path that is a file, a parent that cannot be created or written, a file that is one of the inputs."""
    if any(p.exists() and path.exists() and p.samefile(path) for p in inputs):
        raise InputError(f"--out {path} is one of the inputs: writing it would replace the article",
                         "pass another file name for the digest")
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"--out {path} is a file, not a folder", "pass a folder for the outputs")
    if not folder and path.is_dir():
        raise InputError(f"--out {path} is a folder", "pass a file name, e.g. --out digest.md")
    try:
        if not folder and _special(path):
            if not os.access(path, os.W_OK):
                raise InputError(f"cannot write --out {path}", "pass a place you can write to")
            return
    except OSError as e:  # a link loop
        raise InputError(f"cannot use --out {path} ({e.strerror})", "pass a file name") from None
    parent = path if folder else path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create {parent} for --out ({e.strerror})", "pass a place you can write to") from None
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write in {parent} (--out)", "pass a place you can write to")
