"""What is evaluated: built-in baselines (lead-k, plain TextRank, the extractive oracle) and model cards.

A summarization variant maps an article to its key points; a translation variant maps Chinese sentences
to English. Each carries a description for the run's signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarize import registry
from summarize.cards import ModelCard, load_card
from summarize.data import Article
from summarize.metrics import char_tokens, rouge_l

PlainTextRank = {"position": 0.0, "title": 0.0, "redundancy": 0.0}


@dataclass
class Variant:
    name: str
    describe: dict
    summarize: Callable[[Article, int, str], list[str]] | None = None  # (article, n, reference) → points
    translate: Callable[[Sequence[str]], list[str]] | None = None


def summarization_variant(name: str) -> Variant:
    if m := re.fullmatch(r"lead-(\d+)", name):
        k = int(m.group(1))
        return Variant(name, {"baseline": f"first {k} body sentences"},
                       summarize=lambda a, n, ref: [s.text for s in a.sentences[:k]])
    if name == "textrank":
        from summarize.backends.extractive import ExtractiveSummarizer  # noqa: PLC0415

        plain = ExtractiveSummarizer(ModelCard("textrank", "extractive", ("summarize",), options=PlainTextRank))
        return Variant(name, {"baseline": "plain TextRank: centrality only, no position/title/redundancy"},
                       summarize=lambda a, n, ref: [p.text for p in plain.key_points(a, n)])
    if name == "oracle":
        return Variant(name, {"baseline": "greedy extractive oracle maximising ROUGE-L (chars) vs the reference"},
                       summarize=lambda a, n, ref: oracle(a, ref, n))
    summarizer = registry.load(name, "summarize")
    return Variant(name, load_card(name).describe(),
                   summarize=lambda a, n, ref: [p.text for p in summarizer.key_points(a, n)])


def translation_variant(name: str) -> Variant:
    translator = registry.load(name, "translate")
    return Variant(name, load_card(name).describe() | {"is_gloss": translator.is_gloss},
                   translate=translator.translate)


def oracle(article: Article, reference: str, n: int) -> list[str]:
    """Source sentences chosen greedily (up to ``n``, in source order) while ROUGE-L F1 rises."""
    ref = char_tokens(reference)
    sentences = list(article.sentences)
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < n:
        scored = []
        for i in range(len(sentences)):
            if i not in chosen:
                text = "".join(sentences[j].text for j in sorted([*chosen, i]))
                scored.append((rouge_l(char_tokens(text), ref).f1, i))
        if not scored or max(scored)[0] <= best:
            break
        best, pick = max(scored)
        chosen.append(pick)
    return [sentences[i].text for i in sorted(chosen)]
