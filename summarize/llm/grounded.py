"""Grounded LLM key points (extract, then abstract): the model sees the title and the learned ranker's best
candidate sentences, numbered, and writes N points, each citing the candidates it rests on ([2]). Every
point is checked against the sentences it cites (:func:`summarize.grounding.check`: numbers, names, words,
relations, negation); an unsupported point is replaced by the ranker's extractive point of its first cited
sentence, and the call info says which points were kept and which replaced, and why.

Used as ``GroundedSummarizer(card, engine)``; the scripted engine of the tests drives it like a model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarize.bullets import same_point, shorten
from summarize.cards import ModelCard, load_card, require_weights
from summarize.data import Article, KeyPoint
from summarize.grounding import check
from summarize.learn.model import Ranker
from summarize.llm.engine import Engine
from summarize.llm.prompts import parse_points, prompt
from summarize.llm.stages import LLMSummarizer, Tally
from summarize.ranking import best_source
from summarize.stages import NO_CALL, Call, Points

_CITED = re.compile(r"\s*[\[［【]\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*[\]］】]\s*[。.]?\s*$")


@lru_cache(maxsize=4)
def _ranker(card_name: str) -> Ranker:
    return Ranker.load(require_weights(load_card(card_name)))


class GroundedSummarizer(LLMSummarizer):
    def __init__(self, card: ModelCard, engine: Engine, ranker: Ranker | None = None) -> None:
        super().__init__(card, engine)
        self.ranker = ranker or _ranker(str(card.options.get("ranker", "extractive-learned")))

    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        tally = Tally(call)
        wanted = self.options.get("candidates")  # a card may ask for fewer than 2n (one that only compresses), not < n
        candidates = self.ranker.key_points(article, max(n, int(wanted)) if wanted else max(2 * n, 6))
        text_of = {s.id: s.text for s in article.sentences}
        sentences = [text_of[c.source_sentence_ids[0]] for c in candidates]
        listing = "\n".join(f"[{k}] {s}" for k, s in enumerate(sentences, 1))
        answer = self.ask(tally, "system_zh", prompt(self.prompts, "grounded_points", title=article.title,
                                                     candidates=listing, n=n))
        points, report = self.ground(parse_points(answer)[:n], candidates, sentences)
        for c in candidates:  # fewer points than asked: the ranker's own, in its order
            if len(points) < n and not _repeats(c, points):
                points.append(c)
                report.append("extractive: the model gave too few points")
        tally.info = {"grounded": True, "candidates": [c.source_sentence_ids[0] for c in candidates],
                      "grounding": report, "replaced": sum(r.startswith("replaced") for r in report)}
        return Points(tuple(points), tally.record(self.engine))

    def ground(self, written: list[str], candidates: list[KeyPoint],
               sentences: list[str]) -> tuple[list[KeyPoint], list[str]]:
        """Each written point kept with the ids it cites when its sources support it, else replaced by the
        extractive point of its first cited sentence (one not used yet)."""
        points: list[KeyPoint] = []
        report: list[str] = []
        for text in written:
            cited = _cited(text, len(candidates)) or [best_source(text, sentences)]
            point = _CITED.sub("", text).strip()
            support = check(point, [sentences[k] for k in cited])
            ids = tuple(candidates[k].source_sentence_ids[0] for k in cited)
            if support.ok and not any(same_point(point, p.text) for p in points):
                points.append(KeyPoint(shorten(point, 60), ids))
                report.append("kept")
                continue
            spare = [candidates[k] for k in [*cited, *range(len(candidates))] if not _repeats(candidates[k], points)]
            if spare:
                points.append(spare[0])
                report.append(f"replaced: {support.reason or 'it repeats an earlier point'}")
        return points, report


def _repeats(candidate: KeyPoint, points: list[KeyPoint]) -> bool:
    """Whether an extractive point's sentence is already used, or an earlier point says what it says."""
    used = {i for p in points for i in p.source_sentence_ids}
    return bool(used & set(candidate.source_sentence_ids)) or any(same_point(candidate.text, p.text) for p in points)


def _cited(text: str, count: int) -> list[int]:
    """The candidate indices (0-based) a point cites at its end, those that exist."""
    m = _CITED.search(text)
    found = [int(x) - 1 for x in re.findall(r"\d+", m.group(1))] if m else []
    return [k for k in dict.fromkeys(found) if 0 <= k < count]
