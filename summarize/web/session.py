"""One web request: read the article, run the pipeline in steps, and say what the page should show.

The pipeline runs in a worker thread so that a model's tokens can stream to the page while it writes;
the request has a time limit, and a cancelled or timed-out request stops the work at its next sentence,
chunk or token. Backends are loaded once per process (the registry caches them) and shared by every session;
they hold no per-request state, and a model that decodes one sequence at a time takes requests in turn
(its engine's lock), telling a waiting request so.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from summarize import render
from summarize.config import MAX_POINTS, RunConfig
from summarize.data import Article
from summarize.errors import InputError
from summarize.fsutil import atomic_write
from summarize.pipeline import Pipeline, Step
from summarize.render_html import settled
from summarize.stages import Call
from summarize.web import view
from summarize.web.inputs import BYTES_PER_CHAR, ingest, parse_corrections, read_source, visitor_message
from summarize.web.menus import Menus

log = logging.getLogger("summarize.web")


@dataclass(frozen=True)
class Limits:
    max_chars: int = 100_000  # per article, pasted or uploaded: the one limit a visitor sees
    time_limit_s: float = 900.0  # per request
    update_every_s: float = 0.25  # at most this often a streaming update to the page
    step_sentences: int = 4  # body sentences translated per step
    concurrency: int = 4  # requests worked on at once (a model that decodes one sequence takes them in turn)
    queue_size: int = 64  # requests waiting beyond that; more are refused with a "queue full" message
    llm_max_chars: int = 7_000  # per article when a stage is an LLM (minutes per article on a CPU)


DEFAULT_LIMITS = Limits()
__all__ = ["MAX_POINTS", "Limits", "Update", "run_page", "run_request", "visitor_of"]


@dataclass(frozen=True)
class Update:
    """Everything the page shows: HTML fragments, and the download paths once the digest is done."""

    status: str = ""
    points: str = ""
    translation: str = ""
    checks: str = ""
    json_path: str | None = None
    md_path: str | None = None


def run_request(text: str, upload: str | None, summarizer: str, translator: str, points: int,
                limits: Limits = DEFAULT_LIMITS, visitor: str = "", glossary: dict[str, str] | None = None,
                menus: Menus | None = None) -> Iterator[Update]:
    """Digest one pasted or uploaded article, yielding what the page shows as it comes. ``glossary`` holds
    the visitor's corrections of names (zh → en), used by every stage that writes English; ``menus`` (what
    the page offers) lets the gloss note name the real translators. ``visitor`` (the client's address) gets
    one LLM request at a time, so that one visitor cannot fill the model's queue."""
    started = time.monotonic()
    if menus is not None:  # the page sends card names; an operator's card is built from its file
        summarizer, translator = menus.ref("summarize", summarizer), menus.ref("translate", translator)
    try:
        config = RunConfig.build("web", summarizer=summarizer or None, translator=translator or None, points=points,
                                 max_bytes=BYTES_PER_CHAR * limits.max_chars, glossary=glossary or None)
        slow = config.slow()
        source = read_source(text, upload, *_size_limit(limits, slow))
        pipeline = Pipeline.from_config(config)
        article = ingest(pipeline, source)
        estimate = check_llm_cost(config, article, limits) if slow else 0.0
    except Exception as exc:  # noqa: BLE001 - every failure is one line in the page, the details in the log
        yield Update(status=view.status_html(visitor_message(exc), "error"))
        return
    with _one_llm_request(visitor if slow else "") as refused:
        if refused:
            yield Update(status=view.status_html(refused, "error"))
            return
        state = _PageState(source.words, pipeline.translator.is_gloss, view.gloss_note(menus), limits, started,
                           len(glossary or {}))
        yield state.first(len(article.sentences), config.translator.name if estimate else "", estimate)
        yield from _stream(pipeline, article, limits, state)


def run_page(text: str, upload: str | None, summarizer: str, translator: str, points: int, corrections: str,
             limits: Limits = DEFAULT_LIMITS, visitor: str = "", menus: Menus | None = None) -> Iterator[Update]:
    """One Run of the page: the corrections box read (``中文 = English``, one a line), then :func:`run_request`."""
    try:
        glossary = parse_corrections(corrections)
    except InputError as exc:
        yield Update(status=view.status_html(visitor_message(exc), "error"))
        return
    yield from run_request(text, upload, summarizer, translator, points, limits, visitor, glossary, menus)


def _size_limit(limits: Limits, slow: bool) -> tuple[int, str]:
    """The one size limit, in characters, and why it is lower with an AI model."""
    if slow and limits.llm_max_chars < limits.max_chars:
        return limits.llm_max_chars, f" with an AI model (up to {limits.max_chars:,} with the gloss)"
    return limits.max_chars, ""


def check_llm_cost(config: RunConfig, article: Article, limits: Limits) -> float:
    """The LLM's estimated time for this article; refused before any work when over the request's limit."""
    per = max(float(c.options.get("estimate_s_per_sentence", 0)) for c in (config.summarizer, config.translator))
    estimate = per * (len(article.sentences) + config.points + 1)
    if estimate > limits.time_limit_s:
        raise InputError(f"this article has {len(article.sentences)} sentences: about {duration(estimate)} with "
                         f"the model chosen, over this demo's limit of {duration(limits.time_limit_s)}",
                         "paste a shorter article, or pick the gloss translator")
    return estimate


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} minutes"


