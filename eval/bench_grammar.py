"""What the GBNF grammar costs per generated token: the same numbered translation request with and without it.

    python eval/bench_grammar.py [--card qwen2.5-coder-1.5b-gguf-server] [--repeats 3] [--out FILE]

Generation rate = (tokens generated - 1) / (seconds - time to the first token), the mean of ``--repeats`` runs
each way, alternating; the answers are not cached. Measure on a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, signature

from summarize import registry
from summarize.llm.engine import ChatRequest
from summarize.llm.grammars import numbered_grammar
from summarize.llm.prompts import prompt

SENTENCES = ["示例科技公司周三发布了第三季度财报。", "公司营收同比增长32%，达到185亿元。", "创始人王小明表示，明年将在欧洲开设三家工厂。",
             "分析人士认为，新产品的定价仍然偏高。", "公司股价当天上涨了4.5%。", "该公司还计划招聘两千名工程师。"]


def rate(engine, grammar: str) -> tuple[float, int]:
    numbered = "\n".join(f"[{k}] {s}" for k, s in enumerate(SENTENCES, 1))
    messages = ({"role": "user", "content": prompt({}, "translate", context="", text=numbered)},)
    [r] = engine.generate([ChatRequest(messages, 256, grammar=grammar)])
    return max(1, r.completion_tokens - 1) / max(r.seconds - r.first_token_s, 1e-9), r.completion_tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--card", default="qwen2.5-coder-1.5b-gguf-server")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    engine = registry.load(args.card, "translate").engine
    rate(engine, "")  # warm-up
    runs: dict[str, list[tuple[float, int]]] = {"free": [], "grammar": []}
    for _ in range(args.repeats):
        runs["free"].append(rate(engine, ""))
        runs["grammar"].append(rate(engine, numbered_grammar(len(SENTENCES))))
    free, constrained = (statistics.mean(r for r, _ in runs[k]) for k in ("free", "grammar"))
    lines = [f"grammar cost: {args.card}, a numbered translation of {len(SENTENCES)} sentences, {args.repeats} runs each",
             f"  free: {free:.1f} tokens/s ({runs['free'][0][1]} tokens); under the numbered no-CJK grammar: "
             f"{constrained:.1f} tokens/s ({runs['grammar'][0][1]} tokens)",
             f"  per token: {1000 / free:.1f} ms free, {1000 / constrained:.1f} ms constrained: the grammar costs "
             f"{1000 / constrained - 1000 / free:+.1f} ms a token ({constrained / free - 1:+.1%} in rate)",
             signature(f"card {args.card}")]
    emit(lines, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
