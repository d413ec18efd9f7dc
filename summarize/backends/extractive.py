"""Extractive key points, no weights: graph centrality over character n-grams, with position, title
similarity and redundancy control (MMR); each point trimmed to a short clean bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint, Sentence
from summarize.segment import split_clauses
from summarize.textutil import cjk_count, content_chars

CONNECTIVES = ("此外", "不过", "同时", "但是", "但", "而且", "另外", "因此", "所以", "然而", "其中", "对此", "与此同时",
               "首先", "其次", "最后", "另一方面", "事实上", "实际上", "总之", "总的来说", "当然", "而", "并且", "此前",
               "目前", "如今", "近日", "据悉", "值得一提的是", "值得注意的是", "换句话说", "也就是说", "再者", "接着")
_CONNECTIVE_RE = re.compile(rf"^(?:{'|'.join(sorted(CONNECTIVES, key=len, reverse=True))})[，,：:]?\s*")
_DATELINE_RE = re.compile(r"^[^，。]{0,16}?(?:\d{1,2}月\d{1,2}日)?(?:消息|讯|电|报道)[，,：:]\s*")


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


class ExtractiveSummarizer:
    def __init__(self, card: ModelCard) -> None:
        self.card = card
        known = Weights.__dataclass_fields__
        self.weights = Weights(**{k: v for k, v in card.options.items() if k in known})

    def key_points(self, article: Article, n: int) -> list[KeyPoint]:
        candidates = [s for s in article.sentences if self._eligible(s, article)]
        if len(candidates) < n:  # a short article: n points from what there is, not fewer
            candidates = list(article.sentences)
        x = tfidf_matrix([s.analysis_text for s in candidates] + [article.title])
        sim = pairwise(x[:-1])
        scores = rank(sim, x[:-1] @ x[-1], self.weights)
        chosen = [candidates[i] for i in select(sim, scores, n, self.weights.redundancy)]
        return [KeyPoint(shorten(clean(s.text), self.weights.max_chars), (s.id,)) for s in chosen]

    def _eligible(self, s: Sentence, article: Article) -> bool:
        kind = article.paragraphs[s.paragraph].kind
        text = s.analysis_text
        return (kind in ("text", "list", "quote") and cjk_count(text) >= self.weights.min_chars
                and not re.search(r"[？?]\W*$", text) and not text.startswith(("“", "「", "\"")))


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


def clean(text: str) -> str:
    """Drop a dateline and leading connectives (此外、不过、同时 …) from a key point."""
    text = _DATELINE_RE.sub("", text.strip(), count=1)
    previous = None
    while previous != text:
        previous, text = text, _CONNECTIVE_RE.sub("", text, count=1)
    return text


def shorten(text: str, max_chars: int) -> str:
    """Keep whole clauses from the start up to ``max_chars``; a sentence that cannot be cut stays whole."""
    if len(text) <= max_chars:
        return text
    kept = ""
    for clause in split_clauses(text):
        if len(kept) + len(clause) > max_chars:
            break
        kept += clause
    if len(kept) < max_chars // 3:
        return text
    return re.sub(r"[，,：:；;、]+$", "", kept) + "。"
