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
from dataclasses import dataclass, replace
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
    worker = threading.Thread(target=_work, args=(pipeline, article, limits, events, cancel), daemon=True)
    worker.start()
    deadline = time.monotonic() + limits.time_limit_s
    gloss = pipeline.translator.is_gloss
    page, live, last, shown = Update(), "", 0.0, True
    try:
        while True:
            try:
                kind, value = events.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                kind, value = "tick", None
            if time.monotonic() > deadline:
                cancel.set()
                yield replace(page, status=view.status_html(
                    f"stopped: the request took longer than the limit of {limits.time_limit_s:g} s; try a shorter "
                    "article or a faster model (extractive + gloss)", "error"))
                return
            if kind == "token":
                live = (live + value)[-600:]
            elif kind == "waiting":
                page = replace(page, status=view.status_html("Waiting for the model: another request is using it…"))
            elif kind == "step":
                page, shown = _page(value, gloss, live, time.monotonic() - started), False
            elif kind == "error":
                yield replace(page, status=view.status_html(_message(value), "error"), live="")
                return
            elif kind == "done":
                if live or not shown:
                    yield replace(page, live="")
                return
            now = time.monotonic()
            first_points = kind == "step" and not value.points_en
            if kind == "waiting" or first_points or (now - last >= limits.update_every_s and kind != "tick"):
                last, shown = now, True
                yield replace(page, live=live)
    finally:
        cancel.set()  # the page went away or the request ended: stop the model at its next token


def _work(pipeline: Pipeline, article: Article, limits: Limits, events: queue.Queue, cancel: threading.Event) -> None:
    stateful = [s for s in (pipeline.summarizer, pipeline.translator) if hasattr(s, "on_token")]

    def on_token(text: str) -> None:
        if cancel.is_set():
            raise TimeLimitExceeded("request cancelled")
        events.put(("token", text))

    lock = _MODEL_LOCK if stateful else None
    try:
        if lock and not lock.acquire(blocking=False):
            events.put(("waiting", None))
            lock.acquire()
        try:
            for stage in stateful:
                stage.on_token = on_token
            for step in pipeline.stream(article, limits.step_sentences):
                if cancel.is_set():
                    return
                events.put(("step", step))
        finally:
            for stage in stateful:
                stage.on_token = None
            if lock:
                lock.release()
        events.put(("done", None))
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message in the page
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
    folder = Path(tempfile.mkdtemp(prefix="summarize-web-"))
    name = "".join(c for c in step.digest.id if c.isalnum() or c in "-_")[:64] or "digest"
    json_path, md_path = folder / f"{name}.json", folder / f"{name}.md"
    json_path.write_text(render.to_json(step.digest, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render.to_markdown(step.digest), encoding="utf-8")
    return str(json_path), str(md_path)


def _message(exc: Exception) -> str:
    if isinstance(exc, SummarizeError):
        return str(exc)
    return f"internal error ({type(exc).__name__}: {exc}); the server log has the details"
