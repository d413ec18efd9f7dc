"""Fitting the ranker (scikit-learn, imported only here) and cross-validating it by document.

Folds never split a document's sentences. The regularisation strength is chosen inside the training data
(grouped folds, held-out log-loss), so a held-out document never chooses it. Everything is seeded.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

import numpy as np

from summarize.learn.dataset import Doc
from summarize.learn.features import feature_names, with_long
from summarize.learn.model import Linear, Ranker
from summarize.learn.spans import clause_names, joint
from summarize.learn.trees import Trees
from summarize.metrics import char_tokens, rouge_l

C_GRID = (0.003, 0.01, 0.03, 0.3)


@dataclass(frozen=True)
class Settings:
    seed: int = 13
    folds: int = 5
    inner_folds: int = 3
    redundancy: float = 0.3
    max_chars: int = 60
    long_weight: float = 4.0  # weight of a long article's rows against a short post's
    trees: int = 150


def folds(n: int, k: int, seed: int) -> np.ndarray:
    """A fold number for each of ``n`` documents: a seeded permutation dealt round-robin."""
    order = np.random.default_rng(seed).permutation(n)
    out = np.empty(n, dtype=int)
    out[order] = np.arange(n) % max(1, min(k, n))
    return out


def _stack(docs: list[Doc], settings: Settings) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x = np.vstack([d.x for d in docs])
    y = np.concatenate([d.y for d in docs])
    weight = np.concatenate([np.full(len(d.y), settings.long_weight if d.x[0, -1] else 1.0) for d in docs])
    group = np.concatenate([np.full(len(d.y), i) for i, d in enumerate(docs)])
    return x, y, weight, group


def _standard(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    return mean, np.where(scale > 1e-9, scale, 1.0)


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, c: float, seed: int) -> Linear:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - training only

    mean, scale = _standard(x)
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    model.fit((x - mean) / scale, y, sample_weight=weight)
    return Linear(tuple(feature_names()), mean, scale, model.coef_[0], float(model.intercept_[0]))


def _boosted(x: np.ndarray, y: np.ndarray, settings: Settings) -> Trees:
    from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: PLC0415 - training only

    model = HistGradientBoostingRegressor(max_iter=settings.trees, learning_rate=0.1, max_leaf_nodes=15,
                                          min_samples_leaf=40, l2_regularization=1.0, early_stopping=False,
                                          random_state=settings.seed)
    return Trees.from_sklearn(model.fit(x, y))


def span_rows(docs: list[Doc], sentence: Linear) -> tuple[np.ndarray, np.ndarray]:
    """The span scorer's rows and targets, given the sentence model."""
    xs, ys = [], []
    for d in docs:
        logit = sentence.score(d.x)
        rank = np.empty(len(logit))
        rank[np.argsort(-logit, kind="stable")] = np.arange(len(logit))
        xs.append(joint(d.x[d.span_of], bool(d.x[0, -1]), logit[d.span_of], rank[d.span_of], d.span_x))
        ys.append(d.span_y)
    return np.vstack(xs), np.concatenate(ys)


def choose_c(docs: list[Doc], settings: Settings) -> tuple[float, dict[str, float]]:
    """The C of the grid with the lowest held-out log-loss over grouped inner folds of ``docs``."""
    x, y, weight, group = _stack(docs, settings)
    fold = folds(len(docs), settings.inner_folds, settings.seed)[group]
    losses = {}
    for c in C_GRID:
        total = 0.0
        for k in range(settings.inner_folds):
            train, test = fold != k, fold == k
            if not test.any() or len(set(y[train])) < 2:
                continue
            p = 1 / (1 + np.exp(-_logistic(x[train], y[train], weight[train], c, settings.seed).score(x[test])))
            p = np.clip(p, 1e-9, 1 - 1e-9)
            total += float(-(weight[test] * (y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p))).sum())
        losses[str(c)] = total
    return float(min(C_GRID, key=lambda c: losses[str(c)])), losses


