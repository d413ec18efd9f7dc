"""Key points against the editor's own (found and removed by the ingester): extractive card vs lead-k.

    python eval/keypoints_rouge.py ../shared/data/36kr [--points 3] [--out eval/results/keypoints-36kr.md]

Every article in the folder whose editor summary the ingester found is scored; ROUGE on characters
(see summarize.metrics.SIGNATURE), F1 per article, averaged.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import date
from pathlib import Path

from summarize import __version__
from summarize.cards import load_card
from summarize.errors import SummarizeError
from summarize.ingest import load
from summarize.metrics import SIGNATURE, rouge_zh
from summarize.registry import load as load_backend


def variants(points: int, card: str):
    summarizer = load_backend(card, "summarize")
    return {
        f"{card} (card)": lambda a: [k.text for k in summarizer.key_points(a, points)],
        "lead-3": lambda a: [s.text for s in a.sentences[:3]],
        "lead-1": lambda a: [s.text for s in a.sentences[:1]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--points", type=int, default=3)
    parser.add_argument("--card", default="extractive")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    articles = []
    for path in sorted(args.data.rglob("*.md")):
        try:
            article = load(path)
        except SummarizeError as e:
            print(f"skipped {path}: {e}", file=sys.stderr)
            continue
        if article.reference_points:
            articles.append(article)
    if not articles:
        print(f"no article with editor key points under {args.data}", file=sys.stderr)
        return 2
    rows = []
    for name, fn in variants(args.points, args.card).items():
        scores = [rouge_zh("".join(fn(a)), "".join(a.reference_points)) for a in articles]
        rows.append((name, *(statistics.mean(s[m].f1 for s in scores) for m in ("rouge1", "rouge2", "rougeL"))))
    card = load_card(args.card)
    lines = [
        f"Key points vs editor's points: {len(articles)} articles under {args.data}, {args.points} points",
        f"signature: {SIGNATURE}|card:{card.name}|options:{card.options}|summarize:{__version__}|"
        f"python:{sys.version.split()[0]}|date:{date.today()}",
        "",
        "| variant | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 |",
        "|---|---|---|---|",
        *[f"| {r[0]} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.4f} |" for r in rows],
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
