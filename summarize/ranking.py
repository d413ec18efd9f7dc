"""Sentence ranking shared by every summarizer: character n-gram TF-IDF, graph centrality (PageRank),
position and title priors, and redundancy control (MMR).

TF-IDF rows are kept sparse, and at most ``Weights.pool`` sentences are ranked by PageRank (quadratic in
their number): in a longer text they are shortlisted first by a linear score, the same priors over
degree centrality (each sentence's summed similarity to all the others). Time and memory stay linear
in the text; an article with no more sentences than the pool is ranked exactly as without one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summarize.errors import ConfigError
from summarize.textutil import content_chars


@dataclass(frozen=True)
class Weights:
    """Ranking knobs; a card's [options] may override any of them."""

    position: float = 0.8  # boost for the article's opening sentences
    position_decay: float = 4.0  # sentences over which the boost halves
    title: float = 1.0  # weight of similarity to the title
    redundancy: float = 0.5  # MMR penalty for overlap with points already chosen
    damping: float = 0.85
    max_chars: int = 60
    min_chars: int = 12
    pool: int = 300  # most sentences ranked by PageRank; longer texts are shortlisted first

    def __post_init__(self) -> None:
        """A card's value out of its range is one line naming it (max_chars = 0 made empty points)."""
        lowest = {"position_decay": 0.01, "damping": 0.01, "max_chars": 10, "pool": 1}
        for name, value in vars(self).items():
            low, high = lowest.get(name, 0), 0.99 if name == "damping" else float("inf")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ConfigError(f"option {name} = {value!r} is out of range",
                                  f"use a number from {low}" + (f" to {high}" if high < float("inf") else " up"))


def features(text: str) -> list[str]:
    """Character unigrams and bigrams (punctuation and spaces dropped; Latin words kept whole)."""
    chars = content_chars(text)
    return chars + [a + b for a, b in zip(chars, chars[1:])]


@dataclass(frozen=True)
class Tfidf:
    """L2-normalised TF-IDF rows (IDF over the rows), sparse: entry k is at row ``rows[k]``, column
    ``cols[k]`` and worth ``vals[k]``; entries are sorted by row, then column."""

    n: int
    width: int
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray

    def dense(self) -> np.ndarray:
        x = np.zeros((self.n, self.width))
        x[self.rows, self.cols] = self.vals
        return x

    def dot(self, i: int) -> np.ndarray:
        """Cosine similarity of every row to row ``i``."""
        lo, hi = np.searchsorted(self.rows, [i, i + 1])
        query = np.zeros(self.width)
        query[self.cols[lo:hi]] = self.vals[lo:hi]
        return np.bincount(self.rows, self.vals * query[self.cols], minlength=self.n)

    def degree(self) -> np.ndarray:
        """Each row's summed similarity to all the other rows."""
        total = np.bincount(self.cols, self.vals, minlength=self.width)
        return np.bincount(self.rows, self.vals * (total[self.cols] - self.vals), minlength=self.n)

    def gram(self) -> np.ndarray:
        """Cosine similarity between rows (n×n, zero diagonal), one row at a time over shared columns."""
        order = np.argsort(self.cols, kind="stable")
        col_rows, col_vals = self.rows[order], self.vals[order]
        col_start = np.searchsorted(self.cols[order], np.arange(self.width + 1))
        row_start = np.searchsorted(self.rows, np.arange(self.n + 1))
        sim = np.zeros((self.n, self.n))
        for i in range(self.n):
            cols, vals = self.cols[row_start[i]:row_start[i + 1]], self.vals[row_start[i]:row_start[i + 1]]
            lo, size = col_start[cols], col_start[cols + 1] - col_start[cols]
            at = np.arange(size.sum()) + np.repeat(lo - np.cumsum(size) + size, size)
            sim[i] = np.bincount(col_rows[at], col_vals[at] * np.repeat(vals, size), minlength=self.n)
        np.fill_diagonal(sim, 0.0)
        return sim


