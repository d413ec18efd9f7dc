"""The glossary builder against a gold list written for the project (a benchmark, not a test): each
sentence's name must be in its glossary with an accepted English.

    python eval/bench_names.py [--gold eval/suites/names-gold.tsv] [--out eval/results/names-gold.txt]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from report import emit, signature

from summarize.glossary import build, lexicon_version
from summarize.ingest import parse


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gold", type=Path, default=Path(__file__).parent / "suites" / "names-gold.tsv")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    rows = [line.split("\t") for line in args.gold.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    right, wrong, by_source = 0, [], Counter()
    for sentence, zh, accepted in rows:
        terms = {t.zh: t for t in build(parse(sentence))}
        term = terms.get(zh)
        if term is not None and term.en in accepted.split("|"):
            right += 1
            by_source[term.source] += 1
        else:
            wrong.append(f"  {zh}: got {term.en if term else 'nothing'!r} ({term.source if term else '-'}), "
                         f"accepted {accepted!r}")
    lines = [f"glossary builder on {len(rows)} gold names and terms: {right} right ({right / len(rows):.1%}; "
             f"target ≥ 95%)", f"  right by source: {dict(by_source)}", "wrong:", *wrong,
             signature(f"lexicon {lexicon_version()}")]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
