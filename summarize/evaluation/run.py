"""Run variants on one dataset and score them side by side: quality, speed, memory, signatures."""

from __future__ import annotations

import re
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from summarize.config import RunConfig
from summarize.errors import ConfigError, SummarizeError
from summarize.evaluation import scores
from summarize.evaluation.data import Dataset
from summarize.evaluation.variants import summarization_variant, translation_variant
from summarize.pipeline import Pipeline


@dataclass
class VariantResult:
    name: str
    describe: dict
    outputs: dict[str, str] = field(default_factory=dict)  # record id → output text
    per_doc: dict[str, dict[str, float]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # record id → reason
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)  # name → {value, signature}
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


def _progress(done: int, total: int, name: str, quiet: bool) -> None:
    if not quiet and sys.stderr.isatty():
        print(f"\r{name}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def run_summarization(dataset: Dataset, variants: list[str], points: int, quiet: bool = False,
                      train: list[str] | None = None, pinned: dict[str, dict] | None = None) -> list[VariantResult]:
    """Each variant on each record: ROUGE on the points joined and ROUGE-Lsum over the points, against the
    record's references and (``pinned``: id → {reference_points, tier}) the pinned ones."""
    results = []
    reader = Pipeline.from_config(RunConfig.build("eval"))  # reads every document the way every front does
    for name in variants:
        variant = _make(lambda v: summarization_variant(v, train), name, dataset, results)
        if variant is None:
            continue
        result = VariantResult(name, variant.describe)
        for n, record in enumerate(dataset.records, 1):
            reference = "".join(record.references)
            try:
                article = reader.ingest(record.document, name=record.id)
                if variant.prepare:
                    variant.prepare(article)
                start = time.perf_counter()  # the variant's own time: not ingest, not scoring
                shaped = variant.summarize(article, points, reference)
                result.seconds += time.perf_counter() - start
            except SummarizeError as e:
                result.failed[record.id] = e.message
                continue
            output = "".join(shaped)
            result.outputs[record.id] = output
            doc = scores.rouge_scores(output, reference, "zh") | {"rougeLsum": scores.rouge_lsum(shaped, record.references)}
            total, good = scores.number_fidelity(article.text, output, "zh")
            doc |= {"length_chars": len(output), "numbers": total, "numbers_ok": good}
            result.per_doc[record.id] = doc | _pinned_scores(shaped, (pinned or {}).get(record.id))
            _progress(n, len(dataset.records), name, quiet)
        result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        summarize_metrics(result, "zh")
        results.append(result)
    return results


def _pinned_scores(points: list[str], pinned: dict | None) -> dict[str, float | str]:
    if not pinned:
        return {}
    refs = tuple(pinned["reference_points"])
    joined = scores.rouge_scores("".join(points), "".join(refs), "zh")["rougeL"]
    return {"rougeL_pinned": joined, "rougeLsum_pinned": scores.rouge_lsum(points, refs),
            "tier": str(pinned.get("tier") or "?"), "reference_chars": len("".join(refs))}


def run_translation(dataset: Dataset, variants: list[str], quiet: bool = False,
                    glossary: str | None = None) -> list[VariantResult]:
    results = []
    ids = [r.id for r in dataset.records]
    sources = [r.document for r in dataset.records]
    references = [r.references[0] for r in dataset.records]
    for name in variants:
        variant = _make(lambda n: translation_variant(n, glossary), name, dataset, results)
        if variant is None:
            continue
        result = VariantResult(name, variant.describe)
        start = time.perf_counter()
        try:
            english = variant.translate(sources)
        except SummarizeError as e:
            result.failed = dict.fromkeys(ids, e.message)
            english = []
        _progress(len(dataset.records), len(dataset.records), name, quiet)
        result.seconds = time.perf_counter() - start
        result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for rid, src, hyp, ref in zip(ids, sources, english, references):
            total, good = scores.number_fidelity(src, hyp, "en")
            result.outputs[rid] = hyp
            result.per_doc[rid] = scores.rouge_scores(hyp, ref, "en") | {"chrf_sentence": scores.sentence_chrf(hyp, ref),
                "length_words": len(scores.word_tokens_en(hyp)), "numbers": total, "numbers_ok": good,
                "cjk_left": float(scores.english_impure(hyp))}
        summarize_metrics(result, "en")
        if english:
            refs = [references[ids.index(i)] for i in result.outputs]
            for key, (value, signature) in scores.bleu_chrf(list(result.outputs.values()), refs, "en").items():
                result.metrics[key] = {"value": value, "signature": signature}
        results.append(result)
    return results


