"""``summarize batch --engine ray``: the same steps on Ray Data, for archives one machine is too small for.

Inputs not yet done become a Ray dataset (``from_items``); ``map_batches`` runs them through an actor pool
whose actors each load the models once; the driver writes every result through the same store as the local
engine, so the records, the manifest and resume-by-skipping-done-keys are the same.
``--ray-address`` (or ``RAY_ADDRESS``) points at a cluster; without it a local Ray starts with ``--workers`` CPUs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from summarize.batch import Progress, _init, _not_done, _process_group
from summarize.batch.inputs import Item
from summarize.batch.store import Store
from summarize.errors import BackendUnavailableError

FIELDS = ("key", "source", "text", "has_text", "relative", "id")


class DigestActor:
    """One per Ray worker: builds the pipeline once, digests batches of inputs."""

    def __init__(self, settings: dict[str, Any]) -> None:
        _init(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        items = [Item(str(k), str(s), str(t) if h else None, str(r), str(i))
                 for k, s, t, h, r, i in zip(*(batch[f] for f in FIELDS))]
        out: dict[str, list] = {"key": [], "digest": [], "payload": [], "cached": []}
        for item, digest, payload, cached in _process_group(items):
            out["key"].append(item.key)
            out["digest"].append(json.dumps(digest, ensure_ascii=False) if digest else "")
            out["payload"].append(payload)  # the Markdown, or why it failed
            out["cached"].append(bool(cached))
        return out


def run_ray(items: Iterable[Item], out: Path, settings: dict[str, Any], workers: int = 2, markdown: bool = False,
            quiet: bool = False, address: str | None = None) -> dict[str, int]:
    try:
        import ray  # noqa: PLC0415
    except ImportError:
        raise BackendUnavailableError("batch --engine ray", "ray", "pip install -e '.[ray]'") from None
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no phoning home from closed networks
    ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
             ignore_reinit_error=True, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = not quiet
    store = Store(out, markdown)
    by_key: dict[str, Item] = {}
    rows = []
    for item in _not_done(items, store):
        by_key[item.key] = item
        rows.append({"key": item.key, "source": item.source, "text": item.text or "",
                     "has_text": item.text is not None, "relative": item.relative, "id": item.id})
    progress = Progress(quiet)
    try:
        if rows:
            dataset = ray.data.from_items(rows).map_batches(
                DigestActor, fn_constructor_kwargs={"settings": settings}, concurrency=workers,
                batch_size=max(1, int(settings.get("group", 1)) * 4), batch_format="numpy")
            for row in dataset.iter_rows():
                item = by_key[row["key"]]
                if row["digest"]:
                    store.write_done(item.key, json.loads(row["digest"]), row["payload"], item.relative,
                                     bool(row["cached"]))
                else:
                    store.write_failed(item.key, row["payload"])
                progress.tick(store.counts)
    finally:
        store.close()
        progress.close(store.counts)
    return store.counts
