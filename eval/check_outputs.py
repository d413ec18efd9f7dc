"""The digest's names, numbers and bounds checks on every variant of a translation eval run (its samples.jsonl), beside
the same checks on the human references (whose flags are checker errors): how many glossary names each variant
left out, how many of its numbers have no source, and how many bounded numbers (超过3500万, 30多名) lost
their bound.

    python eval/check_outputs.py eval/results/wmt21-zhen-server-ablation \
        ../shared/data/translation/wmt21-newstest.zh-en.jsonl --out eval/results/wmt21-zhen-server-ablation/checks.md
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from report import emit, signature

from summarize.bounds import check_bounds
from summarize.checks import check_names
from summarize.errors import InputError
from summarize.glossary import build, lexicon_version
from summarize.ingest import parse
from summarize.number_checks import check_numbers
from summarize.textutil import json_lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path, help="an eval results folder with samples.jsonl")
    p.add_argument("data", type=Path, help="the suite's data (JSONL with id, zh)")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    sources = {r["id"]: r["zh"] for r in map(json.loads, json_lines(args.data.read_text(encoding="utf-8")))}
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 8)  # n, names, missing, numbers, bad, bounds, dropped, flagged
    for sample in map(json.loads, json_lines((args.run / "samples.jsonl").read_text(encoding="utf-8"))):
        try:
            article = parse(sources[sample["id"]], name="wmt")
        except InputError:
            continue
        glossary = build(article)
        for variant, english in {"reference": sample["reference"], **sample["outputs"]}.items():
            outputs = {"translation[0]": ("en", english or "", sources[sample["id"]])}
            n_checked, n_issues = check_numbers(article, outputs)
            m_checked, m_issues = check_names(glossary, outputs)
            b_checked, b_issues = check_bounds(outputs)
            row = totals[variant]
            for k, v in enumerate((1, m_checked, len(m_issues), n_checked, len(n_issues), b_checked, len(b_issues),
                                   int(bool(n_issues or m_issues or b_issues)))):
                row[k] += v
    lines = [f"checks on the outputs of {args.run} (names: glossary names of the source left out; numbers: numbers "
             "with no source; bounds: bounded numbers written with no bound or the other one; the reference row's flags "
             "are checker errors)", "",
             "| variant | sentences | names missing | numbers unmatched | bounds dropped | sentences flagged |",
             "|---|---|---|---|---|---|"]
    for variant, (n, names, missing, numbers, bad, bounds, dropped, flagged) in totals.items():
        lines.append(f"| {variant} | {n} | {missing} of {names} ({missing / max(1, names):.1%}) | {bad} of {numbers} "
                     f"| {dropped} of {bounds} | {flagged} ({flagged / max(1, n):.1%}) |")
    emit([*lines, "", signature(f"lexicon {lexicon_version()}")], args.out)


if __name__ == "__main__":
    main()
