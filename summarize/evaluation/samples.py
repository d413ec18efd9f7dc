"""Per-sample outputs, so that a benchmarker can read what changed, not only the averages: ``samples.jsonl``
(each record's reference, every variant's output and scores) and ``side-by-side.md`` (two variants on the
records where they differ most)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from summarize.evaluation.run import VariantResult
from summarize.fsutil import atomic_write

SHOWN = 20  # records in the side-by-side view


def write_samples(out: Path, results: list[VariantResult], references: dict[str, str], key: str) -> None:
    lines = []
    for rid, reference in references.items():
        lines.append(json.dumps({
            "id": rid, "reference": reference,
            "outputs": {r.name: r.outputs.get(rid) for r in results},
            "scores": {r.name: r.per_doc.get(rid) for r in results},
            "failed": {r.name: r.failed[rid] for r in results if rid in r.failed},
        }, ensure_ascii=False))
    atomic_write(out / "samples.jsonl", "".join(line + "\n" for line in lines))
    if len(results) >= 2:
        atomic_write(out / "side-by-side.md", side_by_side(results[0], results[1], references, key))


def side_by_side(a: VariantResult, b: VariantResult, references: dict[str, str], key: str) -> str:
    """The records where ``b`` differs most from ``a`` on ``key``, both outputs beside the reference."""
    both = [rid for rid in references if rid in a.per_doc and rid in b.per_doc]
    both.sort(key=lambda rid: -abs(_score(b, rid, key) - _score(a, rid, key)))
    out = [f"# {b.name} vs {a.name}: the {min(SHOWN, len(both))} records that differ most on {key}", "",
           f"| id | Δ{key} | reference | {a.name} | {b.name} |", "|---|---|---|---|---|"]
    for rid in both[:SHOWN]:
        delta = _score(b, rid, key) - _score(a, rid, key)
        cells = (references[rid], a.outputs.get(rid, ""), b.outputs.get(rid, ""))
        out.append(f"| {rid} | {delta:+.3f} | " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def _score(result: VariantResult, rid: str, key: str) -> float:
    value: Any = result.per_doc[rid].get(key, 0.0)
    return float(value or 0.0)


def _cell(text: str) -> str:
    return html.escape(" ".join(text.split())[:300], quote=False).replace("|", "\\|")
