"""Batch inputs, streamed one at a time: files and folders (with globs), JSONL files, Hugging Face datasets."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError

DEFAULT_GLOBS = ("*.md", "*.txt", "*.html", "*.htm")


@dataclass(frozen=True)
class Item:
    key: str  # unique and stable across runs: what the manifest records
    source: str  # a path, or "file.jsonl:line"
    text: str | None = None  # the article itself (JSONL, datasets); None: read ``source`` as a file
    relative: str = ""  # path below the input folder, mirrored by the Markdown output
    id: str = ""  # the article id: file stem, or the record's id


def iter_items(inputs: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS, text_field: str = "text",
               id_field: str = "id") -> Iterator[Item]:
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _folder(path, globs)
        elif path.suffix == ".jsonl" and path.is_file():
            yield from _jsonl(path, text_field, id_field)
        elif path.is_file():
            yield Item(str(path), str(path), relative=path.name, id=path.stem)
        else:
            matches = sorted(Path().glob(raw)) if any(c in raw for c in "*?[") else []
            if not matches:
                raise InputError(f"no such file, folder or glob match: {raw}", "check the path")
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
        elif path.is_file():
            n += 1
        elif any(c in raw for c in "*?["):
            n += count_items([str(m) for m in sorted(Path().glob(raw))], globs)
    return n


def _folder(folder: Path, globs: tuple[str, ...]) -> Iterator[Item]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and any(fnmatch.fnmatch(path.name, g) for g in globs):
            relative = str(path.relative_to(folder))
            yield Item(str(path), str(path), relative=relative, id=path.stem)


def _jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Item]:
    with path.open(encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            key = f"{path}:{n}"
            try:
                record = json.loads(line)
                text = record[text_field]
                key = f"{path}:{record.get(id_field, n)}"
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
                yield Item(key, key, text="")  # recorded as failed with its reason, not dropped
                continue
            yield Item(key, key, text=json.dumps({**record, "text": text}, ensure_ascii=False)
                       if "title" in record else str(text), relative=f"{path.stem}/{record.get(id_field, n)}",
                       id=str(record.get(id_field, n)))


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
