"""The number checks of this code on the digests of an earlier batch run, beside the ones the run wrote: what a
change to the checks catches or stops catching, on English a model really wrote, without running the model again.
Each digest's article is read again from its ``source_path``.

    python eval/recheck_digests.py OUT/digests.jsonl [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, signature

from summarize.data import AlignedSentence, KeyPoint, Term
from summarize.faithful import english_fields
from summarize.number_checks import check_numbers
from summarize.pipeline import Pipeline
from summarize.textutil import json_lines


def recheck(pipeline: Pipeline, d: dict) -> tuple[int, list]:
    article = pipeline.ingest(Path(d["source_path"]))
    points = [KeyPoint(p["zh"], tuple(p["source_sentence_ids"])) for p in d["key_points"]]  # English by the translator
    translation = [AlignedSentence(a["id"], a["paragraph"], a["zh"], a["en"]) for a in d["translation"]]
    outputs = english_fields(article, points, d["title_en"], d["key_points_en"], translation,
                             d.get("reference_points_en", ()))
    glossary = tuple(Term(t["zh"], t["en"], t["source"]) for t in d.get("glossary", ()))
    return check_numbers(article, outputs, glossary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("digests", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    pipeline = Pipeline.from_cards()
    lines, totals = [], [0, 0, 0, 0]  # digests, numbers checked, flagged then, flagged now
    for d in map(json.loads, json_lines(args.digests.read_text(encoding="utf-8"))):
        then = {(i["where"], i["text"]) for i in d["checks"]["numbers"]["unmatched"]}
        checked, issues = recheck(pipeline, d)
        english = {f"translation[{a['id']}]": a["en"] for a in d["translation"]} | {
            f"key_points_en[{k}]": en for k, en in enumerate(d["key_points_en"])} | {"title_en": d["title_en"]}
        for i in issues:
            new = "new" if (i.where, i.text) not in then else "was flagged"
            lines.append(f"{d['id']} {i.where} {i.text!r} ({new}): {i.why} | {english.get(i.where, '')[:150]}")
        lines += [f"{d['id']} {w} {t!r}: no longer flagged" for w, t in then - {(i.where, i.text) for i in issues}]
        totals = [totals[0] + 1, totals[1] + checked, totals[2] + len(then), totals[3] + len(issues)]
    lines += ["", f"{totals[0]} digests of {args.digests}: {totals[1]} numbers checked; flagged by the run "
              f"{totals[2]}, by this code {totals[3]}", signature("checks: numbers")]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
