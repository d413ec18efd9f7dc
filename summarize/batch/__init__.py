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
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.backends.cedict import cache_dir
from summarize.batch.inputs import Item
from summarize.batch.store import Store
from summarize.errors import SummarizeError

_PIPELINE: Any = None
_SETTINGS: dict[str, Any] = {}


class CachedPipeline:
    """A pipeline wrapped with a content-hash cache of finished digests (JSON), keyed by the input bytes,
    the cards, the settings and the schema version."""

    def __init__(self, pipeline: Any, settings: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.salt = json.dumps({**settings, "summarize": __version__}, sort_keys=True).encode()
        self.folder = cache_dir() / "digests"

    def run(self, data: bytes, name: str, article_id: str) -> tuple[dict[str, Any], str, bool]:
        from summarize.render import to_dict, to_markdown  # noqa: PLC0415

        key = hashlib.sha256(self.salt + article_id.encode() + b"\0" + data).hexdigest()
        path = self.folder / key[:2] / f"{key}.json"
        if path.is_file():
            cached = json.loads(path.read_text(encoding="utf-8"))
            return cached["digest"], cached["markdown"], True
        digest = self.pipeline.run(data, name=name, article_id=article_id)
        record, markdown = to_dict(digest), to_markdown(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{id(self)}.tmp")
        tmp.write_text(json.dumps({"digest": record, "markdown": markdown}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return record, markdown, False


def _init(settings: dict[str, Any]) -> None:
    global _PIPELINE, _SETTINGS
    from summarize.pipeline import Pipeline  # noqa: PLC0415

    _SETTINGS = settings
    pipeline = Pipeline.from_cards(settings["summarizer"], settings["translator"], points=settings["points"],
                                   max_bytes=settings["max_bytes"])
    _PIPELINE = CachedPipeline(pipeline, settings)


def _process(item: Item) -> tuple[Item, dict[str, Any] | None, str, bool]:
    """(item, digest or None, markdown or the failure reason, whether it came from the cache)."""
    try:
        if item.text is None:
            from summarize.ingest.decode import read_bytes  # noqa: PLC0415

            data = read_bytes(Path(item.source), _SETTINGS["max_bytes"])
        else:
            data = item.text.encode("utf-8")
        digest, markdown, cached = _PIPELINE.run(data, name=item.source, article_id=item.id)
    except SummarizeError as e:
        return item, None, str(e), False
    except Exception as e:  # noqa: BLE001 - one broken article must not stop the archive
        return item, None, f"internal error: {type(e).__name__}: {e}", False
    digest["batch"] = {"key": item.key, "source": item.source}
    if item.text is None:
        digest["source_path"] = item.source
    return item, digest, markdown, cached


def run_batch(items: Iterable[Item], out: Path, settings: dict[str, Any], workers: int = 1,
              markdown: bool = False, quiet: bool = False) -> dict[str, int]:
    store = Store(out, markdown)
    todo = _not_done(items, store)
    progress = Progress(quiet)
    try:
        for item, digest, text, cached in _results(todo, settings, workers):
            if digest is None:
                store.write_failed(item.key, text)
            else:
                store.write_done(item.key, digest, text, item.relative, cached)
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


def _results(todo: Iterator[Item], settings: dict[str, Any], workers: int):
    if workers <= 1:
        _init(settings)
        yield from map(_process, todo)
        return
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        yield from pool.imap_unordered(_process, todo, chunksize=4)


class Progress:
    """Articles done, failed, rate: a live line on a terminal, a line every 10 s otherwise, none if quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.tty = quiet, sys.stderr.isatty()
        self.start = self.last = time.monotonic()

    def tick(self, counts: dict[str, int]) -> None:
        now = time.monotonic()
        if self.quiet or (now - self.last < (0.2 if self.tty else 10)):
            return
        self.last = now
        self._print(counts, end="\r" if self.tty else "\n")

    def _print(self, counts: dict[str, int], end: str) -> None:
        n = counts["done"] + counts["failed"]
        rate = n / max(time.monotonic() - self.start, 1e-9)
        print(f"{n} processed ({counts['done']} done, {counts['failed']} failed, {counts['skipped_done']} already "
              f"done) · {rate:.1f} articles/s", end=end, file=sys.stderr, flush=True)

    def close(self, counts: dict[str, int]) -> None:
        if not self.quiet:
            self._print(counts, end="\n")
