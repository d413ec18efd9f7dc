"""Evaluation records from JSONL / JSON / CSV / TSV files, a folder of articles (the editor's key points
found by the ingester are the references), or a Hugging Face dataset (``load_dataset``, local files here).

A record that cannot be used (missing field, empty reference) is skipped and counted with its reason;
nothing halfway through a file stops the others.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.errors import InputError, SummarizeError
from summarize.textutil import json_lines

ARTICLE_SUFFIXES = (".md", ".txt", ".html")


@dataclass(frozen=True)
class Record:
    id: str
    document: str | Path  # the text, or (a folder of articles) the article file
    references: tuple[str, ...]


@dataclass
class Dataset:
    name: str
    records: list[Record]
    skipped: Counter[str] = field(default_factory=Counter)


def load_records(data: str, document_field: str = "document", reference_field: str = "summary",
                 id_field: str = "id", split: str = "train", limit: int | None = None, seed: int | None = None) -> Dataset:
    """Records from ``data``: a JSONL/JSON/CSV/TSV file, a folder of articles (.md/.txt/.html), or else a
    name or path for ``datasets.load_dataset`` (e.g. a folder of JSONL or Parquet files)."""
    path = Path(data)
    if path.is_dir() and any(p.suffix in ARTICLE_SUFFIXES for p in path.rglob("*")):
        dataset = _folder(path)
    elif path.suffix.lower() in (".jsonl", ".json", ".csv", ".tsv") and path.is_file():
        dataset = _rows(path, _read_rows(path), document_field, reference_field, id_field)
    else:
        dataset = _rows(path, _hf_rows(data, split), document_field, reference_field, id_field)
    if not dataset.records:
        reasons = ", ".join(f"{n} {why}" for why, n in dataset.skipped.items()) or "no rows"
        raise InputError(f"no usable record in {data} ({reasons})",
                         "check --document-field and --reference-field against the file's columns")
    if seed is not None:
        random.Random(seed).shuffle(dataset.records)
    if limit:
        dataset.records = dataset.records[:limit]
    return dataset


def _read_rows(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Excel's CSV) is no part of the first field
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}", "pass a UTF-8 JSONL, JSON, CSV or TSV file") from None
    suffix = path.suffix.lower()
    if suffix == ".jsonl":  # lines end at "\n" only: U+2028 inside a JSON string is text, not a line break
        return [_row(line, n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{path} is not valid JSON ({e.msg} at line {e.lineno})",
                             'pass a JSON list of records, {"data": [...]}, or JSONL') from None
        rows = data.get("data") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise InputError(f"{path} holds no list of records", 'pass a JSON list of records or {"data": [...]}')
        return [r if isinstance(r, dict) else {"__error__": f"record {n} is not an object"} for n, r in
                enumerate(rows, 1)]
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a long article is one field
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ","))


def _row(line: str, n: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return {"__error__": f"line {n} is not JSON"}
    return row if isinstance(row, dict) else {"__error__": f"line {n} is not an object"}


def _hf_rows(name: str, split: str) -> list[dict[str, Any]]:
    try:
        import datasets  # noqa: PLC0415
    except ImportError:
        raise InputError("reading a Hugging Face dataset needs the `datasets` package",
                         "pip install -e '.[eval]'") from None
    try:
        return list(datasets.load_dataset(name, split=split))
    except Exception as e:  # noqa: BLE001 - datasets raises many kinds; all mean "cannot read"
        raise InputError(f"cannot load dataset {name!r} split {split!r}: {type(e).__name__}: {e}"[:300],
                         "pass a JSONL/CSV/TSV file, a folder of articles, or a local dataset path") from None


def _rows(source: Path, rows: list[dict[str, Any]], doc: str, ref: str, id_field: str) -> Dataset:
    """Records of the rows; a row with the id of an earlier one is skipped (scores are kept by id)."""
    if id_field != "id" and rows and not any(id_field in row for row in rows):
        raise InputError(f"no record of {source} has the field {id_field!r}", "check --id-field against its fields")
    dataset, seen = Dataset(str(source), []), set()
    given = {str(row[id_field]) for row in rows if row.get(id_field) not in (None, "")}  # "__error__" rows have none
    for n, row in enumerate(rows, 1):
        if "__error__" in row:
            dataset.skipped[row["__error__"].split(" is ")[-1]] += 1
            continue
        if doc not in row or ref not in row:
            missing = doc if doc not in row else ref
            dataset.skipped[f"missing field {missing!r}"] += 1
            continue
        refs = row[ref] if isinstance(row[ref], list) else [row[ref]]
        refs = tuple(str(r).strip() for r in refs if r and str(r).strip())
        if not str(row[doc] or "").strip() or not refs:
            dataset.skipped["empty document or reference"] += 1
            continue
        rid = str(row[id_field]) if row.get(id_field) not in (None, "") else \
            str(n) if str(n) not in given else f"row-{n}"  # a row with no id: its number, unless a row has that id
        if rid in seen:
            dataset.skipped["duplicate id"] += 1
            continue
        seen.add(rid)
        dataset.records.append(Record(rid, str(row[doc]), refs))
    return dataset


def _folder(folder: Path) -> Dataset:
    from summarize.ingest import load  # noqa: PLC0415

    dataset = Dataset(str(folder), [])
    for path in sorted(p for p in folder.rglob("*") if p.suffix in ARTICLE_SUFFIXES):
        try:
            article = load(path)
        except SummarizeError as e:
            dataset.skipped[f"unreadable ({e.message[:40]})"] += 1
            continue
        if not article.reference_points:
            dataset.skipped["no editor key points"] += 1
            continue
        dataset.records.append(Record(article.id, path, article.reference_points))
    return dataset


def load_pinned(path: str) -> dict[str, dict]:
    """References pinned in an index (JSONL of ``{id, reference_points, tier}``), so that a change of the
    ingester's editor-point detector cannot move the references a suite scores against."""
    try:
        lines = json_lines(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise InputError(f"cannot read pinned references {path}: {e}", "fix the suite's `pinned` path") from None
    rows = [json.loads(line) for line in lines]
    return {str(r["id"]): r for r in rows if r.get("reference_points")}
