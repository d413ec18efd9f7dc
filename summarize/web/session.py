"""One web request: read the article, run the pipeline in steps, and say what the page should show.

The pipeline runs in a worker thread so that a model's tokens can stream to the page while it writes;
the request has a time limit, and a cancelled or timed-out request stops the work at its next sentence,
chunk or token. Backends are loaded once per process (the registry caches them) and shared by every session;
they hold no per-request state, and a model that decodes one sequence at a time takes requests in turn
(its engine's lock), telling a waiting request so.
"""

from __future__ import annotations

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
from summarize.errors import InputError, SummarizeError, describe
from summarize.fsutil import atomic_write
from summarize.pipeline import Pipeline, Step
from summarize.stages import Call
from summarize.web import view

log = logging.getLogger("summarize.web")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200_000  # per article, pasted or uploaded
    time_limit_s: float = 900.0  # per request
    update_every_s: float = 0.25  # at most this often a streaming update to the page
    step_sentences: int = 4  # body sentences translated per step
    concurrency: int = 4  # requests worked on at once (a model that decodes one sequence takes them in turn)
    queue_size: int = 64  # requests waiting beyond that; more are refused with a "queue full" message
    llm_max_bytes: int = 20_000  # per article when a stage is an LLM (minutes per article on a CPU)


DEFAULT_LIMITS = Limits()
__all__ = ["MAX_POINTS", "Limits", "Update", "run_request"]


@dataclass(frozen=True)
class Update:
    """Everything the page shows; each field is an HTML fragment except ``live`` and the download paths."""

    status: str = ""
    points_zh: str = ""
    points_en: str = ""
    reference: str = ""
    translation: str = ""
    checks: str = ""
    live: str = ""
    json_path: str | None = None
    md_path: str | None = None


def run_request(text: str, upload: str | None, summarizer: str, translator: str, points: int,
                limits: Limits = DEFAULT_LIMITS, visitor: str = "") -> Iterator[Update]:
    """Digest one pasted or uploaded article, yielding what the page shows as it comes. ``visitor`` (the
    client's address) gets one LLM request at a time, so that one visitor cannot fill the model's queue."""
    started = time.monotonic()
    try:
        config = RunConfig.build("web", summarizer=summarizer or None, translator=translator or None, points=points,
                                 max_bytes=limits.max_bytes)
        slow = config.slow()
        if slow:
            config = replace(config, max_bytes=min(config.max_bytes, limits.llm_max_bytes))
        pipeline = Pipeline.from_config(config)
        article = read_article(pipeline, text, upload)
        if slow:
            check_llm_cost(config, article, limits)
    except SummarizeError as exc:
        yield Update(status=view.status_html(str(exc), "error"))
        return
    with _one_llm_request(visitor if slow else "") as refused:
        if refused:
            yield Update(status=view.status_html(refused, "error"))
            return
        yield Update(status=view.status_html(f"Read {len(article.sentences)} sentences; finding the key points…"))
        yield from _stream(pipeline, article, limits, started)


def check_llm_cost(config: RunConfig, article: Article, limits: Limits) -> None:
    """Refuse before any work an article the LLM would not finish within the request's time limit."""
    per = max(float(c.options.get("estimate_s_per_sentence", 0)) for c in (config.summarizer, config.translator))
    estimate = per * (len(article.sentences) + config.points + 1)
    if estimate > limits.time_limit_s:
        raise InputError(f"this article has {len(article.sentences)} sentences: about {_duration(estimate)} with "
                         f"the model chosen, over this demo's limit of {_duration(limits.time_limit_s)}",
                         "paste a shorter article, or pick the gloss translator")


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} minutes"


_VISITORS: set[str] = set()
_VISITORS_LOCK = threading.Lock()


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


def read_article(pipeline: Pipeline, text: str, upload: str | None) -> Article:
    """The uploaded file if there is one, else the pasted text. Pasted text is never taken for a path."""
    if upload:
        path = Path(upload)
        with path.open("rb") as f:  # at most one byte over the limit: enough to refuse a file too large
            data = f.read(pipeline.config.max_bytes + 1)
        return pipeline.ingest(data, name=path.name, default_id=path.stem)
    if not (text or "").strip():
        raise InputError("nothing to digest", "paste a Chinese article, upload a .txt/.md/.html file, or pick an "
                         "example")
    return pipeline.ingest(text.encode("utf-8"), name="the pasted article")


