"""Speed and number fidelity of an instruct-LLM card on this machine.

    python eval/bench_llm.py ../shared/data/36kr --card qwen2.5-coder-1.5b-gguf [--articles 2] [--sentences 60]

Prints: memory bandwidth measured now and the generation bound it implies for the model file (every
generated token reads all the weights once); prompt and generation tokens/s; seconds per article for a
full digest (key points + translation); and the number check on every source sentence holding an amount
with 万/亿, a % or a currency, translated with and without number protection.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from summarize import registry
from summarize.cards import find_weights, load_card
from summarize.ingest import load
from summarize.llm.engine import ChatRequest
from summarize.llm.translator import LLMTranslator
from summarize.number_checks import unmatched
from summarize.numbers import find_en, find_zh
from summarize.pipeline import Pipeline, versions

PROBE = ("字节跳动2020年售出价值260亿美元商品，用一年时间实现了淘宝六年才实现的目标。" * 3)


def bandwidth_gbs(size_mb: int = 512, repeats: int = 5) -> float:
    """Read bandwidth (GB/s) with one thread per core (as llama.cpp runs): best of ``repeats`` passes over
    a buffer much larger than the caches."""
    threads = os.cpu_count() or 1
    parts = np.array_split(np.ones(size_mb * 2**20 // 8), threads)
    best = float("inf")
    for _ in range(repeats):
        workers = [threading.Thread(target=part.sum) for part in parts]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        best = min(best, time.perf_counter() - start)
    return sum(p.nbytes for p in parts) / best / 1e9


def speed_probe(translator) -> tuple[float, float, int, int]:
    engine = translator.engine
    engine.generate([ChatRequest(({"role": "user", "content": "你好"},), 4)])  # warm-up
    [s] = engine.generate([ChatRequest(({"role": "user", "content": f"Translate into English:\n{PROBE}"},), 128)])
    return (s.prompt_tokens / max(s.first_token_s, 1e-9),
            (s.completion_tokens - 1) / max(s.seconds - s.first_token_s, 1e-9), s.prompt_tokens, s.completion_tokens)


def number_sentences(folder: Path, limit: int) -> list[str]:
    out = []
    for path in sorted(folder.rglob("*.md")):
        for s in load(path).sentences:
            if any(q.unit or "亿" in q.text or "万" in q.text for q in find_zh(s.analysis_text)):
                out.append(s.analysis_text)
    return out[:limit]


def number_check(translator, sentences: list[str], protect: bool) -> tuple[int, int, list[str]]:
    card = replace(translator.card, options=dict(translator.card.options) | {"protect_numbers": protect})
    english = LLMTranslator(card, translator.engine).translate(sentences).texts  # same model, other setting
    checked = wrong = 0
    examples = []
    for zh, en in zip(sentences, english):
        values = [q.value for q in find_zh(zh)]
        found = find_en(en)
        bad = unmatched(found, values)
        checked, wrong = checked + len(found), wrong + len(bad)
        examples += [f"{zh} → {en}" for _ in bad[:1]]
    return checked, wrong, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--card", default="qwen2.5-coder-1.5b-gguf")
    parser.add_argument("--articles", type=int, default=2, help="articles to digest in full (kr-seed first)")
    parser.add_argument("--sentences", type=int, default=60, help="number-bearing sentences to translate twice")
    args = parser.parse_args(argv)
    card = load_card(args.card)
    weights = find_weights(card)
    size = weights.stat().st_size if weights and weights.is_file() else 0
    bw = bandwidth_gbs()
    print(f"memory read bandwidth {bw:.1f} GB/s → generation bound for this file {bw * 1e9 / size:.1f} tokens/s"
          if size else f"memory read bandwidth {bw:.1f} GB/s")
    translator = registry.load(args.card, "translate")
    print(f"card {card.name} ({card.backend}) | weights {weights} ({size:,} bytes) | {versions()}")
    p_rate, g_rate, p_tok, g_tok = speed_probe(translator)
    print(f"prompt {p_rate:.1f} tokens/s ({p_tok} tokens) | generation {g_rate:.1f} tokens/s ({g_tok} tokens)")
    pipeline = Pipeline.from_cards(args.card, args.card)
    paths = sorted((args.data / "articles").glob("*.md"), key=lambda p: (p.stem != "kr-seed", p.stem))
    times = []
    for path in paths[: args.articles]:
        start = time.perf_counter()
        digest = pipeline.run(path)
        times.append(time.perf_counter() - start)
        chars = sum(len(a.zh) for a in digest.translation)
        print(f"{path.name}: {times[-1]:.1f} s for {chars} characters; numbers {digest.checks.numbers_checked} "
              f"checked, {len(digest.checks.number_issues)} unmatched; run {digest.provenance['translator'].get('run')}")
    if times:
        print(f"seconds per article (key points + translation): median {statistics.median(times):.1f}")
    sentences = number_sentences(args.data, args.sentences)
    for protect in (False, True):
        checked, wrong, examples = number_check(translator, sentences, protect)
        print(f"number check, protection {'on ' if protect else 'off'}: {len(sentences)} sentences, "
              f"{checked} numbers in the English, {wrong} not matching the source")
        for e in examples[:3]:
            print(f"    e.g. {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
