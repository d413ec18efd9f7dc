"""Where a batch run writes, so that no work is lost or doubled: ``digests.jsonl`` (one digest per line) and
``manifest.jsonl`` (each input done or failed, with the reason).

Each group of results is appended in one write and flushed to disk (digests first, then the manifest); a run
killed mid-write leaves a torn tail that the next run cuts off. An input counts as done when its digest line
is there, made with this run's settings (its fingerprint: cards, glossary, points …), so a crash between the two
files never writes a digest twice, and a run with other settings (a corrected glossary) digests again what the
folder holds (the content cache makes the unchanged articles cost nothing); the superseded lines are dropped
and each article's Markdown file rewritten in place.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from summarize.errors import InputError
from summarize.fsutil import atomic_write
from summarize.textutil import json_lines


@dataclass(frozen=True)
class Outcome:
    """One input's result, made in the worker: the digest already a JSON line (``""`` when it failed)."""

    key: str
    line: str  # the digest as one JSON line, or "" when it failed
    payload: str  # the Markdown, or why it failed
    id: str = ""
    title: str = ""
    relative: str = ""
    cached: bool = False


def repair(path: Path) -> None:
    """Cut a torn last line (a write interrupted by a kill) back to the last full line."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb+") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 1))
        if f.read(1) == b"\n":
            return
        f.seek(0)
        data = f.read()
        f.truncate(data.rfind(b"\n") + 1)


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    out = []
    for line in json_lines(path.read_text(encoding="utf-8")):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


class Store:
    def __init__(self, out: Path, markdown: bool = False, fingerprint: str = "") -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.digests_path, self.manifest_path = out / "digests.jsonl", out / "manifest.jsonl"
        for path in (self.digests_path, self.manifest_path):
            repair(path)
        self._lock = _lock(out)
        lines = _lines(self.digests_path)
        latest = _latest(lines)
        if len(latest) < len(lines):  # a run killed after digesting again
            _rewrite(self.digests_path, latest)
        self.done = {k for k, d in latest.items() if not fingerprint or _fingerprint(d) == fingerprint}
        self.stale = set(latest) - self.done  # made with other settings: digested again, the old line dropped
        manifest = _lines(self.manifest_path)
        self.failed = {m["key"]: m.get("error") for m in manifest if m.get("status") == "failed"}
        self.markdown_of = {m["key"]: m["markdown"] for m in manifest if m.get("status") == "done" and m.get("markdown")}
        self.markdown_dir = out / "markdown" if markdown else None
        self.names: set[str] = set()
        self._digests = self.digests_path.open("a", encoding="utf-8")
        self._manifest = self.manifest_path.open("a", encoding="utf-8")
        self.counts = {"done": 0, "failed": 0, "skipped_done": 0}

    def write(self, outcomes: list[Outcome]) -> None:
        """A group of results: Markdown files, then the digest lines, then the manifest lines."""
        done = [o for o in outcomes if o.line]
        manifest = []
        for o in outcomes:
            if o.line:
                path = self._write_markdown(o.key, o.relative or o.title or o.key, o.payload) if self.markdown_dir \
                    else None
                manifest.append({"key": o.key, "status": "done", "id": o.id, "cached": o.cached,
                                 "markdown": str(path) if path else None})
            elif self.failed.get(o.key) != o.payload:  # one line per final state, not one per retry
                manifest.append({"key": o.key, "status": "failed", "error": o.payload})
                self.failed[o.key] = o.payload
        _append(self._digests, [o.line for o in done])  # the lines that make inputs done
        _append(self._manifest, [json.dumps(m, ensure_ascii=False) for m in manifest])
        self.done.update(o.key for o in done)
        self.counts["done"] += len(done)
        self.counts["failed"] += len(outcomes) - len(done)

    def _write_markdown(self, key: str, relative: str, text: str) -> Path | None:
        """The digest's Markdown file: where this input's file was (settings changed), else a free name below
        the folder; a file that cannot be written (a name the file system refuses) is None, the digest kept."""
        before = self.markdown_of.get(key)
        target = Path(before) if before and Path(before).resolve().is_relative_to(self.markdown_dir.resolve()) \
            else self._free_name(relative, text)
        self.names.add(str(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return atomic_write(target, text)
        except OSError:
            return None

    def _free_name(self, relative: str, text: str) -> Path:
        target = self.markdown_dir / safe_relative(relative)
        base, n = target.with_suffix(""), 2
        while str(target) in self.names or (target.exists() and target.read_text(encoding="utf-8") != text):
            target = base.with_name(f"{base.name}-{n}.md")
            n += 1
        return target

    def close(self) -> None:
        self._digests.close()
        self._manifest.close()
        if self.stale & self.done:  # digested again: one line per input, the latest
            _rewrite(self.digests_path, _latest(_lines(self.digests_path)))
        self._lock.close()


def _lock(out: Path) -> IO[str]:
    """The folder's lock, held while a run writes there: a second run into it is refused (its appends would
    go to a file the first run's clean-up replaces)."""
    f = (out / ".lock").open("w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise InputError(f"another batch run is writing {out}", "wait for it to end, or pass another --out") from None
    return f


def _rewrite(path: Path, latest: dict[str, dict[str, Any]]) -> None:
    atomic_write(path, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in latest.values()))


def _latest(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each input's latest digest line, by key."""
    return {d["batch"]["key"]: d for d in lines if "batch" in d}


def _fingerprint(digest: dict[str, Any]) -> str:
    return (digest.get("provenance") or {}).get("fingerprint", "")


def _append(f, lines: list[str]) -> None:
    if lines:
        f.write("".join(line + "\n" for line in lines))
        f.flush()
        os.fsync(f.fileno())


def safe_name(part: str, limit: int = 80) -> str:
    """One path component: no separators, control characters, dot-only names; at most ``limit`` characters
    and 200 bytes (a name of 90 rare characters is 360 bytes: more than a file system takes)."""
    part = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", part).strip().strip(".")
    return part[:limit].encode("utf-8")[:200].decode("utf-8", "ignore") or "untitled"


def safe_relative(relative: str) -> Path:
    """A relative path below the output folder, whatever the input: no '..', no absolute paths."""
    parts = [safe_name(p) for p in re.split(r"[\\/]+", relative) if p not in ("", ".", "..")]
    path = Path(*parts[-6:]) if parts else Path("untitled")
    if path.suffix.lower() in (".md", ".txt", ".html", ".htm", ".json", ".jsonl"):  # an input file's: replaced
        return path.with_suffix(".md")
    return path.with_name(path.name + ".md")  # v1.2 is v1.2.md, not v1.md