def _make(factory, name: str, dataset: Dataset, results: list[VariantResult]):
    """The variant, or None after recording it as failed on every document (e.g. its weights are missing):
    the other variants still run and are reported."""
    try:
        return factory(name)
    except SummarizeError as e:
        print(f"variant {name!r} skipped: {e}", file=sys.stderr)
        results.append(VariantResult(name, {"error": str(e)}, failed=dict.fromkeys(
            (r.id for r in dataset.records), e.message)))
        return None


def check_variants(names: list[str], task: str = "summarize") -> None:
    """Fail fast on a misspelt variant or one that cannot do the suite's task, before any work is done."""
    from summarize.cards import load_card  # noqa: PLC0415
    from summarize.registry import check_task  # noqa: PLC0415

    for name in names:
        baseline = re.fullmatch(r"lead-(\d+)|textrank|oracle|.+@loo", name)
        if baseline and task != "summarize":
            raise ConfigError(f"variant {name} is a key-point baseline; this suite translates",
                              "pass translator cards (summarize models list)")
        if baseline and baseline.group(1) is not None and int(baseline.group(1)) < 1:  # lead-0
            raise ConfigError(f"variant {name} takes no sentence", "use lead-1 or more")
        if not baseline:
            check_task(load_card(name), "translate" if task == "translate" else "summarize")


def summarize_metrics(result: VariantResult, lang: str) -> None:
    docs = list(result.per_doc.values())
    if not docs:
        return
    signatures = scores.rouge_signatures(lang)
    if lang == "zh":
        signatures["rougeLsum"] = scores.LSUM_SIGNATURE
    if lang == "zh" and all("rougeL_pinned" in d for d in docs):
        signatures["rougeL_pinned"] = f"{scores.CHAR_SIGNATURE}; references pinned in the suite's index"
        signatures["rougeLsum_pinned"] = f"{scores.LSUM_SIGNATURE}; references pinned in the suite's index"
    for key, signature in signatures.items():
        result.metrics[key] = {"value": statistics.fmean(d[key] for d in docs), "signature": signature}
    total = sum(d["numbers"] for d in docs)
    result.metrics["number_fidelity"] = {
        "value": sum(d["numbers_ok"] for d in docs) / total if total else None,  # no number: nothing to score
        "signature": f"share of output numbers equal (±0.5%) to a source number; {total} numbers"}
    length = "length_chars" if lang == "zh" else "length_words"
    result.metrics["length"] = {"value": statistics.fmean(d[length] for d in docs),
                                "signature": f"mean output {length.split('_')[1]}"}
    if lang == "en":
        result.metrics["cjk_left"] = {"value": statistics.fmean(d["cjk_left"] for d in docs),
                                      "signature": "share of English outputs holding CJK characters"}
    n = len(docs)
    result.metrics["latency_ms"] = {"value": 1000 * result.seconds / n, "signature": "wall time per document"}
    result.metrics["throughput"] = {"value": n / result.seconds if result.seconds else 0.0,
                                    "signature": "documents per second, one process"}
    result.metrics["peak_rss_mb"] = {"value": result.peak_rss_mb, "signature": "process peak RSS after variant"}


def compare(results: list[VariantResult], key: str) -> dict[str, tuple[float, float, float]]:
    """Paired bootstrap of each variant against the first, on documents both scored."""
    base = results[0]
    out = {}
    for r in results[1:]:
        common = [i for i in base.per_doc if i in r.per_doc]
        if len(common) >= 2:
            out[r.name] = scores.paired_bootstrap([base.per_doc[i][key] for i in common],
                                                  [r.per_doc[i][key] for i in common])
    return out
