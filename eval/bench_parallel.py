"""Parallel sequences through the project against llama.cpp's own batched decoding, in one run.

    python eval/bench_parallel.py [--card qwen2.5-coder-1.5b-gguf-server] [--sequences 1,2,4,8] [--out FILE]

First ``llama-batched-bench`` (built beside llama-server by ``make install-server``) on the card's GGUF: its
generation rate at each number of parallel sequences. Then the same shapes through the project: one local
llama-server with that many slots, N chat requests sent at once through the ``llama-server`` backend's
engine, aggregate generation = tokens generated / wall. The target: the project's gain at 4 sequences ≥ 0.9 x
the raw gain. Measure on a quiet machine.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, signature

from summarize.backends.openai_http import OpenAIEngine
from summarize.cards import load_card
from summarize.llm import server
from summarize.llm.engine import ChatRequest

PROMPT = "Count from {start} upwards in English words, one number per line, and do not stop."


def raw_rates(binary: Path, model: Path, sequences: list[int], pp: int, tg: int, threads: int) -> dict[int, float]:
    """llama-batched-bench's generation tokens/s (S_TG) per number of parallel sequences."""
    args = [str(binary), "-m", str(model), "-c", str((pp + tg) * max(sequences) + 64), "-b", "2048", "-ub", "512",
            "-npp", str(pp), "-ntg", str(tg), "-npl", ",".join(map(str, sequences)), "-t", str(threads)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rates = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 8 and cells[2].isdigit():
            rates[int(cells[2])] = float(cells[7])  # | PP | TG | B | N_KV | T_PP | S_PP | T_TG | S_TG | ...
    return rates


def project_rate(engine: OpenAIEngine, n: int, tg: int) -> tuple[float, float, float]:
    """(aggregate generated tokens/s, mean seconds per request, tokens per request) for ``n`` requests at once."""
    requests = [ChatRequest(({"role": "user", "content": PROMPT.format(start=100 * (k + 1))},), tg)
                for k in range(n)]
    start = time.perf_counter()
    results = engine.generate(requests)
    wall = time.perf_counter() - start
    generated = sum(r.completion_tokens for r in results)
    return generated / wall, sum(r.seconds for r in results) / n, generated / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--card", default="qwen2.5-coder-1.5b-gguf-server")
    parser.add_argument("--sequences", default="1,2,4,8")
    parser.add_argument("--tokens", type=int, default=128, help="tokens generated per sequence")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sequences = [int(s) for s in args.sequences.split(",")]
    card = load_card(args.card)
    card = replace(card, options=card.options | {"parallel": max(sequences), "n_ctx": 1024})
    settings = server.ServerSettings.of(card)
    binary = Path(server.require_binary()).with_name("llama-batched-bench")
    raw = raw_rates(binary, settings.model, sequences, 32, args.tokens, settings.threads)
    engine = OpenAIEngine(card, base_url=server.url_for(card))
    project_rate(engine, 1, 8)  # warm-up
    ours = {n: project_rate(engine, n, args.tokens) for n in sequences}
    lines = [f"parallel sequences: {settings.model.name}, {settings.threads} threads, {args.tokens} tokens generated "
             "per sequence; llama-batched-bench (32-token prompts) and the project (a local llama-server, "
             f"{max(sequences)} slots, chat requests sent at once) in the same run",
             "| sequences | raw S_TG tok/s | raw gain | project tok/s | project gain | project / raw gain "
             "| s per request | tokens per request |", "|---|---|---|---|---|---|---|---|"]
    for n in sequences:
        rate, per_request, tokens = ours[n]
        raw_gain, our_gain = raw[n] / raw[sequences[0]], rate / ours[sequences[0]][0]
        lines.append(f"| {n} | {raw[n]:.1f} | {raw_gain:.2f}x | {rate:.1f} | {our_gain:.2f}x | "
                     f"{our_gain / raw_gain:.2f} | {per_request:.1f} | {tokens:.0f} |")
    best = max(sequences, key=lambda n: ours[n][0])
    lines.append(f"most aggregate generation at {best} sequences; target: project gain at 4 >= 0.9 x raw gain")
    lines.append(signature(f"card {args.card}", f"llama-server {_version(binary.with_name('llama-server'))}"))
    emit(lines, args.out)
    return 0


def _version(binary: Path) -> str:
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
    found = re.search(r"version: (\S+)", out.stdout + out.stderr)
    return found.group(1) if found else "?"


if __name__ == "__main__":
    raise SystemExit(main())
