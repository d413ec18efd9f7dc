"""Precision of the checks (a benchmark, not a test): the numbers and names checks run on human reference
translations, where every flag is a checker error. WMT21 zh→en newstest, the first N pairs.

    python eval/bench_checks.py ../shared/data/translation/wmt21-newstest.zh-en.jsonl --limit 500
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from report import emit, signature

from summarize.checks import check_names, check_numbers
from summarize.glossary import build, lexicon_version
from summarize.ingest import parse


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", type=Path)
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--out", type=Path)
    p.add_argument("--show", type=int, default=15, help="flags to print")
    args = p.parse_args()
    pairs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()[:args.limit]]
    flagged, numbers, names, shown = 0, [0, 0], [0, 0], []
    for pair in pairs:
        article = parse(pair["zh"], name="wmt")
        outputs = {"translation[0]": ("en", pair["en"], pair["zh"])}
        n_checked, n_issues = check_numbers(article, outputs)
        m_checked, m_issues = check_names(build(article), outputs)
        numbers = [numbers[0] + n_checked, numbers[1] + len(n_issues)]
        names = [names[0] + m_checked, names[1] + len(m_issues)]
        if n_issues or m_issues:
            flagged += 1
            shown += [f"  number {i.text!r} | {pair['zh'][:60]}" for i in n_issues]
            shown += [f"  name {i.zh} → {i.en!r} | {pair['en'][:80]}" for i in m_issues]
    lines = [f"checks on human references ({args.data.name}, first {len(pairs)}): {flagged} sentences flagged "
             f"({flagged / len(pairs):.1%}; target ≤ 3%): every flag is a checker error",
             f"  numbers: {numbers[0]} checked, {numbers[1]} flagged; names: {names[0]} checked, {names[1]} flagged",
             "first flags:", *shown[:args.show],
             signature(f"lexicon {lexicon_version()}")]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
