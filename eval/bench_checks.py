"""Precision of the checks (a benchmark, not a test): the numbers, names and bounds checks run on human reference
translations, where every flag is a checker error. WMT21 zh→en newstest, the first N pairs.

    python eval/bench_checks.py ../shared/data/translation/wmt21-newstest.zh-en.jsonl --limit 500
"""

from __future__ import annotations

import argparse
import json
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
    p.add_argument("data", type=Path)
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--out", type=Path)
    p.add_argument("--show", type=int, default=15, help="flags to print")
    args = p.parse_args()
    pairs = [json.loads(line) for line in json_lines(args.data.read_text(encoding="utf-8"))[:args.limit]]
    flagged, numbers, names, shown = 0, [0, 0], [0, 0], []
    skipped, wrong, bounds = 0, [0, 0], [0, 0]  # names checked / caught against a wrong English (the next pair's)
    for pair, other in zip(pairs, pairs[1:] + pairs[:1], strict=True):
        try:
            article = parse(pair["zh"], name="wmt")
        except InputError:  # a pair with no sentence to check (punctuation only)
            skipped += 1
            continue
        outputs = {"translation[0]": ("en", pair["en"], pair["zh"])}
        n_checked, n_issues = check_numbers(article, outputs)
        glossary = build(article)
        m_checked, m_issues = check_names(glossary, outputs)
        w_checked, w_issues = check_names(glossary, {"translation[0]": ("en", other["en"], pair["zh"])})
        wrong = [wrong[0] + w_checked, wrong[1] + len(w_issues)]
        numbers = [numbers[0] + n_checked, numbers[1] + len(n_issues)]
        names = [names[0] + m_checked, names[1] + len(m_issues)]
        b_checked, b_issues = check_bounds(outputs)
        bounds = [bounds[0] + b_checked, bounds[1] + len(b_issues)]
        if n_issues or m_issues or b_issues:
            flagged += 1
            shown += [f"  number {i.text!r} | {pair['zh'][:60]}" for i in n_issues]
            shown += [f"  name {i.zh} → {i.en!r} | {pair['en'][:80]}" for i in m_issues]
            shown += [f"  bound {i.zh} → {i.en!r} | {pair['en'][:80]}" for i in b_issues]
    lines = [f"checks on human references ({args.data.name}, first {len(pairs)}, {skipped} with no sentence): "
             f"{flagged} sentences flagged ({flagged / len(pairs):.1%}; target ≤ 3%): every flag is a checker error",
             f"  numbers: {numbers[0]} checked, {numbers[1]} flagged; names: {names[0]} checked, {names[1]} flagged; "
             f"bounds (超过, 不足, 30多): {bounds[0]} checked, {bounds[1]} flagged",
             f"  recall, names against the next pair's English (wrong): {wrong[1]} of {wrong[0]} caught "
             f"({wrong[1] / max(1, wrong[0]):.1%})",
             "first flags:", *shown[:args.show],
             signature(f"lexicon {lexicon_version()}")]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
