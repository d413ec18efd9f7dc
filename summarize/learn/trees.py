"""Gradient-boosted regression trees exported from scikit-learn's HistGradientBoostingRegressor and
evaluated with numpy alone: all trees at once, one level per step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Trees:
    """Tree ``t``'s node ``k``: go left when ``x[feature] <= threshold``; a leaf has ``left == -1`` and
    holds ``value``. The prediction is ``baseline`` plus one leaf value per tree."""

    feature: np.ndarray  # trees × nodes, int
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    baseline: float

    def score(self, x: np.ndarray) -> np.ndarray:
        trees = np.arange(len(self.feature))
        node = np.zeros((len(x), len(trees)), dtype=np.int64)
        rows = np.arange(len(x))[:, None]
        while True:
            inner = self.left[trees, node] >= 0
            if not inner.any():
                break
            go_left = x[rows, self.feature[trees, node]] <= self.threshold[trees, node]
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(inner, step, node)
        return self.baseline + self.value[trees, node].sum(axis=1)

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": round(self.baseline, 6), "trees": [
            {"feature": f.tolist(), "threshold": [float(v) for v in t], "left": a.tolist(),
             "right": b.tolist(), "value": [round(float(v), 6) for v in val]}
            for f, t, a, b, val in zip(self.feature, self.threshold, self.left, self.right, self.value)]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trees:
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)

        def pad(key: str, fill: float, dtype: type) -> np.ndarray:
            return np.array([t[key] + [fill] * (width - len(t[key])) for t in trees], dtype=dtype)

        return cls(pad("feature", 0, np.int64), pad("threshold", 0.0, float), pad("left", -1, np.int64),
                   pad("right", -1, np.int64), pad("value", 0.0, float), float(data["baseline"]))

    @classmethod
    def from_sklearn(cls, model: Any) -> Trees:
        """From a fitted ``HistGradientBoostingRegressor`` (squared error, one output)."""
        trees = []
        for (predictor,) in model._predictors:  # the fitted trees: no public accessor
            nodes = predictor.nodes
            leaf = nodes["is_leaf"].astype(bool)
            trees.append({"feature": nodes["feature_idx"].astype(int).tolist(),
                          "threshold": nodes["num_threshold"].astype(float).tolist(),
                          "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).astype(int).tolist(),
                          "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).astype(int).tolist(),
                          "value": np.where(leaf, nodes["value"], 0.0).astype(float).tolist()})
        return cls.from_dict({"baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees})
