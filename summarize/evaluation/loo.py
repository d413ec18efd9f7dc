"""``CARD@loo``: the learned ranker scored out of fold. For each evaluated article, a ranker is trained on
the suite's ``train`` data without that article (by id), so an article never helps rank itself; the
regularisation is chosen inside each fold. An article that is not in the training data gets the ranker
trained on all of it. Training happens before the variant's clock starts (``prepare``)."""

from __future__ import annotations

from typing import Any

from summarize.data import Article
from summarize.errors import BackendUnavailableError, ConfigError


class LeaveOneOut:
    def __init__(self, sources: list[str], document_field: str = "document", reference_field: str = "summary",
                 seed: int = 13) -> None:
        if not sources:
            raise ConfigError("a @loo variant needs the suite's `train` data", 'add train = ["PATH", …] to the suite')
        try:
            import sklearn  # noqa: F401, PLC0415 - training needs it
        except ImportError:
            raise BackendUnavailableError("learned", "scikit-learn", "pip install -e '.[train]'") from None
        self.sources, self.fields, self.seed = sources, (document_field, reference_field), seed
        self._corpus: Any = None
        self._rankers: dict[str, Any] = {}

    def describe(self) -> dict[str, Any]:
        return {"card": "learned@loo", "backend": "learned", "train": self.sources, "seed": self.seed,
                "folds": "leave one article out (by id)"}

    def corpus(self) -> Any:
        if self._corpus is None:
            from summarize.learn.dataset import read_sources  # noqa: PLC0415

            self._corpus = read_sources(self.sources, *self.fields)
        return self._corpus

    def prepare(self, article: Article) -> None:
        """Train (once per held-out id) the ranker that has not seen ``article``."""
        from summarize.learn.fit import Settings, fit  # noqa: PLC0415

        docs = self.corpus().docs
        held = [d for d in docs if d.id == article.id]
        key = article.id if held else ""
        if key not in self._rankers:
            long = any(d.x[0, -1] for d in held)
            self._rankers[key] = fit([d for d in docs if d.id != article.id], Settings(seed=self.seed),
                                     short_posts=not long)

    def summarize(self, article: Article, n: int) -> list[str]:
        key = article.id if any(d.id == article.id for d in self.corpus().docs) else ""
        if key not in self._rankers:
            self.prepare(article)
        return [p.text for p in self._rankers[key].key_points(article, n)]
