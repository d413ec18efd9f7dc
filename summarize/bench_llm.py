"""``summarize bench --llm CARD [ARTICLE]``: one LLM digest against what the engine could do at best.

In the same run: the engine's own prompt and generation rates (a probe), then the digest of ARTICLE with no
cached answers; from llama.cpp's counters the prompt tokens evaluated, reused from its KV cache and
generated, per stage. Prints wall / floor (floor = the tokens *needed* at those rates: the article read once
per stage, the output written once) and tokens spent / tokens needed, with the signature. The article is what
each stage must read of it: the summarizer its title and body, the translator those and the editor's own key
points (the digest gives them in English; the summarizer leaves them alone, they are its reference).
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

from summarize import __version__
from summarize.config import RunConfig
from summarize.data import Article, Digest
from summarize.llm.engine import ChatRequest
from summarize.pipeline import Pipeline
from summarize.stages import Call

PROBE = "示例公司第三季度营收达到185亿元，同比增长32.5%，净利润为9.3亿元，好于市场预期。" * 6


def rates(engine) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) of the engine on a probe, measured now."""
    engine.generate([ChatRequest(({"role": "user", "content": "你好"},), 4)])  # warm-up
    [r] = engine.generate([ChatRequest(({"role": "user", "content": f"Translate into English:\n{PROBE}"},), 96)])
    prompt_s = max(r.first_token_s, 1e-9)
    return r.evaluated_prompt_tokens / prompt_s, max(1, r.completion_tokens - 1) / max(r.seconds - prompt_s, 1e-9)


def needed(engine, article: Article, digest: Digest) -> tuple[int, int, int, int]:
    """Tokens of (the title and body, the editor's points, their English, the rest of the digest's output)."""
    count = engine.count_tokens
    output = " ".join([digest.title_en, *digest.key_points_zh, *digest.key_points_en, *(a.en for a in digest.translation)])
    editor_en = count(" ".join(digest.reference_points_en)) if digest.reference_points_en else 0
    editor = count("".join(article.reference_points)) if article.reference_points else 0
    return count(article.title + article.text), editor, editor_en, count(output)


def run_llm_bench(card: str, article: Path, out: Path | None = None) -> int:
    config = RunConfig.build("run", summarizer=card, translator=card, cache=False)
    pipeline = Pipeline.from_config(config)
    engine = pipeline.translator.engine
    prompt_rate, gen_rate = rates(engine)
    start = time.perf_counter()
    digest = pipeline.run(article, call=Call(use_cache=False))
    wall = time.perf_counter() - start
    runs = [digest.provenance[s].get("run", {}) for s in ("summarizer", "translator")]
    evaluated = sum(r.get("evaluated_tokens", r.get("prompt_tokens", 0)) for r in runs)
    reused = sum(r.get("reused_tokens", 0) for r in runs)
    generated = sum(r.get("completion_tokens", 0) for r in runs)
    article_tokens, editor, editor_en, output_tokens = needed(engine, pipeline.ingest(article), digest)
    needed_prompt, needed_gen = 2 * article_tokens + editor, output_tokens + editor_en
    spent = evaluated + generated
    floor = needed_prompt / prompt_rate + needed_gen / gen_rate
    retries = runs[1].get("retried_one_by_one", 0)
    lines = [
        f"llm bench: {card} on {article.name} ({len(digest.translation)} sentences, {article_tokens} source tokens)",
        f"  engine rates (same run): prompt {prompt_rate:.1f} tokens/s, generation {gen_rate:.1f} tokens/s",
        f"  digest wall {wall:.1f} s; batch-1 floor {floor:.1f} s (the article read once per stage at the prompt "
        f"rate + the output written once at the generation rate); wall / floor {wall / floor:.2f}",
        f"  tokens: evaluated {evaluated}, reused from the KV cache {reused}, generated {generated}; needed "
        f"{needed_prompt} read + {needed_gen} written (the editor's points, {editor} tokens, read by the translator "
        f"only); spent / needed {spent / (needed_prompt + needed_gen):.2f} ("
        f"{spent / (needed_prompt + needed_gen - editor - editor_en):.2f} with the editor's points and their English "
        "left out of needed)",
        f"  per stage: summarizer {runs[0]}", f"  translator {runs[1]}",
        f"  retries one by one: {retries}; Chinese left: {len(digest.checks.cjk_in_english)} fields; repairs "
        f"{len(digest.checks.repaired)}; names missing {len(digest.checks.name_issues)}",
        f"signature: summarize {__version__} | card {card} ({config.translator.revision}) | threads "
        f"{getattr(engine, 'threads', '?')} | python {platform.python_version()} | {time.strftime('%Y-%m-%d')}",
    ]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    if out:
        out.write_text(report, encoding="utf-8")
    return 0
