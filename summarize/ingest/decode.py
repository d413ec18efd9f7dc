"""Bytes to text: size limit, binary detection, UTF-8 then GB18030."""

from __future__ import annotations

from pathlib import Path

from summarize.errors import InputError

DEFAULT_MAX_BYTES = 1_000_000


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing it (without reading it whole) when it is over ``max_bytes``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", "check the path, or pass the text on stdin with `-`") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}", "check the path and its permissions") from None
    if path.is_dir():
        raise InputError(f"{path} is a folder", "pass article files, or use `summarize batch` for a folder")
    check_size(size, max_bytes, str(path))
    return path.read_bytes()


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
