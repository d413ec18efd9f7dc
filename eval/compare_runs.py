"""Two translation eval runs side by side, on the documents both scored: corpus chrF and BLEU of each, and the
mean sentence-chrF difference (B - A) with its paired bootstrap interval. For a change that no card option
can switch off (the old code's run is the committed one), so the comparison is between runs, not variants.

    python eval/compare_runs.py eval/results/wmt21-zhen-server-inline eval/results/wmt21-zhen-server-tight \
        --variant-a eval/cards/qwen2.5-coder-1.5b-gguf-server-terms-inline.toml --out DIR/compare.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from report import emit, signature

from summarize.errors import InputError
from summarize.evaluation.scores import BOOTSTRAP_SIGNATURE, bleu_chrf, paired_bootstrap, sentence_chrf
from summarize.textutil import json_lines


def outputs(run: Path, variant: str | None) -> tuple[str, dict[str, tuple[str, str]]]:
    """(the variant, {document id: (its output, the reference)}) of a run's samples.jsonl; the variant may be
    left out where the run has only one."""
    samples = [json.loads(line) for line in json_lines((run / "samples.jsonl").read_text(encoding="utf-8"))]
    names = sorted({v for s in samples for v in s["outputs"]})
    if variant is None and len(names) == 1:
        variant = names[0]
    if variant not in names:
        raise InputError(f"{run} has variants {', '.join(names)}: name one with --variant-a / --variant-b")
    return variant, {s["id"]: (s["outputs"][variant], s["reference"]) for s in samples
                     if s["outputs"].get(variant) is not None}  # a failed document was not scored


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("a", type=Path, help="the first eval results folder (the baseline)")
    p.add_argument("b", type=Path, help="the second")
    p.add_argument("--variant-a")
    p.add_argument("--variant-b")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    try:
        name_a, a = outputs(args.a, args.variant_a)
        name_b, b = outputs(args.b, args.variant_b)
    except (InputError, OSError) as e:
        p.error(str(e))
    ids = [i for i in a if i in b]
    rows = []
    for label, run, name, got in (("A", args.a, name_a, a), ("B", args.b, name_b, b)):
        scores = bleu_chrf([got[i][0] for i in ids], [got[i][1] for i in ids], "en")
        rows.append(f"| {label} | {run} | {name} | {scores['chrf'][0]:.1f} | {scores['bleu'][0]:.1f} |")
    sa = [sentence_chrf(*a[i]) for i in ids]
    sb = [sentence_chrf(*b[i]) for i in ids]
    delta, low, high = paired_bootstrap(sa, sb)
    same = sum(a[i][0] == b[i][0] for i in ids)
    lines = [f"{len(ids)} documents scored in both runs; {same} outputs the same", "",
             "| run | folder | variant | chrF | BLEU |", "|---|---|---|---|---|", *rows, "",
             f"sentence chrF, B - A: {delta:+.2f} [{low:+.2f}, {high:+.2f}] ({BOOTSTRAP_SIGNATURE})", "",
             signature(scores["chrf"][1], scores["bleu"][1])]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
