"""``summarize eval``: score variants (baselines and model cards) on one dataset, from flags or a suite file.

    summarize eval --suite eval/suites/keypoints-36kr.toml [--data-root ../shared/data]
    summarize eval --data FILE --document-field F --reference-field F --variants a,b,c --limit N --out DIR
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from summarize.config import RunConfig
from summarize.errors import ConfigError
from summarize.fsutil import check_writable

SUITE_KEYS = {"name", "task", "data", "document_field", "reference_field", "id_field", "split", "variants",
              "limit", "seed", "points", "train", "pinned", "glossary"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--suite", type=Path, help="a suite TOML file (eval/suites/*.toml)")
    parser.add_argument("--data-root", type=Path, default=Path("../shared/data"),
                        help="where a suite's relative data path points (default ../shared/data)")
    parser.add_argument("--data", help="JSONL/CSV/TSV file, folder of articles, or a datasets name/path")
    parser.add_argument("--task", choices=("summarize", "translate"))
    parser.add_argument("--document-field")
    parser.add_argument("--reference-field")
    parser.add_argument("--id-field")
    parser.add_argument("--split")
    parser.add_argument("--variants", help="comma-separated: lead-1, lead-3, textrank, oracle, or card names")
    parser.add_argument("--points", type=int, help="key points per document (summarize)")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--seed", type=int, help="shuffle with this seed before --limit")
    parser.add_argument("--glossary", help="your names and terms (.toml/.csv/.tsv), applied as in run and batch")
    parser.add_argument("--out", type=Path, help="output folder (default eval/results/<suite name>)")
    parser.add_argument("--quiet", action="store_true")


def resolve(args: argparse.Namespace) -> dict[str, Any]:
    """The run's settings: command line > suite file > defaults."""
    suite: dict[str, Any] = {}
    if args.suite:
        try:
            suite = tomllib.loads(args.suite.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read suite {args.suite}: {e}", "pass a TOML file like eval/suites/*.toml") from None
        unknown = set(suite) - SUITE_KEYS
        if unknown:
            raise ConfigError(f"suite {args.suite}: unknown keys {sorted(unknown)}", f"known: {sorted(SUITE_KEYS)}")
        _check_kinds(suite, args.suite)
        for key in ("data", "pinned", "glossary"):
            if key in suite and not Path(suite[key]).is_absolute():
                suite[key] = str(args.data_root / suite[key])
        suite["train"] = [p if Path(p).is_absolute() else str(args.data_root / p) for p in suite.get("train", [])]
    defaults = {"name": "adhoc", "task": "summarize", "document_field": "document", "reference_field": "summary",
                "id_field": "id", "split": "train", "points": 3, "limit": None, "seed": None}
    settings = defaults | suite
    for key in ("data", "task", "document_field", "reference_field", "id_field", "split", "points", "limit", "seed",
                "glossary"):
        if getattr(args, key) is not None:
            settings[key] = getattr(args, key)
    if args.variants:
        settings["variants"] = [v.strip() for v in args.variants.split(",") if v.strip()]
    for key in ("data", "variants"):
        if not settings.get(key):
            raise ConfigError(f"no --{key} given", "pass it on the command line or in a --suite file")
    limit = settings["limit"]
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise ConfigError(f"limit {limit!r} scores no record", "pass a whole number of 1 or more, or none for all")
    if settings["task"] not in ("summarize", "translate"):
        raise ConfigError(f"unknown task {settings['task']!r}", "use --task summarize or --task translate")
    return settings


_TEXT_KEYS = ("name", "data", "pinned", "glossary", "task", "document_field", "reference_field", "id_field", "split")
_WHOLE_KEYS = ("points", "limit", "seed")


def _check_kinds(suite: dict[str, Any], path: Path) -> None:
    """Each suite value of its kind: text, a whole number, a list of text (variants, train)."""
    for key, value in suite.items():
        lists = key in ("variants", "train")
        ok = (isinstance(value, list) and all(isinstance(v, str) for v in value) if lists else
              isinstance(value, str) if key in _TEXT_KEYS else
              isinstance(value, int) and not isinstance(value, bool) if key in _WHOLE_KEYS else True)
        if not ok:
            kind = "a list of text, e.g. [\"lead-1\"]" if lists else "text" if key in _TEXT_KEYS else "a whole number"
            raise ConfigError(f"suite {path}: {key} = {value!r} is not {kind}", f"write {key} as {kind}")


def main(args: argparse.Namespace) -> int:
    from summarize.evaluation.data import load_pinned, load_records  # noqa: PLC0415
    from summarize.evaluation.report import run_signature, write  # noqa: PLC0415
    from summarize.evaluation.run import check_variants, run_summarization, run_translation  # noqa: PLC0415
    from summarize.evaluation.samples import write_samples  # noqa: PLC0415

    s = resolve(args)
    config = RunConfig.build("eval", points=s["points"], glossary=s.get("glossary"))  # validated as every front does
    s["glossary_entries"] = len(config.glossary) if s.get("glossary") else None  # its contents: in the fingerprint
    check_variants(s["variants"], s["task"])
    out = args.out or Path("eval/results") / s["name"]
    check_writable(out, folder=True)  # before any work
    dataset = load_records(str(s["data"]), s["document_field"], s["reference_field"], s["id_field"], s["split"],
                           s["limit"], s["seed"])
    if dataset.skipped:
        print(f"skipped {sum(dataset.skipped.values())} records: {dict(dataset.skipped)}", file=sys.stderr)
    if s["task"] == "summarize":
        pinned = load_pinned(s["pinned"]) if s.get("pinned") else None
        results = run_summarization(dataset, s["variants"], int(s["points"]), args.quiet, s.get("train"), pinned)
    else:
        results = run_translation(dataset, s["variants"], args.quiet, s.get("glossary"))
    signature = run_signature({k: v for k, v in s.items()}, dataset.name, len(dataset.records), dict(dataset.skipped))
    table = write(out, results, s["task"], signature)
    references = {r.id: "".join(r.references) if s["task"] == "summarize" else r.references[0]
                  for r in dataset.records}
    write_samples(out, results, references, "rougeL" if s["task"] == "summarize" else "chrf_sentence")
    print(table, end="")
    return 0
