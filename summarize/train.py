"""``summarize train``: learn a sentence ranker from any data with references, and write its card.

    summarize train --data ../shared/data/36kr/articles --data '../shared/data/lcsts/lcsts-dev.jsonl[1000:]' \
        --out my-ranker

``--data`` (repeatable) is a folder of articles (the editor's points the ingester finds are the
references), a JSONL/CSV/TSV file of document/summary pairs, or a ``datasets`` name; ``PATH[a:b]`` keeps
records a to b. It writes ``<name>.json`` (the model, < 1 MB, with its sha256 beside it), ``<name>.toml``
(the card: ``--summarizer <dir>/<name>.toml``) and ``<name>-training.md`` (the report: references found
per shape, cross-validated scores, the data signature, seed and versions).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import sys
import time
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.errors import BackendUnavailableError, ConfigError, InputError
from summarize.fsutil import check_writable

MIN_DOCUMENTS = 30  # fewer documents with references than this is not enough to learn from
MIN_POSITIVES = 30  # nor fewer oracle sentences


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", action="append", required=True, metavar="PATH",
                        help="folder of articles, JSONL/CSV/TSV pairs or a datasets name; PATH[a:b] keeps records a to b")
    parser.add_argument("--out", type=Path, required=True, help="folder for the model file, card and report")
    parser.add_argument("--name", default="extractive-learned", help="card name (default extractive-learned)")
    parser.add_argument("--document-field", default="document")
    parser.add_argument("--reference-field", default="summary")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds, by document (default 5)")
    parser.add_argument("--quiet", action="store_true")


def main(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401, PLC0415 - only training needs it
    except ImportError:
        raise BackendUnavailableError("learned", "scikit-learn", "pip install -e '.[train]'") from None
    from summarize.learn.dataset import read_sources  # noqa: PLC0415
    from summarize.learn.fit import Settings, cross_validate, fit  # noqa: PLC0415

    if args.folds < 2:
        raise ConfigError(f"--folds {args.folds}: cross-validation needs at least 2 folds", "pass --folds 2 or more")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", args.name):
        raise ConfigError(f"--name {args.name!r} is not a plain card name", "use letters, digits, '.', '-', '_'")
    if not 0 <= args.seed < 2**32:
        raise ConfigError(f"--seed {args.seed} is out of range", "use 0 to 4,294,967,295")
    check_writable(args.out, folder=True)  # before the training, not after it
    start = time.perf_counter()
    settings = Settings(seed=args.seed, folds=args.folds)
    corpus = read_sources(args.data, args.document_field, args.reference_field)
    _say(f"{len(corpus.docs)} documents with references: {corpus.shapes()}", args.quiet)
    check_enough(corpus)
    cv = cross_validate(corpus.docs, settings)
    ranker = fit(corpus.docs, settings)
    info = training_info(corpus, settings, ranker.training["C"], cv)
    ranker = replace(ranker, training=info)
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / f"{args.name}.json"
    ranker.save(model)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    model.with_name(model.name + ".sha256").write_text(digest + "\n", encoding="utf-8")
    (args.out / f"{args.name}.toml").write_text(card_text(args.name, info), encoding="utf-8")
    seconds = time.perf_counter() - start
    report = report_text(args.name, info, digest, seconds, model.stat().st_size)
    (args.out / f"{args.name}-training.md").write_text(report, encoding="utf-8")
    print(report, end="")
    _say(f"wrote {args.out / (args.name + '.toml')}: use it with --summarizer {args.out / (args.name + '.toml')}",
         args.quiet)
    return 0


def _say(text: str, quiet: bool) -> None:
    if not quiet:
        print(text, file=sys.stderr)


def check_enough(corpus) -> None:
    """Refuse a training set too small to learn from, saying what was found per shape."""
    positives = int(sum(d.y.sum() for d in corpus.docs))
    negatives = int(sum(len(d.y) - d.y.sum() for d in corpus.docs))  # every sentence chosen: nothing to rank
    if len(corpus.docs) < MIN_DOCUMENTS or positives < MIN_POSITIVES or negatives < MIN_POSITIVES:
        found = ", ".join(f"{n} {shape}" for shape, n in corpus.shapes().items()) or "none"
        skipped = ", ".join(f"{n} {why}" for why, n in corpus.skipped.items())
        raise InputError(f"too little to learn from: {len(corpus.docs)} documents with references ({found}), "
                         f"{positives} oracle sentences of {positives + negatives}"
                         + (f"; skipped: {skipped}" if skipped else ""),
                         f"pass at least {MIN_DOCUMENTS} documents with references (more --data)")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "summarize": __version__}
    for name in ("numpy", "scikit-learn", "jieba"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def training_info(corpus, settings, c: float, cv: dict[str, Any]) -> dict[str, Any]:
    """What makes the training reproducible: data (sources, signature, shapes), settings, seed, versions."""
    return {"data": corpus.sources, "data_signature": corpus.signature(), "documents": len(corpus.docs),
            "sentences": int(sum(len(d.y) for d in corpus.docs)), "shapes": corpus.shapes(),
            "skipped": dict(corpus.skipped), "settings": dict(settings.__dict__), "C": c,
            "cross_validation": cv, "versions": versions()}


def card_text(name: str, info: dict[str, Any]) -> str:
    shapes = ", ".join(f"{n} {s}" for s, n in info["shapes"].items())
    return (f'name = "{name}"\nbackend = "learned"\ntasks = ["summarize"]\npath = "{name}.json"\n'
            f'description = "Sentence ranker learned from references ({info["documents"]} documents: {shapes}; '
            f'data {info["data_signature"]}): logistic regression over sentence features, boosted trees over '
            f'clause spans; bullets of whole clauses."\n'
            f'get = "train it: summarize train --data PATH --out DIR --name {name}"\n\n'
            f"[options]\npoints = 3\n")


def report_text(name: str, info: dict[str, Any], digest: str, seconds: float, size: int) -> str:
    cv = info["cross_validation"]
    lines = [f"# Ranker {name}", "", f"- data signature {info['data_signature']}; seed {info['settings']['seed']}; "
             f"C {info['C']} (chosen by grouped inner folds); versions {json.dumps(info['versions'])}",
             f"- model {name}.json: {size:,} bytes, sha256 {digest[:16]}…; trained in {seconds:.0f} s",
             "", "| data | records | used |", "|---|---|---|"]
    lines += [f"| {s['data']} | {s['records']} | {s['used']} |" for s in info["data"]]
    lines += ["", f"References found per shape: {json.dumps(info['shapes'], ensure_ascii=False)}"
              f"; skipped: {json.dumps(info['skipped'], ensure_ascii=False) or 'none'}", "",
              f"Cross-validated ({cv['folds']} folds by document, out-of-fold; C per fold {cv['C_per_fold']}): "
              "ROUGE-L F1 (characters, points joined) against the references", "",
              "| shape | documents | ranker | lead-n |", "|---|---|---|---|"]
    lines += [f"| {shape} | {v['documents']} | {v['ranker_rougeL']:.4f} | {v['lead_rougeL']:.4f} |"
              for shape, v in cv["by_shape"].items()]
    return "\n".join(lines) + "\n"
