"""``summarize batch``: digest whole archives, resumable, in worker processes, with progress.

    summarize batch ../shared/data/36kr --out runs/36kr [--workers 2] [--markdown]

Every input ends as one digest line in ``digests.jsonl`` or one failed line (with the reason) in
``manifest.jsonl``; a killed run started again does only what is left. A content-hash cache
(``~/.cache/summarize/digests``) means an unchanged archive with the same cards costs no model work.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.backends.cedict import cache_dir
from summarize.batch.inputs import Item
from summarize.batch.store import Outcome, Store
from summarize.errors import SummarizeError

_PIPELINE: Any = None
_SETTINGS: dict[str, Any] = {}


class CachedPipeline:
    """A pipeline wrapped with a content-hash cache of finished digests (JSON), keyed by the input bytes, the
    article id, the cards, the settings and the summarize version."""

    def __init__(self, pipeline: Any, settings: dict[str, Any]) -> None:
        self.pipeline = pipeline
        same_output = {k: v for k, v in settings.items() if k != "group"}  # grouping changes speed, not digests
        self.salt = json.dumps({**same_output, "summarize": __version__}, sort_keys=True).encode()
        self.folder = cache_dir() / "digests"

    def _path(self, data: bytes, article_id: str) -> Path:
        key = hashlib.sha256(self.salt + article_id.encode() + b"\0" + data).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def lookup(self, data: bytes, article_id: str) -> tuple[dict[str, Any], str] | None:
        path = self._path(data, article_id)
        if not path.is_file():
            return None
        cached = json.loads(path.read_text(encoding="utf-8"))
        return cached["digest"], cached["markdown"]

    def store(self, data: bytes, article_id: str, digest: Any) -> tuple[dict[str, Any], str]:
        from summarize.render import to_dict, to_markdown  # noqa: PLC0415

        record, markdown = to_dict(digest), to_markdown(digest)
        path = self._path(data, article_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"digest": record, "markdown": markdown}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return record, markdown


def _init(settings: dict[str, Any]) -> None:
    global _PIPELINE, _SETTINGS
    from summarize.pipeline import Pipeline  # noqa: PLC0415

    _SETTINGS = settings
    pipeline = Pipeline.from_cards(settings["summarizer"], settings["translator"], points=settings["points"],
                                   max_bytes=settings["max_bytes"])
    _PIPELINE = CachedPipeline(pipeline, settings)


def _read(item: Item) -> bytes:
    if item.text is None:
        from summarize.ingest.decode import read_bytes  # noqa: PLC0415

        return read_bytes(Path(item.source), _SETTINGS["max_bytes"])
    return item.text.encode("utf-8")


def _process_group(items: list[Item]) -> list[Outcome]:
    """Digest a group of articles; the uncached ones go through the pipeline together (one translation call)."""
    from summarize.ingest import load  # noqa: PLC0415

    results: list[Outcome] = []
    pending: list[tuple[Item, bytes, Any]] = []
    for item in items:
        try:
            data = _read(item)
            hit = _PIPELINE.lookup(data, item.id)
            if hit:
                results.append(_done(item, *hit, cached=True))
            else:
                pending.append((item, data, load(data, name=item.source, max_bytes=_SETTINGS["max_bytes"],
                                                 article_id=item.id)))
        except Exception as e:  # noqa: BLE001 - one broken article must not stop the archive
            results.append(_failed(item, e))
    if pending:
        try:
            digests = _PIPELINE.pipeline.digest_many([a for _, _, a in pending])
        except Exception:  # noqa: BLE001 - find the article that broke the group: one at a time
            return results + [r for group in pending for r in _process_one(*group)]
        for (item, data, _), digest in zip(pending, digests):
            results.append(_done(item, *_PIPELINE.store(data, item.id, digest), cached=False))
    return results


def _process_one(item: Item, data: bytes, article: Any) -> list[Outcome]:
    try:
        digest = _PIPELINE.pipeline.digest(article)
    except Exception as e:  # noqa: BLE001
        return [_failed(item, e)]
    return [_done(item, *_PIPELINE.store(data, item.id, digest), cached=False)]


def _done(item: Item, digest: dict[str, Any], markdown: str, cached: bool) -> Outcome:
    """The record as its JSON line, made here in the worker: the writer only appends strings."""
    digest["batch"] = {"key": item.key, "source": item.source}
    if item.text is None:
        digest["source_path"] = item.source
    return Outcome(item.key, json.dumps(digest, ensure_ascii=False), markdown, digest["id"], digest.get("title", ""),
                   item.relative, cached)


def _failed(item: Item, e: Exception) -> Outcome:
    reason = str(e) if isinstance(e, SummarizeError) else f"internal error: {type(e).__name__}: {e}"
    return Outcome(item.key, "", reason, item.id, "", item.relative)


def run_batch(items: Iterable[Item], out: Path, settings: dict[str, Any], workers: int = 1,
              markdown: bool = False, quiet: bool = False, total: int | None = None) -> dict[str, int]:
    """Digest every item not yet done in ``out``; ``total`` (the number of items, when known) gives an ETA."""
    store = Store(out, markdown)
    todo = _not_done(items, store)
    progress = Progress(quiet, total)
    try:
        for outcomes in _results(todo, settings, workers):
            store.write(outcomes)
            progress.tick(store.counts)
    finally:
        store.close()
        progress.close(store.counts)
    return store.counts


def _not_done(items: Iterable[Item], store: Store) -> Iterator[Item]:
    for item in items:
        if item.key in store.done:
            store.counts["skipped_done"] += 1
        else:
            yield item


def _groups(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    group: list[Item] = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _results(todo: Iterator[Item], settings: dict[str, Any], workers: int) -> Iterator[list[Outcome]]:
    size = int(settings.get("group", 1))
    if workers <= 1:
        _init(settings)
        yield from map(_process_group, _groups(todo, size))
        return
    one_thread_each()
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        # groups of 8 single articles per task: fewer, larger messages between the processes
        yield from pool.imap_unordered(_process_group, _groups(todo, size if size > 1 else 8))


def one_thread_each() -> None:
    """Worker processes share the cores: each keeps its math libraries (OpenBLAS, OpenMP, torch) to one
    thread, or N workers x N threads fight over N cores. Set before the workers import numpy."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class Progress:
    """A progress bar with rate and ETA (tqdm) on a terminal; a log line every 10 s otherwise; none if quiet."""

    def __init__(self, quiet: bool, total: int | None = None) -> None:
        self.quiet = quiet
        self.start = self.last = time.monotonic()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm  # noqa: PLC0415

            self.bar = tqdm(total=total, unit="article", dynamic_ncols=True, file=sys.stderr)

    def tick(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self._update_bar(counts)
            return
        now = time.monotonic()
        if self.quiet or now - self.last < 10:
            return
        self.last = now
        self._print(counts)

    def _update_bar(self, counts: dict[str, int]) -> None:
        n = counts["done"] + counts["failed"] + counts["skipped_done"]
        self.bar.set_postfix(done=counts["done"], failed=counts["failed"], skipped=counts["skipped_done"],
                             refresh=False)
        self.bar.update(n - self.bar.n)

    def _print(self, counts: dict[str, int]) -> None:
        n = counts["done"] + counts["failed"]
        rate = n / max(time.monotonic() - self.start, 1e-9)
        print(f"{n} processed ({counts['done']} done, {counts['failed']} failed, {counts['skipped_done']} already "
              f"done) · {rate:.1f} articles/s", file=sys.stderr, flush=True)

    def close(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self._update_bar(counts)
            self.bar.close()
        elif not self.quiet:
            self._print(counts)