def _stream(pipeline: Pipeline, article: Article, limits: Limits, started: float) -> Iterator[Update]:
    events: queue.Queue = queue.Queue()
    cancel = threading.Event()
    call = Call(on_token=lambda text: events.put(("token", text)), cancel=cancel,
                on_wait=lambda: events.put(("waiting", None)))
    threading.Thread(target=_work, args=(pipeline, article, limits, events, call), daemon=True).start()
    deadline = time.monotonic() + limits.time_limit_s
    view_of = _PageState(pipeline.translator.is_gloss, limits.update_every_s, started)
    try:
        while True:
            try:
                kind, value = events.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                kind, value = "tick", None
            if time.monotonic() > deadline:
                yield view_of.error(f"stopped: the request took longer than the limit of {limits.time_limit_s:g} "
                                    "s; try a shorter article or a faster model (extractive + gloss)")
                return
            update = view_of.handle(kind, value)
            if update is not None:
                yield update
            if kind in ("done", "error"):
                return
    finally:
        cancel.set()  # the page went away, the time ran out or the request ended: stop the work


class _PageState:
    """What the page shows so far, and when an event is worth sending to it (a first result, a finished
    digest, or ``every`` seconds since the last message: fast runs send few messages)."""

    def __init__(self, gloss: bool, every: float, started: float) -> None:
        self.gloss, self.every, self.started = gloss, every, started
        self.page, self.live, self.last, self.shown = Update(), "", 0.0, True

    def error(self, message: str) -> Update:
        return replace(self.page, status=view.status_html(message, "error"), live="")

    def handle(self, kind: str, value: object) -> Update | None:
        if kind == "error":
            return self.error(_message(value))
        if kind == "done":
            return replace(self.page, live="") if self.live or not self.shown else None
        if kind == "token":
            self.live = (self.live + value)[-600:]
        elif kind == "waiting":
            self.page = replace(self.page, status=view.status_html("Waiting for the model: another request is "
                                                                   "using it…"))
        elif kind == "step":
            self.page, self.shown = _page(value, self.gloss, self.live, time.monotonic() - self.started), False
        now = time.monotonic()
        first_points = kind == "step" and not value.points_en
        if kind == "waiting" or first_points or (kind != "tick" and now - self.last >= self.every):
            self.last, self.shown = now, True
            return replace(self.page, live=self.live)
        return None


def _work(pipeline: Pipeline, article: Article, limits: Limits, events: queue.Queue, call: Call) -> None:
    try:
        pipeline.run(article, on_step=lambda step: events.put(("step", step)), call=call,
                     step_sentences=limits.step_sentences)
        events.put(("done", None))
    except Exception as exc:
        if not isinstance(exc, SummarizeError):
            log.exception("digest failed")
        events.put(("error", exc))


def _page(step: Step, gloss: bool, live: str, elapsed: float) -> Update:
    zh, en, reference = view.points_html(step, gloss)
    n = len(step.article.sentences)
    if step.digest is None:
        what = "Translating" if step.points_en else "Key points found; translating them"
        status = f"{what}… {len(step.english)}/{n} sentences"
        return Update(view.status_html(status), zh, en, reference, view.translation_html(step, gloss), live=live)
    json_path, md_path = _downloads(step)
    return Update(view.status_html(f"Done: {n} sentences in {elapsed:.1f} s."), zh, en, reference,
                  view.translation_html(step, gloss), view.checks_html(step.digest), "", json_path, md_path)


def _downloads(step: Step) -> tuple[str, str]:
    """The digest as JSON and Markdown files, named by the article id (a content hash for pasted text) in one
    folder per process: the same article again reuses its names, so the folder grows with distinct articles
    only. Each file is replaced whole, so a download never sees half of one."""
    name = "".join(c for c in step.digest.id if c.isalnum() or c in "-_")[:64] or "digest"
    paths = []
    for suffix, text in ((".json", render.to_json(step.digest, indent=2) + "\n"),
                         (".md", render.to_markdown(step.digest))):
        paths.append(str(atomic_write(_download_dir() / f"{name}{suffix}", text)))
    return paths[0], paths[1]


@lru_cache(maxsize=1)
def _download_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="summarize-web-"))


def _message(exc: Exception) -> str:
    return describe(exc) + ("" if isinstance(exc, SummarizeError) else "; the server log has the details")
