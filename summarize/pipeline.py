"""The one run path behind every front: ingest → key points → translate → check → Digest.

``Pipeline.run`` (one article, optionally streamed step by step) and ``Pipeline.run_many`` (several articles
sharing one translation call) are the same code: ``run`` is ``run_many`` of one. CLI, batch (both engines),
web and eval all build a :class:`~summarize.config.RunConfig` and call these.
"""

from __future__ import annotations

import platform
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path

from summarize import __version__, glossary, registry
from summarize.checks import run_checks
from summarize.config import RunConfig, library_versions
from summarize.data import AlignedSentence, Article, Digest, KeyPoint, Repair, Term
from summarize.errors import InputError
from summarize.faithful import cited_text, english_fields, recurrency, repair, respell
from summarize.ingest import load
from summarize.number_checks import dollar_land
from summarize.stages import Call, OnToken, Summarizer, Translator, merge_info

SCHEMA_VERSION = "1.5"
Source = Path | str | bytes | Article


@dataclass(frozen=True)
class Step:
    """What a streaming run has so far (``on_step``); ``digest`` is set on the last step only."""

    article: Article
    points: tuple[KeyPoint, ...] = ()
    points_en: tuple[str, ...] = ()
    title_en: str = ""
    english: tuple[str, ...] = ()  # the first len(english) body sentences, translated
    digest: Digest | None = None


OnStep = Callable[[Step], None]