def tfidf(texts: list[str]) -> Tfidf:
    """TF-IDF of character unigrams and bigrams: (1 + log tf) · log(1 + n / df), rows L2-normalised."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        ids = [vocab.setdefault(t, len(vocab)) for t in features(text)]
        cols += ids
        rows += [i] * len(ids)
    width = max(1, len(vocab))
    keys, counts = np.unique(np.array(rows, dtype=np.int64) * width + np.array(cols, dtype=np.int64),
                             return_counts=True)
    r, c = keys // width, keys % width
    idf = np.log(1 + len(texts) / np.maximum(1, np.bincount(c, minlength=width)))
    w = (1 + np.log(counts)) * idf[c]
    norms = np.sqrt(np.bincount(r, w * w, minlength=len(texts)))
    return Tfidf(len(texts), width, r, c, w / norms[r])


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """Dense rows of :func:`tfidf` (n × vocabulary: for a few hundred short texts only)."""
    return tfidf(texts).dense()


def best_source(point: str, sources: list[str]) -> int:
    """Index of the source sentence most similar to ``point`` (character n-gram cosine), in linear time."""
    return int(tfidf([point, *sources]).dot(0)[1:].argmax())


def by_similarity(point: str, sources: list[str]) -> list[int]:
    """Indices of the source sentences, the most similar to ``point`` first (ties in source order)."""
    return [int(i) for i in np.argsort(-tfidf([point, *sources]).dot(0)[1:], kind="stable")]


def similarities(texts: list[str], query: str) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarities between ``texts`` (n×n, zero diagonal) and of each text to ``query``."""
    x = tfidf([*texts, query])
    return x.gram()[:-1, :-1], x.dot(len(texts))[:-1]


def choose(texts: list[str], title: str, n: int, w: Weights) -> list[int]:
    """Indices of the ``n`` best texts, in source order: shortlist, PageRank with priors, then MMR."""
    pool = shortlist(texts, title, w)
    sim, title_sim = similarities([texts[i] for i in pool], title)
    scores = rank(sim, title_sim, w, positions=np.array(pool, dtype=float))
    return [pool[i] for i in select(sim, scores, n, w.redundancy)]


def shortlist(texts: list[str], title: str, w: Weights) -> list[int]:
    """All texts when they fit the pool; else the ``w.pool`` best by degree centrality × position prior
    + title similarity (linear time), in source order."""
    if len(texts) <= max(1, w.pool):
        return list(range(len(texts)))
    x = tfidf([*texts, title])
    title_sim = x.dot(len(texts))
    central = (x.degree() - title_sim)[:-1]
    score = central / (central.max() or 1.0) * _prior(np.arange(len(texts)), w) + w.title * title_sim[:-1]
    return sorted(np.argsort(-score, kind="stable")[: max(1, w.pool)].tolist())


def pairwise(x: np.ndarray) -> np.ndarray:
    """Cosine similarity between rows of an L2-normalised matrix, zero on the diagonal."""
    sim = x @ x.T
    np.fill_diagonal(sim, 0.0)
    return sim


def rank(sim: np.ndarray, title_sim: np.ndarray, w: Weights, positions: np.ndarray | None = None) -> np.ndarray:
    """Centrality (PageRank over cosine similarity) × position prior + similarity to the title;
    ``positions``: each row's place among the article's candidates (default: the row number)."""
    central = pagerank(sim, w.damping)
    prior = _prior(np.arange(len(sim)) if positions is None else positions, w)
    return central / (central.max() or 1.0) * prior + w.title * title_sim


def _prior(positions: np.ndarray, w: Weights) -> np.ndarray:
    return 1 + w.position * 0.5 ** (positions / w.position_decay)
def pagerank(sim: np.ndarray, damping: float, iterations: int = 50) -> np.ndarray:
    n = len(sim)
    out = sim.sum(axis=1, keepdims=True)
    transition = sim / np.where(out == 0, 1, out)
    score = np.full(n, 1.0 / n)
    for _ in range(iterations):
        score = (1 - damping) / n + damping * (transition.T @ score)
    return score


def select(sim: np.ndarray, scores: np.ndarray, n: int, redundancy: float) -> list[int]:
    """Maximal marginal relevance: best score minus overlap with what is already chosen; source order."""
    chosen: list[int] = []
    penalty = np.zeros(len(scores))
    for _ in range(min(n, len(scores))):
        gain = scores - redundancy * penalty
        gain[chosen] = -np.inf
        best = int(np.argmax(gain))
        chosen.append(best)
        penalty = np.maximum(penalty, sim[best])
    return sorted(chosen)
