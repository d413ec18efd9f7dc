"""Sentence ranking shared by every summarizer: character n-gram TF-IDF, graph centrality (PageRank),
position and title priors, and redundancy control (MMR)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


def features(text: str) -> list[str]:
    """Character unigrams and bigrams (punctuation and spaces dropped; Latin words kept whole)."""
    chars = content_chars(text)
    return chars + [a + b for a, b in zip(chars, chars[1:])]


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """Rows: L2-normalised TF-IDF vectors of character unigrams and bigrams (IDF over these texts)."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        for t in features(text):
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    width = max(1, len(vocab))
    flat = np.array(rows, dtype=np.int64) * width + np.array(cols, dtype=np.int64)
    counts = np.bincount(flat, minlength=len(texts) * width).astype(float).reshape(len(texts), width)
    present = counts > 0
    idf = np.log(1 + len(texts) / np.maximum(1, present.sum(axis=0)))
    x = np.where(present, 1 + np.log(np.maximum(counts, 1)), 0.0) * idf
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1, norms)


def best_source(point: str, sources: list[str]) -> int:
    """Index of the source sentence most similar to ``point`` (character n-gram cosine)."""
    x = tfidf_matrix([point, *sources])
    return int((x[1:] @ x[0]).argmax())


def pairwise(x: np.ndarray) -> np.ndarray:
    """Cosine similarity between rows of an L2-normalised matrix, zero on the diagonal."""
    sim = x @ x.T
    np.fill_diagonal(sim, 0.0)
    return sim


def rank(sim: np.ndarray, title_sim: np.ndarray, w: Weights) -> np.ndarray:
    """Centrality (PageRank over cosine similarity) × position prior + similarity to the title."""
    central = pagerank(sim, w.damping)
    prior = 1 + w.position * 0.5 ** (np.arange(len(sim)) / w.position_decay)
    return central / (central.max() or 1.0) * prior + w.title * title_sim


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