class Pipeline:
    def __init__(self, summarizer: Summarizer, translator: Translator, config: RunConfig | None = None) -> None:
        self.summarizer = summarizer
        self.translator = translator
        self.config = config or RunConfig.from_cards(summarizer.card, translator.card)

    @classmethod
    def from_config(cls, config: RunConfig) -> Pipeline:
        return cls(registry.load(config.summarizer, "summarize"), registry.load(config.translator, "translate"),
                   config)

    @classmethod
    def from_cards(cls, summarizer: str | None = None, translator: str | None = None, *, points: int | None = None,
                   max_bytes: int | None = None) -> Pipeline:
        """Build from card names (or card file paths); None: the default card (``config.DEFAULT_CARDS``); unset
        options come from the summarizer's card."""
        return cls.from_config(RunConfig.build("python", summarizer=summarizer, translator=translator,
                                               points=points, max_bytes=max_bytes))

    def ingest(self, source: Source, *, name: str = "", article_id: str = "", default_id: str = "") -> Article:
        """An Article from a ``Path`` (a file), a ``str`` (the text itself), ``bytes``, or an Article; the size
        limit of the run config holds for each."""
        if isinstance(source, Article):
            return source
        if isinstance(source, Path):
            return load(source, max_bytes=self.config.max_bytes, article_id=article_id)
        return load(source, name=name or "input", max_bytes=self.config.max_bytes, article_id=article_id,
                    default_id=default_id)

    def run(self, source: Source, *, on_token: OnToken | None = None, on_step: OnStep | None = None,
            call: Call | None = None, step_sentences: int = 6, name: str = "", article_id: str = "") -> Digest:
        """Digest one article. ``on_step`` gets the key points, their English, then the body
        ``step_sentences`` at a time, then the finished digest; ``on_token`` gets a model's text as it is
        written; ``call.cancel`` stops the work between sentences, chunks and tokens."""
        call = call or Call(on_token=on_token)
        article = self.ingest(source, name=name, article_id=article_id)
        return self.run_many([article], call=call, on_step=on_step, step_sentences=step_sentences)[0]

    def run_many(self, sources: Sequence[Source], *, call: Call | None = None, on_step: OnStep | None = None,
                 step_sentences: int = 6) -> list[Digest]:
        """Several articles, their translation work deduplicated and sent in one call, so that a batching
        translator (seq2seq) sees full batches; timings are shared out evenly between the articles."""
        if isinstance(sources, (str, bytes)):
            raise InputError("run_many takes a list of articles", "pass a list, or use run() for one article")
        t0 = time.perf_counter()
        articles = [self.ingest(s) for s in sources]
        glossaries = [glossary.build(a, self.config.user_glossary) for a in articles]
        entries = {t.zh: t for g in reversed(glossaries) for t in g}  # the first article's rendering wins
        call = replace(call or Call(), glossary={zh: t.en for zh, t in entries.items()}, names=tuple(entries.values()),
                       use_cache=self.config.cache and (call or Call()).use_cache)
        t1 = time.perf_counter()
        streaming = bool(on_step) and len(articles) == 1
        early = not streaming and self._parallel_translator()  # a parallel model translates the body meanwhile
        points, english_of, infos = self._points_and_body(articles, call, step_sentences, early)
        t2 = time.perf_counter()
        texts = [_texts(a, p.points) for a, p in zip(articles, points, strict=True)]
        notify = _Progress(articles[0], points[0].points, on_step) if streaming else None
        rest = [t for ts in texts for t in ts if t not in english_of]
        english_of, infos = self._translate(rest, call, notify, step_sentences, english_of, infos)
        t3 = time.perf_counter()
        n = len(articles)
        digests = []
        for article, terms, pts, ts in zip(articles, glossaries, points, texts, strict=True):
            timings = {"ingest_s": (t1 - t0) / n, "summarize_s": (t2 - t1) / n, "translate_s": (t3 - t2) / n}
            info = {"summarizer": pts.info, "translator": merge_info(infos)}
            digests.append(self._assemble(article, terms, pts.points, [english_of[t] for t in ts], timings, info))
        if notify:
            notify.finish(digests[0])
        return digests

    def key_points(self, article: Article, n: int | None = None, call: Call | None = None) -> list[KeyPoint]:
        """The key points alone (the evaluation of a summarizer card); ``n`` defaults to the config's."""
        return list(self.summarizer.key_points(article, n or self.config.points, call or Call()).points)

    def translate(self, texts: Sequence[str], call: Call | None = None) -> list[str]:
        """English for Chinese texts alone (the evaluation of a translator card), with the glossary of the
        texts, as a digest has the glossary of its article."""
        texts = texts if isinstance(texts, str) else list(texts)  # a generator is read once
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise InputError("translate takes a list of Chinese texts", 'pass a list, e.g. translate(["雷军说。"])')
        call = replace(call or Call(), use_cache=self.config.cache)
        if not call.glossary:
            terms = glossary.build_from_text("\n".join(texts), self.config.user_glossary)
            call = replace(call, glossary={t.zh: t.en for t in terms}, names=terms)
        return list(self.translator.translate(texts, call).texts)

    def _points_and_body(self, articles: list[Article], call: Call, step: int,
                         early: bool) -> tuple[list, dict[str, str], list[dict]]:
        """The key points; with ``early``, the body translated at the same time, in a thread that streams no
        tokens and stops when the request is cancelled or the key points fail."""
        if not early:
            return [self.summarizer.key_points(a, self.config.points, call) for a in articles], {}, []
        stop = threading.Event()
        quiet = replace(call, on_token=None, cancel=stop)
        with ThreadPoolExecutor(1) as pool:
            body = pool.submit(self._translate, [t for a in articles for t in _body(a)], quiet, None, step)
            try:
                points = [self.summarizer.key_points(a, self.config.points, call) for a in articles]
                while True:
                    try:
                        return points, *body.result(timeout=0.25)
                    except FutureTimeout:
                        call.check()  # a cancelled request stops the body too (below)
            except BaseException:
                stop.set()
                raise

    def _parallel_translator(self) -> bool:
        return int(getattr(self.translator, "parallel", 1)) > 1

    def _translate(self, texts: list[str], call: Call, notify: _Progress | None, step: int,
                   english_of: dict[str, str] | None = None,
                   infos: list[dict] | None = None) -> tuple[dict[str, str], list[dict]]:
        """Each distinct text translated once (a key point often is a body sentence), in one call; when
        streaming, the head (title and points) first, then the body ``step`` sentences at a time. Texts in
        ``english_of`` are translated already."""
        step = max(1, step)
        slices = [texts] if notify is None else [texts[:notify.head]] + [
            texts[i:i + step] for i in range(notify.head, len(texts), step)]
        english_of, infos = dict(english_of or {}), list(infos or [])
        done = 0
        for part in slices:
            call.check()
            done += len(part)
            new = [t for t in dict.fromkeys(part) if t not in english_of]
            if new:
                result = self.translator.translate(new, call)
                english_of |= dict(zip(new, result.texts, strict=True))
                infos += [result.info] if result.info else []
            if notify:
                notify.translated(english_of, done)
        return english_of, infos

    def _assemble(self, article: Article, terms: tuple[Term, ...], points: Sequence[KeyPoint], english: list[str],
                  timings: dict[str, float], info: dict[str, dict]) -> Digest:
        t0 = time.perf_counter()
        names = {t.zh: t.en for t in terms}
        fixes: list[Repair] = []
        pairs = list(zip(english, _texts(article, points), strict=True))
        pairs[1:len(points) + 1] = [(p.en, cited_text(article, p)) if p.en else pair  # a cross-lingual point's own
                                    for p, pair in zip(points, pairs[1:len(points) + 1], strict=True)]
        dollars = dollar_land(article)
        english = [self._repaired(en, zh, where, terms, names, fixes, dollars) for (en, zh), where in
                   zip(pairs, _places(article, points), strict=True)]
        n, body = len(points) + 1, len(article.sentences)
        title_en, points_en, body_en, reference_en = english[0], english[1:n], english[n:n + body], english[n + body:]
        translation = tuple(AlignedSentence(s.id, s.paragraph, s.text, en)
                            for s, en in zip(article.sentences, body_en, strict=True))
        outputs = english_fields(article, points, title_en, points_en, translation, reference_en)
        checks = run_checks(article, outputs, self.translator.is_gloss, terms, tuple(fixes))
        timings = timings | {"check_s": time.perf_counter() - t0}
        return Digest(
            id=article.id, title=article.title, title_en=title_en if article.title else "", meta=article.meta,
            key_points=tuple(points), key_points_en=tuple(points_en), translation=translation,
            reference_points=article.reference_points, boilerplate=article.boilerplate, checks=checks,
            provenance=self.provenance(article, timings, info), source_path=article.source_path, glossary=terms,
            reference_points_en=tuple(reference_en),
        )

    @staticmethod
    def _repaired(english: str, source: str, where: str, terms: tuple[Term, ...], names: dict[str, str],
                  fixes: list[Repair], dollars: bool) -> str:
        """Chinese left replaced, then a person's name misspelt written as the glossary says, then a figure in
        another currency than the source's written in the source's (all listed)."""
        text, made = repair(english, where, names)
        text, respelt = respell(text, source, where, terms)
        text, moved = recurrency(text, source, where, dollars)
        fixes += made + respelt + moved
        return text

    def provenance(self, article: Article, timings: dict[str, float], info: dict[str, dict]) -> dict:
        runs = {stage: {"run": i} if i else {} for stage, i in info.items()}
        return {
            "schema_version": SCHEMA_VERSION,
            "summarizer": self.summarizer.card.describe() | runs["summarizer"],
            "translator": self.translator.card.describe() | {"is_gloss": self.translator.is_gloss}
            | runs["translator"],
            "settings": self.config.settings(),
            "fingerprint": self.config.fingerprint(),
            "article": {"script": article.script, "reference_style": article.reference_style or None,
                        "sentences": len(article.sentences), "paragraphs": len(article.paragraphs)},
            "versions": versions(),
            "timings": {k: round(v, 4) for k, v in timings.items()},
        }


