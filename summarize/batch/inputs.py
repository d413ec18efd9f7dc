"""Batch inputs, streamed one at a time: files and folders (with globs), JSONL files, Hugging Face datasets.

Each item's key is stable across runs and spellings: files are keyed by their resolved path, JSONL records by
the resolved file and the record id. An input that cannot become an article (a missing path, a JSONL line
that is not JSON or lacks the text field) is an item with its ``error``: recorded as failed, never dropped.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.errors import InputError

DEFAULT_GLOBS = ("*.md", "*.txt", "*.html", "*.htm")


@dataclass(frozen=True)
class Item:
    key: str  # unique and stable across runs: what the manifest records
    source: str  # a path, or "file.jsonl:line"
    text: str | None = None  # the article itself (JSONL, datasets); None: read ``source`` as a file
    relative: str = ""  # path below the input folder, mirrored by the Markdown output
    id: str = ""  # the article id when the input names none: file stem, or the record's id
    error: str = ""  # why this input cannot be digested


def iter_items(inputs: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS, text_field: str = "text",
               id_field: str = "id") -> Iterator[Item]:
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _folder(path, globs)
        elif path.suffix == ".jsonl" and path.is_file():
            yield from _jsonl(path, text_field, id_field)
        elif path.is_file() or path.exists():
            yield _file(path, path.name)
        else:
            matches = sorted(Path().glob(raw)) if any(c in raw for c in "*?[") else []
            if not matches:
                yield Item(f"missing:{_resolved(path)}", raw, id=path.stem,
                           error=f"no such file, folder or glob match: {raw}; check the path")
                continue
            yield from iter_items([str(m) for m in matches], globs, text_field, id_field)


def count_items(inputs: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS) -> int:
    """How many items ``iter_items`` will yield (for the progress bar's ETA): names and lines, nothing parsed."""
    n = 0
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            n += sum(1 for _ in _folder(path, globs))
        elif path.suffix == ".jsonl" and path.is_file():
            with path.open("rb") as f:
                n += sum(1 for line in f if line.strip())
        elif any(c in raw for c in "*?[") and not path.exists():
            n += count_items([str(m) for m in sorted(Path().glob(raw))], globs) or 1
        else:
            n += 1
    return n


def _resolved(path: Path) -> str:
    return str(path.resolve())


def _file(path: Path, relative: str) -> Item:
    return Item(_resolved(path), str(path), relative=relative, id=path.stem)


def _folder(folder: Path, globs: tuple[str, ...]) -> Iterator[Item]:
    """The folder's files, each with its stem as id (a1); where two share a stem, the path below the folder
    (sub/a1), with the suffix where they differ only by it (x.md, x.txt): no two articles share an id."""
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    runs = [p.parent for p in found if p.name == "manifest.jsonl" and (p.parent / "digests.jsonl").is_file()]
    paths = [p for p in found if any(fnmatch.fnmatch(p.name, g) for g in globs)
             and not any(p.is_relative_to(run) for run in runs)]  # a batch run's own output (its Markdown) is no input
    relatives = [p.relative_to(folder) for p in paths]
    stems = Counter(p.stem for p in paths)
    below = Counter(r.with_suffix("").as_posix() for r in relatives)
    ids = [r.stem if stems[r.stem] == 1 else r.with_suffix("").as_posix() if below[r.with_suffix("").as_posix()] == 1
           else r.as_posix() for r in relatives]
    shared = Counter(ids)  # x.md beside x.md.txt: the relative path, which no two files share
    for path, relative, rid in zip(paths, relatives, ids, strict=True):
        yield replace(_file(path, str(relative)), id=rid if shared[rid] == 1 else relative.as_posix())


def _jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Item]:
    base = _resolved(path)
    seen: dict[str, str] = {}  # record id → hash of its text: the same id with other text is another article
    with path.open(encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            item = _record(line, n, path, base, text_field, id_field, seen) if line.strip() else None
            if item is not None:
                yield item


def _record(line: str, n: int, path: Path, base: str, text_field: str, id_field: str,
            seen: dict[str, str]) -> Item | None:
    where = f"{path}:{n}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        return Item(f"{base}:line{n}", where, error=f"{where} is not JSON ({e.msg}); fix or remove the line")
    if isinstance(record, dict) and text_field in record and not isinstance(record[text_field], str):
        return Item(f"{base}:line{n}", where, error=f"{where}: its {text_field!r} is not text "
                    f"({type(record[text_field]).__name__}); write the article there as a string")
    if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
        fields = ", ".join(sorted(record)) if isinstance(record, dict) else type(record).__name__
        return Item(f"{base}:line{n}", where, error=f"{where} has no text field {text_field!r} (it has: {fields}); "
                    "pass --text-field NAME")
    rid = str(n) if record.get(id_field) in (None, "") else str(record[id_field])  # an id of null: the line's
    digest = hashlib.sha256(record[text_field].encode()).hexdigest()
    if seen.get(rid) == digest:
        return None  # the very same record again
    if rid in seen:
        rid = f"{rid}~line{n}"  # same id, another article: digested under its own id, not skipped as done
    seen[rid] = digest
    text = json.dumps({**record, "text": record[text_field]}, ensure_ascii=False) if "title" in record \
        else record[text_field]
    return Item(f"{base}:{rid}", where, text=text, relative=f"{path.stem}/{rid}", id=rid)


def iter_dataset(name: str, split: str, text_field: str, id_field: str) -> Iterator[Item]:
    try:
        import datasets  # noqa: PLC0415
    except ImportError:
        raise InputError("--dataset needs the `datasets` package", "pip install -e '.[eval]'") from None
    try:
        rows = datasets.load_dataset(name, split=split, streaming=True)
    except Exception as e:  # noqa: BLE001
        raise InputError(f"cannot load dataset {name!r} split {split!r}: {e}"[:300], "check the name and split") from None
    for n, row in enumerate(rows):
        rid = row.get(id_field, n)
        yield Item(f"{name}:{split}:{rid}", f"{name}:{split}:{rid}", text=str(row.get(text_field) or ""),
                   relative=f"{split}/{rid}", id=str(rid))
