"""What is evaluated: built-in baselines (lead-k, plain TextRank, the extractive oracle) and model cards.

A summarization variant maps an article to its key points; a translation variant maps Chinese sentences
to English. Each carries a description for the run's signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarize.cards import ModelCard
from summarize.config import RunConfig
from summarize.data import Article
from summarize.metrics import char_tokens, rouge_l
from summarize.pipeline import Pipeline

PlainTextRank = {"position": 0.0, "title": 0.0, "redundancy": 0.0}


@dataclass
class Variant:
    name: str
    describe: dict
    summarize: Callable[[Article, int, str], list[str]] | None = None  # (article, n, reference) → points
    translate: Callable[[Sequence[str]], list[str]] | None = None
    prepare: Callable[[Article], None] | None = None  # work before the clock starts (training a fold)


def summarization_variant(name: str, train: list[str] | None = None) -> Variant:
    if name.endswith("@loo"):
        from summarize.evaluation.loo import LeaveOneOut  # noqa: PLC0415

        loo = LeaveOneOut(list(train or []), card=name.removesuffix("@loo"))
        return Variant(name, loo.describe(), summarize=lambda a, n, ref: loo.summarize(a, n), prepare=loo.prepare)
    if m := re.fullmatch(r"lead-(\d+)", name):
        k = int(m.group(1))
        return Variant(name, {"baseline": f"first {k} body sentences"},
                       summarize=lambda a, n, ref: [s.text for s in a.sentences[:k]])
    if name == "textrank":
        from summarize.backends.extractive import ExtractiveSummarizer  # noqa: PLC0415

        plain = ExtractiveSummarizer(ModelCard("textrank", "extractive", ("summarize",), options=PlainTextRank))
        return Variant(name, {"baseline": "plain TextRank: centrality only, no position/title/redundancy"},
                       summarize=lambda a, n, ref: [p.text for p in plain.key_points(a, n).points])
    if name == "oracle":
        return Variant(name, {"baseline": "greedy extractive oracle maximising ROUGE-L (chars) vs the reference"},
                       summarize=lambda a, n, ref: oracle(a, ref, n))
    pipeline = Pipeline.from_config(RunConfig.build("eval", summarizer=name))
    return Variant(name, pipeline.summarizer.card.describe(),
                   summarize=lambda a, n, ref: [p.text for p in pipeline.key_points(a, n)])


def translation_variant(name: str, glossary: str | None = None) -> Variant:
    """A translator card as every front runs it, with the user's glossary when one is given."""
    pipeline = Pipeline.from_config(RunConfig.build("eval", translator=name, glossary=glossary))
    return Variant(name, pipeline.translator.card.describe() | {"is_gloss": pipeline.translator.is_gloss,
                                                                "fingerprint": pipeline.config.fingerprint()},
                   translate=pipeline.translate)


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
