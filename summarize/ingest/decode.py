"""Bytes to text: size limit, binary detection; a byte order mark's encoding, UTF-16, UTF-8, then GB18030."""

from __future__ import annotations

import re
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


_BOMS = ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe\x00\x00", "UTF-32-LE"), (b"\x00\x00\xfe\xff", "UTF-32-BE"),
         (b"\xff\xfe", "UTF-16-LE"), (b"\xfe\xff", "UTF-16-BE"))
# What a decoded Chinese or English text is made of: ASCII, CJK, CJK and general punctuation, full width.
_TEXTY = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                    r"\uf900-\ufaff\uff00-\uffef]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def decode(data: bytes, name: str = "input") -> str:
    """Decode text with a byte order mark (UTF-8, UTF-16, UTF-32) in the encoding it declares, UTF-16
    without one, UTF-8 or GB18030; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            why = f"its byte order mark declares {encoding} but the data is not valid {encoding}"
            hint = (f"the file is damaged or mislabelled: re-save it as UTF-8 "
                    f"(`iconv -c -f {_iconv(encoding)} -t UTF-8` drops the bad bytes)")
            return _text(_decode_as(data, encoding, len(bom), name, why, hint), name)
    if encoding := _utf16_without_bom(data):
        why = f"it looks like {encoding} without a byte order mark but is not valid {encoding}"
        hint = f"convert it to UTF-8 with `iconv -f {_iconv(encoding)} -t UTF-8`"
        return _text(_decode_as(data, encoding, 0, name, why, hint), name)
    if _looks_binary(data):
        raise _binary(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} is neither UTF-8 nor GB18030 text", "convert it to UTF-8 (e.g. `iconv -f BIG5 -t UTF-8`)")


def _iconv(encoding: str) -> str:
    return encoding[:-3] + encoding[-2:] if encoding.endswith(("-LE", "-BE")) else encoding


def _decode_as(data: bytes, encoding: str, skip: int, name: str, why: str, hint: str) -> str:
    """Decode ``data[skip:]`` strictly; an error says where it fails (byte offset in the input, line)."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as e:
        where = skip + e.start
        line = data[skip:where].decode(encoding, errors="replace").count("\n") + 1
        raise InputError(f"{name}: {why} at byte {where:,} (line {line}: {e.reason})", hint) from None


def _text(text: str, name: str) -> str:
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\x0c\r\x1b")
    if "\x00" in head or (head and controls / len(head) > 0.05):
        raise _binary(name)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16-LE/-BE without a BOM: NULs at one parity (ASCII in UTF-16), or no NULs and no valid UTF-8,
    and the head decodes to Chinese/ASCII characters in that byte order."""
    head = data[: min(len(data), 8192) // 2 * 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if even or odd:
        candidates = ["UTF-16-LE"] if odd > 4 * even else ["UTF-16-BE"] if even > 4 * odd else []
    else:
        candidates = [] if _is_utf8(data) else ["UTF-16-LE", "UTF-16-BE"]
    scored = [(_text_share(head, encoding, cjk=not (even or odd)), encoding) for encoding in candidates]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= 0.95 else None


def _text_share(head: bytes, encoding: str, cjk: bool) -> float:
    """Share of the decoded head that is text; 0 unless at least half is CJK when ``cjk``."""
    text = head.decode(encoding, errors="replace")
    if cjk and len(_CJK.findall(text)) < len(text) / 2:
        return 0.0
    return len(_TEXTY.findall(text)) / len(text)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _binary(name: str) -> InputError:
    return InputError(f"{name} looks like binary data, not text", "pass a UTF-8 or GB18030 text, HTML or Markdown file")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05
