"""One web request: read the article, run the pipeline in steps, and say what the page should show.

The pipeline runs in a worker thread so that a model's tokens can stream to the page while it writes;
the request has a time limit, and a cancelled or timed-out request stops the model at its next token.
Backends are loaded once per process (the registry caches them) and shared by every session; a model
that keeps per-call state (the LLM stages' ``on_token``) is used by one request at a time.
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
from summarize.data import Article
from summarize.errors import InputError, SummarizeError
from summarize.ingest import load
from summarize.pipeline import Pipeline, Step
from summarize.web import view

log = logging.getLogger("summarize.web")
_MODEL_LOCK = threading.Lock()  # one request at a time on a stateful (LLM) backend


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200_000  # per article, pasted or uploaded
    time_limit_s: float = 900.0  # per request
    update_every_s: float = 0.25  # at most this often a streaming update to the page
    step_sentences: int = 4  # body sentences translated per step
    concurrency: int = 4  # requests worked on at once (a stateful model still takes one at a time)
    queue_size: int = 64  # requests waiting beyond that; more are refused with a "queue full" message


DEFAULT_LIMITS = Limits()
MAX_POINTS = 10


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


class TimeLimitExceeded(SummarizeError):
    pass


def run_request(text: str, upload: str | None, summarizer: str, translator: str, points: int,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Update]:
    """Digest one pasted or uploaded article, yielding what the page shows as it comes."""
    started = time.monotonic()
    try:
        if not 1 <= int(points) <= MAX_POINTS:
            raise InputError(f"{points} key points asked for", f"ask for 1 to {MAX_POINTS}")
        article = read_article(text, upload, limits.max_bytes)
        yield Update(status=view.status_html(f"Read {len(article.sentences)} sentences; finding the key points…"))
        pipeline = Pipeline.from_cards(summarizer, translator, points=int(points), max_bytes=limits.max_bytes)
    except SummarizeError as exc:
        yield Update(status=view.status_html(str(exc), "error"))
        return
    yield from _stream(pipeline, article, limits, started)


def read_article(text: str, upload: str | None, max_bytes: int) -> Article:
    """The uploaded file if there is one, else the pasted text. Pasted text is never taken for a path."""
    if upload:
        path = Path(upload)
        if path.stat().st_size > max_bytes:
            raise InputError(f"{path.name} is {path.stat().st_size:,} bytes, over the limit of {max_bytes:,}",
                             "upload a single article, or cut it")
        return load(path.read_bytes(), name=path.name, max_bytes=max_bytes, article_id=path.stem)
    if not (text or "").strip():
        raise InputError("nothing to digest", "paste a Chinese article, upload a .txt/.md/.html file, or pick an "
                         "example")
    return load(text.encode("utf-8"), name="the pasted article", max_bytes=max_bytes)


def _stream(pipeline: Pipeline, article: Article, limits: Limits, started: float) -> Iterator[Update]:
    events: queue.Queue = queue.Queue()
    cancel = threading.Event()
    threading.Thread(target=_work, args=(pipeline, article, limits, events, cancel), daemon=True).start()
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
        cancel.set()  # the page went away or the request ended: stop the model at its next token


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


def _work(pipeline: Pipeline, article: Article, limits: Limits, events: queue.Queue, cancel: threading.Event) -> None:
    try:
        with _model_turn(pipeline, events, cancel):
            for step in pipeline.stream(article, limits.step_sentences):
                if cancel.is_set():
                    return
                events.put(("step", step))
        events.put(("done", None))
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message in the page
        if not isinstance(exc, SummarizeError):
            log.exception("digest failed")
        events.put(("error", exc))


@contextmanager
def _model_turn(pipeline: Pipeline, events: queue.Queue, cancel: threading.Event) -> Iterator[None]:
    """A stateful (LLM) stage serves one request at a time, streaming its tokens to that request; a request
    that waits says so, and gives up its turn when cancelled."""
    stateful = [s for s in (pipeline.summarizer, pipeline.translator) if hasattr(s, "on_token")]
    if not stateful:
        yield
        return

    def on_token(text: str) -> None:
        if cancel.is_set():
            raise TimeLimitExceeded("request cancelled")
        events.put(("token", text))

    if not _MODEL_LOCK.acquire(blocking=False):
        events.put(("waiting", None))
        while not _MODEL_LOCK.acquire(timeout=0.5):
            if cancel.is_set():
                raise TimeLimitExceeded("request cancelled while waiting for the model")
    try:
        for stage in stateful:
            stage.on_token = on_token
        yield
    finally:
        for stage in stateful:
            stage.on_token = None
        _MODEL_LOCK.release()


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
        path = _download_dir() / f"{name}{suffix}"
        tmp = path.with_suffix(f"{suffix}.{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths.append(str(path))
    return paths[0], paths[1]


@lru_cache(maxsize=1)
def _download_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="summarize-web-"))


def _message(exc: Exception) -> str:
    if isinstance(exc, SummarizeError):
        return str(exc)
    return f"internal error ({type(exc).__name__}: {exc}); the server log has the details"