_VISITORS: set[str] = set()
_VISITORS_LOCK = threading.Lock()


def visitor_of(request: object) -> str:
    """Whom the one-LLM-request-at-a-time rule counts: the page session (people behind one address each get
    theirs), else the address."""
    return getattr(request, "session_hash", None) or getattr(getattr(request, "client", None), "host", "") or ""


@contextmanager
def _one_llm_request(visitor: str) -> Iterator[str]:
    """One LLM request per visitor at a time (yields why a second one is refused, else "")."""
    if not visitor:
        yield ""
        return
    with _VISITORS_LOCK:
        busy = visitor in _VISITORS
        _VISITORS.add(visitor)
    if busy:
        yield "you already have a digest running with a model; wait for it to finish (or close it) first"
        return
    try:
        yield ""
    finally:
        with _VISITORS_LOCK:
            _VISITORS.discard(visitor)


def _stream(pipeline: Pipeline, article: Article, limits: Limits, state: _PageState) -> Iterator[Update]:
    events: queue.Queue = queue.Queue()
    cancel = threading.Event()
    call = Call(on_token=lambda text: events.put(("token", text)), cancel=cancel,
                on_wait=lambda ahead: events.put(("waiting", ahead)))
    threading.Thread(target=_work, args=(pipeline, article, limits, events, call), daemon=True).start()
    deadline = time.monotonic() + limits.time_limit_s
    try:
        while True:
            try:
                kind, value = events.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                kind, value = "tick", None
            if time.monotonic() > deadline:
                yield state.error(f"stopped: the request took longer than the limit of {limits.time_limit_s:g} "
                                  "s; try a shorter article or a faster model (extractive-learned + gloss)")
                return
            update = state.handle(kind, value)
            if update is not None:
                yield update
            if kind in ("done", "error"):
                return
    finally:
        cancel.set()  # the page went away, the time ran out or the request ended: stop the work


def _work(pipeline: Pipeline, article: Article, limits: Limits, events: queue.Queue, call: Call) -> None:
    """The digest in steps, then the editor's own points in English (same translator, same checks), then done."""
    try:
        digest = pipeline.run(article, on_step=lambda step: events.put(("step", step)), call=call,
                              step_sentences=limits.step_sentences)
        if digest.reference_points:  # translated and checked in the run, with the rest of the digest
            events.put(("reference", digest.reference_points_en))
        events.put(("done", None))
    except Exception as exc:  # noqa: BLE001 - shown in the page as one line, logged with the traceback
        events.put(("error", exc))


