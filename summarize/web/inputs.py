"""What a visitor sends, read and checked in the visitor's terms: the article (pasted, or a file; one size
limit, in characters), the name corrections, and errors said without anything of the server (no paths, no
commands, no server flags: those go to the server log)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import (
    BackendUnavailableError,
    ConfigError,
    InputError,
    ModelNotFoundError,
    SummarizeError,
    UnknownModelError,
    describe,
)
from summarize.ingest.decode import decode
from summarize.pipeline import Pipeline

log = logging.getLogger("summarize.web")
BYTES_PER_CHAR = 4  # the most bytes one character takes (UTF-8, GB18030): the byte cap that never refuses early
MAX_CORRECTIONS = 100
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Source:
    """The article as read, and how the page names it ("the pasted text", "the uploaded file news.html")."""

    text: str
    words: str
    name: str = "the pasted article"
    stem: str = ""


def read_source(text: str, upload: str | None, max_chars: int, why: str = "") -> Source:
    """The uploaded file if there is one (the page clears it when a visitor pastes or picks an example), else
    the pasted text; refused over ``max_chars`` characters, saying how many the visitor sent (and ``why``
    the limit is what it is, when that is not plain)."""
    if upload:
        return _read_upload(Path(upload), max_chars, why)
    if not (text or "").strip():
        raise InputError("nothing to digest", "paste a Chinese article, upload a .txt/.md/.html file, or pick an "
                         "example")
    _check_chars(len(text), max_chars, "the pasted text has", why)
    return Source(text, f"the pasted text ({len(text):,} characters)")


def _read_upload(path: Path, max_chars: int, why: str) -> Source:
    if not path.is_file():  # the server clears uploads after a day: a page left open still names its file
        raise InputError(f"the uploaded file {path.name} is no longer on the server", "upload it again")
    size = path.stat().st_size
    if size > BYTES_PER_CHAR * max_chars:  # surely over the limit: not even read
        raise InputError(f"the file {path.name} is {size / 1e6:.1f} MB, more than this demo's limit of "
                         f"{max_chars:,} characters{why}", "upload a shorter article, or paste a part of it")
    with path.open("rb") as f:
        text = decode(f.read(), path.name)
    _check_chars(len(text), max_chars, f"the file {path.name} has", why)
    return Source(text, f"the uploaded file {path.name} ({len(text):,} characters)", path.name, path.stem)


def _check_chars(n: int, max_chars: int, what: str, why: str) -> None:
    if n > max_chars:
        raise InputError(f"{what} {n:,} characters, over this demo's limit of {max_chars:,} characters{why}",
                         "paste a shorter article, or a part of it")


def ingest(pipeline: Pipeline, source: Source):
    """The article, in the format its text has (HTML, Markdown, a JSON record); a file keeps its name and id."""
    return pipeline.ingest(source.text.encode("utf-8"), name=source.name, default_id=source.stem)


def parse_corrections(text: str | None) -> dict[str, str]:
    """Name corrections, one a line: ``星河汽车 = Xinghe Motors`` (also ``→``, ``->``, a tab or ``:``)."""
    out: dict[str, str] = {}
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_CORRECTIONS:
        raise InputError(f"{len(lines)} corrections: at most {MAX_CORRECTIONS} at a time", "keep the ones you need")
    for k, line in enumerate(lines, 1):
        parts = [p.strip() for p in re.split(r"\s*(?:=|→|->|\t|：|:)\s*", line, maxsplit=1)]
        if len(parts) != 2 or not _CJK.search(parts[0]) or not parts[1] or _CJK.search(parts[1]):
            raise InputError(f"correction {k} ({line[:40]!r}) is not “Chinese = English”",
                             "write one a line, e.g. 星河汽车 = Xinghe Motors")
        if len(parts[0]) > 40 or len(parts[1]) > 80:
            raise InputError(f"correction {k} is too long", "a name or term, at most 40 Chinese characters")
        out[parts[0]] = parts[1]
    return out


def visitor_message(exc: BaseException) -> str:
    """The error in a visitor's terms; the whole of it (paths, commands) goes to the server log."""
    if not isinstance(exc, SummarizeError):
        log.error("digest failed: %s", describe(exc), exc_info=exc)
        return "something went wrong on the server (the error is in its log); try again, or another article"
    log.warning("request refused: %s", describe(exc))
    if isinstance(exc, ModelNotFoundError | BackendUnavailableError):
        return "that model is not installed on this server; pick one from the menus"
    if isinstance(exc, UnknownModelError):
        close = exc.hint.split("? ")[0] + "? " if exc.hint.startswith("did you mean") else ""
        return f"{exc.message}; {close}pick one from the menus"
    if isinstance(exc, ConfigError) and "out of range" not in exc.message:
        return "that model card cannot be used here; pick one from the menus"
    hint = "; ".join(part for part in exc.hint.split("; ") if not _server_detail(part))  # a visitor's part of it
    return _without_paths(f"{exc.message}; {hint}" if hint else exc.message)


def _server_detail(text: str) -> bool:
    return bool(re.search(r"`|--|\bpip\b|huggingface-cli|summarize (?:models|run|batch)|(?:^|\s)[~/]\S", text))


def _without_paths(text: str) -> str:
    """Absolute paths (a temporary upload, a card file) as their file name only."""
    return re.sub(r"(?<![\w.])(?:~|/)[^\s:;,]*/([^\s/:;,]+)", r"\1", text)
