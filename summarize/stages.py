"""The small interfaces every backend implements, one per stage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint


@runtime_checkable
class Summarizer(Protocol):
    card: ModelCard

    def key_points(self, article: Article, n: int) -> list[KeyPoint]:
        """``n`` short Chinese key points, each with the ids of the sentences it rests on."""
        ...


@runtime_checkable
class Translator(Protocol):
    card: ModelCard
    is_gloss: bool  # True for a word-by-word gloss, which every output must say

    def translate(self, texts: Sequence[str]) -> list[str]:
        """English for each Chinese text, in order; batched by the backend as it sees fit."""
        ...