def fit(docs: list[Doc], settings: Settings, c: float | None = None, short_posts: bool = True) -> Ranker:
    from threadpoolctl import threadpool_limits  # noqa: PLC0415 - scikit-learn's; training only

    with threadpool_limits(1):  # one thread: OpenMP threads that spin on a busy machine cost minutes
        return _fit(docs, settings, c, short_posts)


def _fit(docs: list[Doc], settings: Settings, c: float | None, short_posts: bool) -> Ranker:
    """The ranker trained on ``docs``; ``c`` chosen inside them unless given. Without ``short_posts`` the
    span model (used on short posts only) is not fitted: enough to score long articles, and faster."""
    if c is None:
        c, _ = choose_c(docs, settings)
    x, y, weight, _ = _stack(docs, settings)
    sentence = _logistic(x, y, weight, c, settings.seed)
    clauses = _clauses(docs, settings)
    short = [d for d in docs if not d.x[0, -1]]
    span = _boosted(*span_rows(short, sentence), settings) if short_posts and short else None
    return Ranker(sentence, clauses, span, settings.redundancy, settings.max_chars, training={"C": c})


def _clauses(docs: list[Doc], settings: Settings) -> Linear:
    """Ridge regression of each span's ROUGE-L above its sentence's mean, on every document's spans."""
    from sklearn.linear_model import Ridge  # noqa: PLC0415 - training only

    xs, ys, ws = [], [], []
    for d in docs:
        long = bool(d.x[0, -1])
        xs.append(with_long(d.span_x, long))
        means = np.bincount(d.span_of, d.span_y) / np.maximum(1, np.bincount(d.span_of))
        ys.append(d.span_y - means[d.span_of])
        ws.append(np.full(len(d.span_y), settings.long_weight if long else 1.0))
    x, y = np.vstack(xs), np.concatenate(ys)
    mean, scale = _standard(x)
    model = Ridge(alpha=1.0).fit((x - mean) / scale, y, sample_weight=np.concatenate(ws))
    return Linear(tuple(clause_names()), mean, scale, model.coef_, float(model.intercept_))


def cross_validate(docs: list[Doc], settings: Settings) -> dict[str, Any]:
    """Out-of-fold ROUGE-L (characters, points joined) of the ranker and of lead-n, per reference shape;
    each fold's C is chosen inside its training part."""
    fold = folds(len(docs), settings.folds, settings.seed)
    per_doc: list[tuple[str, float, float]] = []
    chosen = []
    for k in range(settings.folds):
        train = [d for d, f in zip(docs, fold) if f != k]
        test = [d for d, f in zip(docs, fold) if f == k]
        if not test or not train:
            continue
        ranker = fit(train, settings)
        chosen.append(ranker.training["C"])
        per_doc += [(d.shape, _score(ranker, d), _lead(d)) for d in test]
    return {"folds": settings.folds, "C_per_fold": chosen, "by_shape": _by_shape(per_doc)}


def _score(ranker: Ranker, doc: Doc) -> float:
    text = "".join(p.text for p in ranker.key_points(doc.article, doc.points))
    return rouge_l(char_tokens(text), char_tokens("".join(doc.references))).f1


def _lead(doc: Doc) -> float:
    text = "".join(s.text for s in doc.article.sentences[: doc.points])
    return rouge_l(char_tokens(text), char_tokens("".join(doc.references))).f1


def _by_shape(rows: list[tuple[str, float, float]]) -> dict[str, dict[str, float]]:
    out = {}
    for shape in sorted({r[0] for r in rows}) + ["all"]:
        mine = [r for r in rows if shape in ("all", r[0])]
        out[shape] = {"documents": len(mine), "ranker_rougeL": round(statistics.fmean(r[1] for r in mine), 4),
                      "lead_rougeL": round(statistics.fmean(r[2] for r in mine), 4)}
    return out
