"""Features of the clause runs a key point can be made of (see :func:`summarize.bullets.spans`): where the
run starts and ends in its sentence, how much of it it keeps, its length, what it holds (numbers, names,
cue phrases) and how close it is to the title and to the whole article."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from summarize.learn.features import BONUS, CUE, NAMED, NUMBER, SENTENCE_FEATURES, STIGMA, TIME
from summarize.ranking import features as ngrams
from summarize.segment import split_clauses
from summarize.textutil import cjk_count

SPAN_FEATURES = (
    "starts_sentence", "ends_sentence", "start_position", "kept_share", "length_log", "length_short",
    "clauses_log", "title_sim", "doc_sim", "numbers", "named", "cue", "time_start", "whole", "dangling", "bonus",
    "stigma",
)
# A span that opens on one of these leans on what came before it: 还…, 而…, 并…, 因为…
DANGLING = re.compile(r"^(?:还|而|并|且|或|及|与|和|但|却|则|也|又|就|才|更|所以|因为|因此|于是|从而|同时)")


def span_names() -> list[str]:
    """The span scorer's inputs: its sentence's features, the sentence model's score and rank, the span's."""
    return [*SENTENCE_FEATURES, "long", "sentence_score", "sentence_rank", *SPAN_FEATURES]


def clause_names() -> list[str]:
    """The clause model's inputs: the span's features, again times "a long article", and that flag."""
    return [*SPAN_FEATURES, *(f"long*{f}" for f in SPAN_FEATURES), "long"]


def joint(sentence_rows: np.ndarray, long: bool, score: np.ndarray, rank: np.ndarray,
          span_rows: np.ndarray) -> np.ndarray:
    """Rows of ``span_names()``: each span's base row beside its sentence's (``sentence_rows[k]`` etc. are
    those of span ``k``'s sentence)."""
    n = len(span_rows)
    return np.hstack([sentence_rows[:, :len(SENTENCE_FEATURES)], np.full((n, 1), float(long)), score[:, None],
                      np.log1p(rank)[:, None], span_rows])


class Context:
    """What the span features compare against: the title's and the article's n-gram counts."""

    def __init__(self, title: str, text: str) -> None:
        self.title = Counter(ngrams(title))
        self.doc = Counter(ngrams(text))
        self.title_norm = math.sqrt(sum(v * v for v in self.title.values())) or 1.0
        self.doc_norm = math.sqrt(sum(v * v for v in self.doc.values())) or 1.0


def span_matrix(sentence: str, spans: list[tuple[int, int, str]], context: Context) -> np.ndarray:
    """One row per span, in SPAN_FEATURES order."""
    k = max(1, len(split_clauses(sentence)[:12]))
    full = max(1, len(sentence))
    rows = [_span_row(i, j, text, k, full, context) for i, j, text in spans]
    return np.array(rows, dtype=float).reshape(len(spans), len(SPAN_FEATURES))


def _span_row(i: int, j: int, text: str, k: int, full: int, context: Context) -> list[float]:
    grams = Counter(ngrams(text))
    norm = math.sqrt(sum(v * v for v in grams.values())) or 1.0
    length = max(1, cjk_count(text))
    values = {
        "starts_sentence": float(i == 0), "ends_sentence": float(j == k), "start_position": i / k,
        "kept_share": len(text) / full, "length_log": math.log(length), "length_short": float(length <= 20),
        "clauses_log": math.log(j - i), "whole": float(i == 0 and j == k),
        "title_sim": sum(v * context.title[g] for g, v in grams.items()) / (norm * context.title_norm),
        "doc_sim": sum(v * context.doc[g] for g, v in grams.items()) / (norm * context.doc_norm),
        "numbers": math.log1p(len(NUMBER.findall(text))), "named": math.log1p(len(NAMED.findall(text))),
        "cue": math.log1p(len(CUE.findall(text))), "time_start": float(bool(TIME.match(text))),
        "dangling": float(bool(DANGLING.match(text))), "bonus": math.log1p(len(BONUS.findall(text))),
        "stigma": math.log1p(len(STIGMA.findall(text))),
    }
    return [values[name] for name in SPAN_FEATURES]
