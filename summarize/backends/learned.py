"""Key points from a sentence ranker learned from references (``summarize train``): the model file the card
names (``path``), two small models evaluated with numpy alone."""

from __future__ import annotations

from summarize.cards import ModelCard, require_weights
from summarize.data import Article
from summarize.learn.model import Ranker
from summarize.stages import NO_CALL, Call, Points


class LearnedSummarizer:
    def __init__(self, card: ModelCard) -> None:
        self.card = card
        self.ranker = Ranker.load(require_weights(card))

    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        call.check()
        points = self.ranker.key_points(article, n)
        return Points(tuple(points), {"ranker": self.card.name})
