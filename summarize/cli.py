"""Command line: ``summarize run|models|bench``. Errors are one line, with a non-zero exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from summarize import __version__
from summarize.errors import ConfigError, InputError, SummarizeError, describe
from summarize.fsutil import check_writable, write_out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarize", description="Chinese → English bilingual news digests.")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_run, _add_models, _add_batch, _add_terms, _add_eval_and_train, _add_bench):
        add(sub)
    return parser


def _add_run(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="digest one or more articles (paths, or - for stdin)")
    run.add_argument("articles", nargs="+", metavar="ARTICLE")
    run.add_argument("--format", choices=("md", "json", "html"), default="md", help="output format (default md)")
    run.add_argument("--points", type=int, help="number of key points (default: the card's, else 3)")
    run.add_argument("--summarizer", metavar="CARD", help="a card name or file (default: extractive-learned)")
    run.add_argument("--translator", metavar="CARD", help="a card name or file (default: auto, the best that "
                     "can run here)")
    run.add_argument("--out", type=Path, help="write here instead of stdout")
    run.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 1,000,000)")
    run.add_argument("--glossary", type=Path, metavar="FILE", help="your names and terms (.toml, .csv or .tsv: "
                     "zh, en); they win over the shipped lexicon")
    run.add_argument("--no-cache", action="store_true", help="ask the model again (no cached answers)")
    run.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _add_models(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="model cards")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    listing = models_sub.add_parser("list", help="every card, whether its weights are here, how to get them")
    listing.add_argument("--json", action="store_true")
    installing = models_sub.add_parser("install", help="fetch a card's weights where the card says how (resumable)")
    installing.add_argument("card")


def _add_batch(sub: argparse._SubParsersAction) -> None:
    batch = sub.add_parser("batch", help="digest whole archives: resumable, in worker processes")
    batch.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders, globs or JSONL files")
    batch.add_argument("--out", type=Path, required=True, help="output folder (digests.jsonl, manifest.jsonl)")
    batch.add_argument("--glob", default="*.md,*.txt,*.html,*.htm", help="file patterns inside folders")
    batch.add_argument("--text-field", default="text", help="article field of JSONL records / datasets")
    batch.add_argument("--id-field", default="id")
    batch.add_argument("--dataset", help="a datasets name or path (load_dataset), instead of INPUTs")
    batch.add_argument("--split", default="train")
    batch.add_argument("--workers", type=int)
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="ray: Ray Data with an actor pool (pip install -e '.[ray]')")
    batch.add_argument("--ray-address", help="a Ray cluster (ray.init(address=...)); default: a local Ray")
    batch.add_argument("--group", type=int, help="articles per translation call (default: 16 for seq2seq "
                       "translators, which batch sentences across articles; 1 otherwise)")
    batch.add_argument("--markdown", action="store_true", help="also one Markdown file per article")
    batch.add_argument("--summarizer", metavar="CARD", help="default extractive-learned")
    batch.add_argument("--translator", metavar="CARD", help="default gloss (name a card, or auto, for another)")
    batch.add_argument("--points", type=int)
    batch.add_argument("--max-bytes", type=int)
    batch.add_argument("--glossary", type=Path, metavar="FILE", help="your names and terms (.toml/.csv/.tsv)")
    batch.add_argument("--no-cache", action="store_true", help="do all the work again (no cached digests or answers)")
    batch.add_argument("--quiet", action="store_true")


def _add_terms(sub: argparse._SubParsersAction) -> None:
    terms = sub.add_parser("terms", help="the names and terms of an archive, in one reviewable file")
    terms_sub = terms.add_subparsers(dest="terms_command", required=True)
    harvesting = terms_sub.add_parser("harvest", help="collect names and terms with renderings, counts, conflicts")
    harvesting.add_argument("inputs", nargs="+", metavar="INPUT", help="archive folders or files, or batch run folders")
    harvesting.add_argument("--out", type=Path, required=True, help="the term base to write (.tsv)")


def _add_eval_and_train(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("eval", help="score variants against references (quality, speed, signatures)")
    from summarize.evaluation import add_arguments  # noqa: PLC0415

    add_arguments(evaluate)

    training = sub.add_parser("train", help="learn a sentence ranker from data with references; writes a card")
    from summarize.train import add_arguments as add_train_arguments  # noqa: PLC0415

    add_train_arguments(training)


def _add_bench(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="speed of the default path (learned ranker + gloss) on a folder of articles")
    bench.add_argument("data", nargs="?", default="../shared/data/36kr", help="folder of articles")
    bench.add_argument("--repeat", type=int, default=3, help="passes over the articles (default 3)")
    bench.add_argument("--cold-runs", type=int, default=3, help="process starts to time (default 3)")
    bench.add_argument("--llm", metavar="CARD", help="instead: one LLM digest of DATA (an article) against the "
                       "engine's own rates: wall / floor and tokens spent / needed")
    bench.add_argument("--out", type=Path, help="also write the report here (with --llm)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except SummarizeError as e:
        if args.debug:
            raise
        _error(e)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `summarize ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except Exception as e:
        if args.debug:
            raise
        print(f"summarize: {describe(e)} (rerun with --debug for the traceback)", file=sys.stderr)
        return 1


def dispatch(args: argparse.Namespace) -> int:
    """Run the command the arguments name."""
    if args.command == "run":
        return cmd_run(args)
    if args.command == "models":
        from summarize.models_cli import install_model, list_models  # noqa: PLC0415

        if args.models_command == "install":
            return install_model(args.card)
        return list_models(as_json=args.json)
    if args.command == "terms":
        return cmd_terms(args)
    if args.command == "batch":
        return cmd_batch(args)
    if args.command == "eval":
        from summarize.evaluation import main as run_eval  # noqa: PLC0415

        return run_eval(args)
    if args.command == "train":
        from summarize.train import main as run_train  # noqa: PLC0415

        return run_train(args)
    if args.llm:
        from summarize.bench_llm import run_llm_bench  # noqa: PLC0415

        return run_llm_bench(args.llm, Path(args.data), args.out)
    from summarize.bench import run_bench  # noqa: PLC0415

    return run_bench(Path(args.data), repeat=args.repeat, cold_runs=args.cold_runs)


def _error(e: BaseException) -> None:
    print(f"summarize: error: {describe(e)}" if isinstance(e, SummarizeError) else f"summarize: {describe(e)}",
          file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from summarize.config import RunConfig  # noqa: PLC0415
    from summarize.pipeline import Pipeline  # noqa: PLC0415
    from summarize.render import render_many  # noqa: PLC0415

    config = RunConfig.build("run", summarizer=args.summarizer, translator=args.translator, points=args.points,
                             max_bytes=args.max_bytes, glossary=args.glossary, cache=not args.no_cache)
    out = None if args.out in (None, Path("-")) else args.out  # --out - is stdout
    if out:
        check_writable(out, inputs=[Path(a) for a in args.articles if a != "-"])
    pipeline = Pipeline.from_config(config)
    slow = config.slow()
    _notes(config, slow)  # an LLM picked by auto: say so (and what it costs) before the wait
    digests, worst = [], 0
    for item in args.articles:
        try:
            source = _read_stdin(config.max_bytes) if item == "-" else Path(item)
            digests.append(pipeline.run(source, name="stdin"))
        except Exception as e:
            if args.debug:
                raise
            _error(e)
            worst = max(worst, e.exit_code if isinstance(e, SummarizeError) else 1)
    if digests:
        text = render_many(digests, args.format)
        if out:
            write_out(out, text)
        else:
            sys.stdout.write(text)
        _notes(config, not slow)  # which card auto picked, once there is a digest to show for it
    return worst


def _notes(config, show: bool) -> None:
    for note in config.notes if show else ():
        print(f"summarize: {note}", file=sys.stderr)


def cmd_batch(args: argparse.Namespace) -> int:
    from summarize.batch import run_batch  # noqa: PLC0415
    from summarize.batch.inputs import count_items, iter_dataset, iter_items  # noqa: PLC0415
    from summarize.config import RunConfig  # noqa: PLC0415
    from summarize.registry import load  # noqa: PLC0415

    if not args.inputs and not args.dataset:
        raise InputError("nothing to digest", "pass files, folders, globs or JSONL files, or --dataset NAME")
    if not args.text_field.strip():
        raise ConfigError("--text-field is empty", "name the records' field that holds the article, e.g. --text-field text")
    config = RunConfig.build("batch", summarizer=args.summarizer, translator=args.translator, points=args.points,
                             max_bytes=args.max_bytes, group=args.group, workers=args.workers, engine=args.engine,
                             glossary=args.glossary, cache=not args.no_cache)
    check_writable(args.out, folder=True)
    load(config.summarizer, "summarize")  # a missing model fails here, before any work
    load(config.translator, "translate")
    total = None
    if args.dataset:
        items = iter_dataset(args.dataset, args.split, args.text_field, args.id_field)
    else:
        globs = tuple(args.glob.split(","))
        items = iter_items(args.inputs, globs, args.text_field, args.id_field)
        total = None if args.quiet else count_items(args.inputs, globs)
    if config.engine == "ray":
        from summarize.batch.ray_engine import run_ray  # noqa: PLC0415

        counts = run_ray(items, args.out, config, args.markdown, args.quiet, args.ray_address)
    else:
        counts = run_batch(items, args.out, config, args.markdown, args.quiet, total)
    print(f"{counts['done']} digested, {counts['failed']} failed, {counts['skipped_done']} already done "
          f"→ {args.out / 'digests.jsonl'}" + (f"; why they failed: {args.out / 'manifest.jsonl'}"
                                              if counts["failed"] else ""), file=sys.stderr)
    return 1 if counts["failed"] else 0


def cmd_terms(args: argparse.Namespace) -> int:
    from summarize.terms import check_term_base_out, harvest  # noqa: PLC0415

    check_writable(args.out, inputs=[Path(p) for p in args.inputs])
    check_term_base_out(args.out, [Path(p) for p in args.inputs])
    articles, terms, conflicts = harvest(args.inputs, args.out)
    print(f"{terms} names and terms from {articles} articles ({conflicts} with conflicting renderings) → {args.out}",
          file=sys.stderr)
    return 0


def _read_stdin(max_bytes: int) -> bytes:
    """At most one byte over the limit: enough to refuse an input that is too large, never more."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:  # its real size is unknown: reading stopped at the limit
        raise InputError(f"stdin is over the limit of {max_bytes:,} bytes (reading stopped there)",
                         "split the article, or raise the limit with --max-bytes N")
    return data
