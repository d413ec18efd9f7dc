"""The learned ranker at run time (numpy only): two models read from a small JSON file.

The sentence model (logistic regression) scores each candidate sentence: the log-odds that it belongs to the
greedy-ROUGE oracle. The best few are shortlisted, and every run of whole clauses of theirs that makes a
bullet (at most ``max_chars`` characters, attributions and parentheticals dropped) is scored by the span
model (boosted trees): its expected ROUGE-L against the reference. Points are taken best first, less
``redundancy`` × their sentence's similarity to the sentences already used; one point per sentence, and a
point that says what an earlier one says (:func:`summarize.bullets.same_point`) is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from summarize.bullets import same_point, spans
from summarize.data import Article, KeyPoint
from summarize.errors import ConfigError
from summarize.learn.features import Candidates, candidates, feature_names, with_long
from summarize.learn.spans import Context, clause_names, joint, span_matrix, span_names
from summarize.learn.trees import Trees

FORMAT = "summarize-learned-ranker/1"


@dataclass(frozen=True)
class Linear:
    """``((x - mean) / scale) · coef + intercept``."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def score(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.names), "mean": _floats(self.mean), "scale": _floats(self.scale),
                "coef": _floats(self.coef), "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_dict(cls, data: dict[str, Any], expected: list[str]) -> Linear:
        if list(data["features"]) != expected:
            raise ConfigError("the ranker's features differ from this version's",
                              "train it again with `summarize train`")
        return cls(tuple(data["features"]), *(np.array(data[k], dtype=float) for k in ("mean", "scale", "coef")),
                   float(data["intercept"]))


def _floats(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


@dataclass(frozen=True)
class Ranker:
    sentence: Linear
    clauses: Linear  # the best clauses of a sentence in a long article (per-sentence ROUGE-L above the mean)
    span: Trees | None  # a short post's best span of all (expected ROUGE-L); None: as in a long article
    redundancy: float = 0.3
    max_chars: int = 60
    min_chars: int = 8
    shortlist: int = 8  # sentences whose spans are scored, at least (3 per point asked for otherwise)
    training: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "sentence": self.sentence.to_dict(), "clauses": self.clauses.to_dict(),
                "span": {"features": span_names(), **self.span.to_dict()} if self.span else None,
                "select": {"redundancy": self.redundancy, "max_chars": self.max_chars, "min_chars": self.min_chars,
                           "shortlist": self.shortlist},
                "training": self.training}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Ranker:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"cannot read the ranker {path}: {e}", "train one with `summarize train`") from None
        if data.get("format") != FORMAT or (data.get("span") or {}).get("features", span_names()) != span_names():
            raise ConfigError(f"{path} is not a ranker of format {FORMAT} with this version's features",
                              "train one with `summarize train`")
        select = data.get("select", {})
        return cls(Linear.from_dict(data["sentence"], feature_names()), Linear.from_dict(data["clauses"], clause_names()),
                   Trees.from_dict(data["span"]) if data.get("span") else None,
                   float(select.get("redundancy", 0.3)), int(select.get("max_chars", 60)),
                   int(select.get("min_chars", 8)), int(select.get("shortlist", 8)), dict(data.get("training", {})))

    def key_points(self, article: Article, n: int) -> list[KeyPoint]:
        """``n`` key points (fewer only when the article has fewer distinct sentences), in source order."""
        cands = candidates(article, self.min_chars)
        if not cands.sentences:
            return []
        logit = self.sentence.score(cands.x)
        rank = np.empty(len(logit))
        rank[np.argsort(-logit, kind="stable")] = np.arange(len(logit))
        keep = [i for i in range(len(logit)) if rank[i] < max(self.shortlist, 3 * n)]
        context = Context(article.title, article.text)
        options = [(i, o) for i in keep for o in spans(cands.sentences[i].text, self.max_chars)]
        rows = np.vstack([span_matrix(cands.sentences[i].text, [o for k, o in options if k == i], context)
                          for i in keep])
        of = np.array([i for i, _ in options])
        if cands.long or self.span is None:  # sentences by the sentence model, each one's best clauses
            best = _best_per_sentence(of, self.clauses.score(with_long(rows, cands.long)))
            scored = [(i, float(1 / (1 + np.exp(-logit[i]))), options[k][1][2]) for i, k in best.items()]
        else:  # a short post: every span of every sentence by the span model
            values = self.span.score(joint(cands.x[of], cands.long, logit[of], rank[of], rows))
            scored = [(i, float(v), o[2]) for (i, o), v in zip(options, values)]
        return self._select(scored, cands, n)

    def _select(self, scored: list[tuple[int, float, str]], cands: Candidates, n: int) -> list[KeyPoint]:
        """Best first, less ``redundancy`` × similarity to the sentences already used; one point per
        sentence, none that says what an earlier one says; in source order."""
        points: list[KeyPoint] = []
        used: list[int] = []
        while scored and len(points) < n:
            penalty = [max((cands.sim[i, j] for j in used), default=0.0) for i, _, _ in scored]
            best = max(range(len(scored)), key=lambda k: scored[k][1] - self.redundancy * penalty[k])
            i, _, text = scored.pop(best)
            if i in used or any(same_point(text, p.text) for p in points):
                continue
            used.append(i)
            points.append(KeyPoint(text, (cands.sentences[i].id,)))
        return sorted(points, key=lambda p: p.source_sentence_ids)


def _best_per_sentence(of: np.ndarray, values: np.ndarray) -> dict[int, int]:
    """For each sentence, the index of its best-valued span."""
    best: dict[int, int] = {}
    for k, i in enumerate(of.tolist()):
        if i not in best or values[k] > values[best[i]]:
            best[i] = k
    return best