class _PageState:
    """What the page shows so far, and when an event is worth sending to it (a first result, a finished
    digest, or ``every`` seconds since the last message: fast runs send few messages). A model's text goes
    where the English it writes will be: the key points, the sentence rows, the editor's points."""

    def __init__(self, source: str, gloss: bool, note: str, limits: Limits, started: float,
                 corrections: int = 0) -> None:
        self.source, self.gloss, self.note, self.started = source, gloss, note, started
        self.every, self.corrections = limits.update_every_s, corrections
        self.step: Step | None = None
        self.reference_en: tuple[str, ...] = ()
        self.live, self.status, self.last, self.dirty = "", "", 0.0, False

    def first(self, sentences: int, model: str, estimate: float) -> Update:
        wait = f" {model} takes about {duration(estimate)} for them;" if model else ""
        self.status = view.status_html(f"Digesting {self.source}: {sentences} sentences;{wait} finding the key "
                                       "points…")
        return self.render()

    def error(self, message: str) -> Update:
        self.status, self.live = view.status_html(message, "error"), ""
        return self.render()

    def handle(self, kind: str, value: object) -> Update | None:
        if kind == "error":
            return self.error(visitor_message(value))
        if kind == "done":
            return self.done()
        self.dirty = self.dirty or kind != "tick"
        if kind == "token":
            self.live = (self.live + value)[-4000:]
        elif kind == "waiting":
            self.status = view.status_html(f"Waiting for the model: number {value} in the queue…")
        elif kind == "step":
            self.step, self.live = settled(value), ""
            self.status = view.status_html(_progress(value))
        elif kind == "reference":
            self.reference_en, self.live = value, ""
        now = time.monotonic()
        urgent = kind == "waiting" or (kind == "step" and not value.points_en)
        if self.dirty and (urgent or now - self.last >= self.every):
            self.last, self.dirty = now, False
            return self.render()
        return None

    def done(self) -> Update:
        step, waited = self.step, time.monotonic() - self.started
        corrections = f", with your {self.corrections} correction{'s' if self.corrections > 1 else ''}" if (
            self.corrections) else ""
        n = len(step.article.sentences)
        self.status, self.live = view.done_html(f"{self.source}, {n} sentence{'s' if n != 1 else ''}"
                                                f"{corrections}", waited), ""
        json_path, md_path = _downloads(step)
        return replace(self.render(), json_path=json_path, md_path=md_path)

    def render(self) -> Update:
        step, live = self.step, self.live
        where = "" if not live else "points" if step is None or len(step.points_en) < len(step.points) else (
            "body" if step.digest is None else "reference")
        points = view.points_block(step, self.note if self.gloss else "", self.reference_en,
                                   {where: live} if where in ("points", "reference") else {})
        translation = view.translation_block(step, self.gloss, live if where == "body" else "")
        checks = view.checks_block(step.digest if step else None)
        return Update(self.status, points, translation, checks)


def _progress(step: Step) -> str:
    n = len(step.article.sentences)
    if step.digest is not None:
        return "Translating the editor's points…" if step.article.reference_points else "Finishing…"
    what = "Translating" if step.points_en else "Key points found; translating them"
    return f"{what}… {len(step.english)}/{n} sentences"


def _downloads(step: Step) -> tuple[str, str]:
    """The digest as JSON and Markdown files, named by the article id and a hash of the digest, in one folder
    per process: the same digest again reuses its names (the folder grows with distinct digests only), and two
    visitors' articles of one id (news.txt) never share a file. Each file is replaced whole, so a download
    never sees half of one."""
    markdown = render.to_markdown(step.digest)  # what the reader sees; no timings, unlike the JSON's provenance
    name = "".join(c for c in step.digest.id if c.isalnum() or c in "-_")[:64] or "digest"
    name += "-" + hashlib.sha1(markdown.encode()).hexdigest()[:10]
    paths = []
    for suffix, text in ((".json", render.to_json(step.digest, indent=2) + "\n"), (".md", markdown)):
        paths.append(str(atomic_write(_download_dir() / f"{name}{suffix}", text)))
    return paths[0], paths[1]


@lru_cache(maxsize=1)
def _download_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="summarize-web-"))
