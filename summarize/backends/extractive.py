"""Extractive key points, no weights: graph centrality over character n-grams, with position, title
similarity and redundancy control (MMR); each point trimmed to a short clean bullet (attributions,
parentheticals and leading connectives dropped, cut at clause boundaries), none repeating another.
"""

from __future__ import annotations

import re

from summarize.bullets import same_point, shorten, tidy
from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint, Sentence
from summarize.ranking import Weights, choose
from summarize.stages import NO_CALL, Call, Points
from summarize.textutil import cjk_count


class ExtractiveSummarizer:
    def __init__(self, card: ModelCard) -> None:
        self.card = card
        known = Weights.__dataclass_fields__
        self.weights = Weights(**{k: v for k, v in card.options.items() if k in known})

    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        candidates = [s for s in article.sentences if self._eligible(s, article)]
        if len(candidates) < n:  # a short article: n points from what there is, not fewer
            candidates = list(article.sentences)
        chosen = [candidates[i] for i in choose([s.analysis_text for s in candidates], article.title, n, self.weights)]
        points: list[KeyPoint] = []
        for s in chosen:  # bullets; one that says what an earlier one says is left out
            text = shorten(tidy(s.text), self.weights.max_chars)
            if not any(same_point(text, p.text) for p in points):
                points.append(KeyPoint(text, (s.id,)))
        return Points(tuple(points))

    def _eligible(self, s: Sentence, article: Article) -> bool:
        kind = article.paragraphs[s.paragraph].kind
        text = s.analysis_text
        return (kind in ("text", "list", "quote") and cjk_count(text) >= self.weights.min_chars
                and not _QUESTION_END.match(text[::-1]) and not text.startswith(("“", "「", "\"")))


_QUESTION_END = re.compile(r"\W*[？?]")  # matched on the reversed text: a question mark, then only non-word
