"""The report of a run: a Markdown table, results.json (every value with its signature), CSV, and a
quality-vs-speed plot (PNG)."""

from __future__ import annotations

import csv
import json
import platform
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.evaluation.run import VariantResult, compare
from summarize.evaluation.scores import BOOTSTRAP_SIGNATURE
from summarize.pipeline import versions

COLUMNS = {
    "summarize": ["rouge1", "rouge2", "rougeL", "rougeLsum", "rougeL_pinned", "rougeLsum_pinned", "rougeL_word",
                  "number_fidelity", "length", "latency_ms", "throughput", "peak_rss_mb"],
    "translate": ["bleu", "chrf", "rougeL", "number_fidelity", "cjk_left", "length", "latency_ms", "throughput",
                  "peak_rss_mb"],
}
MAIN = {"summarize": "rougeL", "translate": "chrf"}
PAIRED = {"summarize": "rougeL", "translate": "chrf_sentence"}  # per-document score for the bootstrap


def run_signature(suite: dict[str, Any], dataset_name: str, n: int, skipped: dict[str, int]) -> dict[str, Any]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                check=False).stdout.strip()
    except OSError:
        commit = ""
    return {"suite": suite, "data": dataset_name, "documents": n, "skipped": skipped, "git_commit": commit or None,
            "date": datetime.now(UTC).isoformat(timespec="seconds"), "summarize": __version__,
            "versions": versions(), "machine": platform.machine()}


def columns(results: list[VariantResult], task: str) -> list[str]:
    """The task's columns that some variant has (pinned references only in suites that pin them)."""
    return [c for c in COLUMNS[task] if any(c in r.metrics for r in results) or c not in OPTIONAL]


OPTIONAL = {"rougeLsum", "rougeL_pinned", "rougeLsum_pinned"}


def by_tier(results: list[VariantResult]) -> list[str]:
    """Scores by reference type (the pinned index's tier) with output and reference lengths: bullets of at
    most 60 characters against references of 38-265 change ROUGE for reasons that are not quality."""
    tiers = sorted({d["tier"] for r in results for d in r.per_doc.values() if "tier" in d})
    if not tiers:
        return []
    lines = ["", "By reference type (pinned tier; A numbered points, B labelled summary, C editor's note, "
             "D lead blockquote): rougeL_pinned / rougeLsum_pinned / mean output chars", "",
             "| tier | n | reference chars | " + " | ".join(r.name for r in results) + " |",
             "|" + "---|" * (len(results) + 3)]
    for tier in tiers:
        docs = [[d for d in r.per_doc.values() if d.get("tier") == tier] for r in results]
        ref = statistics.fmean(d["reference_chars"] for d in docs[0]) if docs[0] else 0
        cells = [f"{statistics.fmean(d['rougeL_pinned'] for d in ds):.3f} / "
                 f"{statistics.fmean(d['rougeLsum_pinned'] for d in ds):.3f} / "
                 f"{statistics.fmean(d['length_chars'] for d in ds):.0f}" if ds else "—" for ds in docs]
        lines.append(f"| {tier} | {len(docs[0])} | {ref:.0f} | " + " | ".join(cells) + " |")
    return lines


def markdown(results: list[VariantResult], task: str, signature: dict[str, Any]) -> str:
    cols = columns(results, task)
    head = f"| variant | n | failed | {' | '.join(cols)} | Δ{PAIRED[task]} vs {results[0].name} [95% CI] |"
    lines = [f"Suite {signature['suite'].get('name')}: {signature['documents']} documents from {signature['data']}"
             f" (skipped: {signature['skipped'] or 'none'}); git {signature['git_commit']}, {signature['date']}",
             "", head, "|" + "---|" * (len(cols) + 4)]
    deltas = compare(results, PAIRED[task])
    for r in results:
        cells = [_fmt(r.metrics.get(c, {}).get("value")) for c in cols]
        d = deltas.get(r.name)
        delta = f"{d[0]:+.4f} [{d[1]:+.4f}, {d[2]:+.4f}]" if d else "—"
        lines.append(f"| {r.name} | {len(r.per_doc)} | {len(r.failed)} | {' | '.join(cells)} | {delta} |")
    lines += by_tier(results) if task == "summarize" else []
    return "\n".join([*lines, "", "Signatures:", *signature_lines(results, task)]) + "\n"


def signature_lines(results: list[VariantResult], task: str) -> list[str]:
    """Each metric's signature, once where every variant shares it, else with the variants of each; and the
    interval's."""
    seen: dict[str, dict[str, list[str]]] = {}
    for r in results:
        for key, m in r.metrics.items():
            seen.setdefault(key, {}).setdefault(m["signature"], []).append(r.name)
    lines = []
    for key, signatures in seen.items():
        if len(signatures) == 1:
            lines.append(f"- {key}: {next(iter(signatures))}")
        else:
            lines += [f"- {key} ({', '.join(names)}): {sig}" for sig, names in signatures.items()]
    lines.append(f"- Δ{PAIRED[task]}: paired bootstrap over documents both variants scored, {BOOTSTRAP_SIGNATURE}")
    return lines


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.4f}" if abs(value) < 10 else f"{value:.1f}"


def write(out: Path, results: list[VariantResult], task: str, signature: dict[str, Any]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    table = markdown(results, task, signature)
    (out / "results.md").write_text(table, encoding="utf-8")
    data = {"signature": signature, "task": task, "variants": [
        {"name": r.name, "card": r.describe, "documents": len(r.per_doc), "failed": r.failed, "metrics": r.metrics}
        for r in results]}
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with open(out / "results.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        cols = columns(results, task)
        writer.writerow(["variant", "documents", "failed", *cols])
        for r in results:
            writer.writerow([r.name, len(r.per_doc), len(r.failed), *(r.metrics.get(c, {}).get("value", "") for c in cols)])
    plot(out / "quality-vs-speed.png", results, MAIN[task])
    return table


def plot(path: Path, results: list[VariantResult], key: str) -> None:
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(6, 4))
    for r in results:
        if key in r.metrics and r.metrics["throughput"]["value"] > 0:
            x, y = r.metrics["throughput"]["value"], r.metrics[key]["value"]
            ax.scatter([x], [y])
            ax.annotate(r.name, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("documents per second (log)")
    ax.set_ylabel(key)
    ax.set_title("quality vs speed")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
