"""Bytes to text: size limit, binary detection, UTF-8 then GB18030."""

from __future__ import annotations

import stat
from pathlib import Path

from summarize.errors import InputError

DEFAULT_MAX_BYTES = 1_000_000
_CHUNK = 1 << 16


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, a pipe or a device, refusing it when it is over ``max_bytes``: a regular file by its
    size (without reading it), anything else after reading at most ``max_bytes + 1`` bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", "check the path, or pass the text on stdin with `-`") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}", "check the path and its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a folder", "pass article files, or use `summarize batch` for a folder")
    if stat.S_ISREG(info.st_mode):  # fast path; /proc files say 0 and are read like pipes
        check_size(info.st_size, max_bytes, str(path))
    try:
        data = _read_capped(path, max_bytes + 1 if max_bytes else -1)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}", "check the path and its permissions") from None
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"{path} is over the limit of {max_bytes:,} bytes (reading stopped there)",
                         "split the article, or raise the limit with --max-bytes N")
    return data


def _read_capped(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes (all when negative), in chunks, so that an endless stream stops."""
    parts: list[bytes] = []
    left = limit
    with path.open("rb", buffering=0) as f:
        while left != 0:
            chunk = f.read(_CHUNK if left < 0 else min(_CHUNK, left))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk) if left > 0 else 0
    return b"".join(parts)


def check_size(size: int, max_bytes: int, name: str) -> None:
    if max_bytes and size > max_bytes:
        raise InputError(
            f"{name} is {size:,} bytes, over the limit of {max_bytes:,} bytes",
            "split the article, or raise the limit with --max-bytes N",
        )


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if _looks_binary(data):
        raise InputError(f"{name} looks like binary data, not text", "pass a UTF-8 or GB18030 text, HTML or Markdown file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} is neither UTF-8 nor GB18030 text", "convert it to UTF-8 (e.g. `iconv -f BIG5 -t UTF-8`)")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05
