"""``summarize batch``: digest whole archives, resumable, in worker processes, with progress.

    summarize batch ../shared/data/36kr --out runs/36kr [--workers 2] [--markdown]

Every input ends as one digest line in ``digests.jsonl`` or one failed line (with the reason) in
``manifest.jsonl``; a killed run started again does only what is left. A content-hash cache
(``~/.cache/summarize/digests``) keyed on the run fingerprint means an unchanged archive with the same cards
costs no model work. A worker that dies (killed, out of memory) has its inputs tried once more, then recorded
as failed: the run always ends.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from summarize.backends.cedict import cache_dir
from summarize.batch.inputs import Item
from summarize.batch.progress import Progress
from summarize.batch.store import Outcome, Store
from summarize.config import RunConfig
from summarize.errors import describe
from summarize.fsutil import atomic_write

__all__ = ["run_batch", "Progress", "process_group", "init_worker", "not_done"]
_PIPELINE: Any = None
WORKER_DIED = "a worker process died while digesting this input (killed, or out of memory), also when tried again"


class CachedPipeline:
    """A pipeline with a content-hash cache of finished digests (JSON), keyed by the input bytes, the article
    id, the run fingerprint (card contents, weights, libraries, settings, version) and the user glossary
    entries the article holds: correcting a name re-digests only the articles that name it."""

    def __init__(self, pipeline: Any, config: RunConfig) -> None:
        self.pipeline = pipeline
        self.salt = config.fingerprint(glossary=False).encode()
        self.fingerprint, self.settings = config.fingerprint(), config.settings()
        self.glossary = config.glossary
        self.folder = cache_dir() / "digests"

    def _path(self, data: bytes, article_id: str) -> Path:
        text = data.decode("utf-8", errors="ignore") + data.decode("gb18030", errors="ignore")
        held = json.dumps([e for e in self.glossary if e[0] in text], ensure_ascii=False).encode()
        key = hashlib.sha256(self.salt + held + article_id.encode() + b"\0" + data).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def lookup(self, data: bytes, article_id: str) -> tuple[dict[str, Any], str] | None:
        if not self.pipeline.config.cache:
            return None
        path = self._path(data, article_id)
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            digest = cached["digest"]  # made with the glossary entries this article holds: this run's digest,
            digest["provenance"] |= {"fingerprint": self.fingerprint, "settings": self.settings}  # as it says
            return digest, cached["markdown"]
        except (OSError, ValueError, KeyError):
            return None  # not cached, or a damaged entry: do the work again

    def store(self, data: bytes, article_id: str, digest: Any) -> tuple[dict[str, Any], str]:
        from summarize.render import to_dict, to_markdown  # noqa: PLC0415

        record, markdown = to_dict(digest), to_markdown(digest)
        atomic_write(self._path(data, article_id), json.dumps({"digest": record, "markdown": markdown},
                                                              ensure_ascii=False))
        return record, markdown


def init_worker(config: RunConfig) -> None:
    global _PIPELINE
    from summarize.pipeline import Pipeline  # noqa: PLC0415

    _PIPELINE = CachedPipeline(Pipeline.from_config(config), config)


def _read(item: Item) -> bytes:
    if item.text is None:
        from summarize.ingest.decode import read_bytes  # noqa: PLC0415

        return read_bytes(Path(item.source), _PIPELINE.pipeline.config.max_bytes)
    return item.text.encode("utf-8")


def process_group(items: list[Item]) -> list[Outcome]:
    """Digest a group of articles; the uncached ones go through the pipeline together (one translation call)."""
    results: list[Outcome] = []
    pending: list[tuple[Item, bytes, Any]] = []
    for item in items:
        try:
            if item.error:
                results.append(_failed(item, item.error))
                continue
            data = _read(item)
            hit = _PIPELINE.lookup(data, item.id)
            if hit:
                results.append(_done(item, *hit, cached=True))
            else:
                article = _PIPELINE.pipeline.ingest(data, name=item.source, default_id=item.id)
                pending.append((item, data, article))
        except Exception as e:  # noqa: BLE001 - one broken article must not stop the archive
            results.append(_failed(item, describe(e)))
    if pending:
        try:
            digests = _PIPELINE.pipeline.run_many([a for _, _, a in pending])
        except Exception:  # noqa: BLE001 - find the article that broke the group: one at a time
            return results + [_process_one(*group) for group in pending]
        for (item, data, _), digest in zip(pending, digests, strict=True):
            results.append(_done(item, *_PIPELINE.store(data, item.id, digest), cached=False))
    return results


def _process_one(item: Item, data: bytes, article: Any) -> Outcome:
    try:
        digest = _PIPELINE.pipeline.run(article)
    except Exception as e:  # noqa: BLE001
        return _failed(item, describe(e))
    return _done(item, *_PIPELINE.store(data, item.id, digest), cached=False)


def _done(item: Item, digest: dict[str, Any], markdown: str, cached: bool) -> Outcome:
    """The record as its JSON line, made here in the worker: the writer only appends strings."""
    digest["batch"] = {"key": item.key, "source": item.source}
    if item.text is None:
        digest["source_path"] = item.source
    return Outcome(item.key, json.dumps(digest, ensure_ascii=False), markdown, digest["id"], digest.get("title", ""),
                   item.relative, cached)


def _failed(item: Item, reason: str) -> Outcome:
    return Outcome(item.key, "", reason, item.id, "", item.relative)


def run_batch(items: Iterable[Item], out: Path, config: RunConfig, markdown: bool = False, quiet: bool = False,
              total: int | None = None) -> dict[str, int]:
    """Digest every item not yet done in ``out``; ``total`` (the number of items, when known) gives an ETA."""
    store = Store(out, markdown, config.fingerprint())
    todo = not_done(items, store)
    share_servers(config)
    progress = Progress(quiet, total)
    try:
        for outcomes in _results(todo, config):
            store.write(outcomes)
            progress.tick(store.counts)
    finally:
        store.close()
        progress.close(store.counts)
    return store.counts


def not_done(items: Iterable[Item], store: Store) -> Iterator[Item]:
    for item in items:
        if item.key in store.done:
            store.counts["skipped_done"] += 1
        else:
            yield item


def groups_of(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    group: list[Item] = []
    for item in items:
        group.append(item)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _results(todo: Iterator[Item], config: RunConfig) -> Iterator[list[Outcome]]:
    if config.workers <= 1:
        init_worker(config)
        yield from map(process_group, groups_of(todo, config.group))
        return
    one_thread_each(config.workers)
    # groups of 8 single articles per task: fewer, larger messages between the processes
    yield from _in_pool(groups_of(todo, config.group if config.group > 1 else 8), config)


def _in_pool(groups: Iterator[list[Item]], config: RunConfig) -> Iterator[list[Outcome]]:
    """Groups through a process pool, at most two per worker in flight. When a worker dies the pool breaks:
    every group in flight is tried again in a fresh pool, one item at a time and alone, so that an item that
    breaks the pool again is known to be the cause and is recorded as failed."""
    retry: deque[tuple[list[Item], int]] = deque()
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    while True:
        with ProcessPoolExecutor(config.workers, mp_context=context, initializer=init_worker,
                                 initargs=(config,)) as pool:
            running: dict[Future, tuple[list[Item], int]] = {}
            broken = False
            while True:
                while len(running) < 2 * config.workers and not any(a for _, a in running.values()):
                    if retry and running:
                        break  # an input tried again runs alone: if the pool breaks now, it is the cause
                    group = retry.popleft() if retry else (next(groups, None), 0)
                    if group[0] is None:
                        break
                    running[pool.submit(process_group, group[0])] = group
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        running[future] = job  # handled with the others in flight below
                if broken:
                    break
            lost = list(running.values())
        yield from _requeue(lost, retry)


def _requeue(lost: list[tuple[list[Item], int]], retry: deque) -> Iterator[list[Outcome]]:
    for group, attempt in lost:
        if attempt:
            yield [_failed(item, WORKER_DIED) for item in group]
        else:
            retry.extend(([item], 1) for item in group)


def share_servers(config: RunConfig) -> dict[str, str]:
    """One served model per machine: a card that runs on a local llama-server gets it started here, before
    the workers, which inherit its address and send it their requests (decoded together in its slots)."""
    from summarize.llm.server import share  # noqa: PLC0415

    return share([config.summarizer, config.translator], config.workers)


def one_thread_each(workers: int = 1) -> None:
    """Worker processes share the cores: each keeps its math libraries (OpenBLAS, OpenMP, torch) to one
    thread, or N workers x N threads fight over N cores, and llama.cpp to cores / workers threads. Set before
    the workers import numpy."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("SUMMARIZE_THREADS", str(max(1, (os.cpu_count() or 1) // max(1, workers))))