class _Progress:
    """Turns translated texts into streaming steps for one article."""

    def __init__(self, article: Article, points: tuple[KeyPoint, ...], on_step: OnStep) -> None:
        self.article, self.points, self.on_step = article, points, on_step
        self.head = len(points) + 1  # title + points
        self.texts = _texts(article, points)
        self.step = Step(article, points)
        on_step(self.step)

    def translated(self, english_of: dict[str, str], done: int) -> None:
        """The first ``done`` texts (title, points, then body sentences) are translated."""
        head = [english_of[t] for t in self.texts[:self.head]]
        body = [english_of[t] for t in self.texts[self.head:min(done, self.head + len(self.article.sentences))]]
        self.step = Step(self.article, self.points, tuple(p.en or en for p, en in zip(self.points, head[1:])),
                         head[0], tuple(body))
        self.on_step(self.step)

    def finish(self, digest: Digest) -> None:
        s = self.step
        self.on_step(Step(s.article, s.points, s.points_en, s.title_en, s.english, digest))


def _places(article: Article, points: Sequence[KeyPoint]) -> list[str]:
    """Where each of ``_texts`` ends up in the digest."""
    return ["title_en", *(f"key_points_en[{i}]" for i in range(len(points))),
            *(f"translation[{s.id}]" for s in article.sentences),
            *(f"reference_points_en[{k}]" for k in range(len(article.reference_points)))]


def _body(article: Article) -> list[str]:
    """What an article has to translate whatever its key points: its body sentences and the editor's points."""
    return [*(s.analysis_text for s in article.sentences), *map(article.analysis, article.reference_points)]


def _texts(article: Article, points: Sequence[KeyPoint]) -> list[str]:
    """What to translate for one article: title, key points, every body sentence, the editor's own points (in
    that order), in Simplified script like the sentences (the glossary and the models read Simplified). Points
    a cross-lingual summarizer already wrote in English need none ("" costs nothing)."""
    simplified = article.analysis
    return [simplified(article.title), *("" if p.en else simplified(p.text) for p in points), *_body(article)]


def versions() -> dict[str, str]:
    """Versions of what produced the digest: the package, Python, and the libraries that shape its text."""
    return {"summarize": __version__, "python": platform.python_version()} | library_versions()
