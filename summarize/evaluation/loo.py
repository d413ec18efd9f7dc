"""``CARD@loo``: the learned ranker scored out of fold. For each evaluated article, a ranker is trained on
the suite's ``train`` data without that article (by id), so an article never helps rank itself; the
regularisation is chosen inside each fold. An article that is not in the training data gets the ranker
trained on all of it. Training happens before the variant's clock starts (``prepare``).

``GROUNDED-CARD@loo`` (a card whose summarizer writes points from a learned ranker's candidates, such as
``qwen2.5-coder-1.5b-gguf-grounded``) gets the same held-out ranker for its candidates, so that an LLM's points
and the ranker's own are compared on the same out-of-fold candidates."""

from __future__ import annotations

from typing import Any

from summarize import registry
from summarize.cards import load_card
from summarize.data import Article
from summarize.errors import BackendUnavailableError, ConfigError
from summarize.llm.grounded import GroundedSummarizer


class LeaveOneOut:
    def __init__(self, sources: list[str], document_field: str = "document", reference_field: str = "summary",
                 seed: int = 13, card: str = "extractive-learned") -> None:
        if not sources:
            raise ConfigError("a @loo variant needs the suite's `train` data", 'add train = ["PATH", …] to the suite')
        try:
            import sklearn  # noqa: F401, PLC0415 - training needs it
        except ImportError:
            raise BackendUnavailableError("learned", "scikit-learn", "pip install -e '.[train]'") from None
        self.sources, self.fields, self.seed, self.card = sources, (document_field, reference_field), seed, card
        self._grounded: Any = None
        model = load_card(card)
        if model.backend != "learned":  # refused before any model is loaded, unless it writes from a ranker
            summarizes = "summarize" in registry.spec(model.backend).classes
            made = registry.backend_class(model.backend, "summarize") if summarizes else None
            grounded = model.options.get("grounded") is True or (isinstance(made, type)
                                                                     and issubclass(made, GroundedSummarizer))
            if not grounded:
                raise ConfigError(f"{card}@loo: a leave-one-out variant needs a learned or a grounded card",
                                  'use extractive-learned@loo, or a card with grounded = true or of backend '
                                  "llama-cpp-grounded")
            self._grounded = registry.load(model, "summarize")
            if not isinstance(self._grounded, GroundedSummarizer):  # grounded = true on a backend with no LLM
                raise ConfigError(f"{card}@loo: card {model.name!r} does not write grounded points",
                                  "grounded = true is for llama-server and openai cards")
        self._corpus: Any = None
        self._rankers: dict[str, Any] = {}

    def describe(self) -> dict[str, Any]:
        grounded = self._grounded.card.describe() if self._grounded else {}
        backend = self._grounded.card.backend if self._grounded else "learned"
        return {"card": f"{self.card}@loo", "backend": backend, "train": self.sources, "seed": self.seed,
                "folds": "leave one article out (by id)"} | ({"grounded": grounded} if grounded else {})

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

    def ranker(self, article: Article) -> Any:
        """The learned ranker that has not seen ``article`` (trained now if need be)."""
        key = article.id if any(d.id == article.id for d in self.corpus().docs) else ""
        if key not in self._rankers:
            self.prepare(article)
        return self._rankers[key]

    def summarize(self, article: Article, n: int) -> list[str]:
        ranker = self.ranker(article)
        if self._grounded is None:
            return [p.text for p in ranker.key_points(article, n)]
        stage = GroundedSummarizer(self._grounded.card, self._grounded.engine, ranker)  # the model is shared
        return [p.text for p in stage.key_points(article, n).points]
