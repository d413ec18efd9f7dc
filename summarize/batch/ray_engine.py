"""``summarize batch --engine ray``: the same steps on Ray Data, for archives one machine is too small for.

Inputs not yet done become a Ray dataset (``from_items``); ``map_batches`` runs them through an actor pool
whose actors each load the models once; the driver writes every result through the same store as the local
engine, so the records, the manifest and resume-by-skipping-done-keys are the same.
``--ray-address`` (or ``RAY_ADDRESS``) points at a cluster; without it a local Ray starts with ``--workers`` CPUs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from summarize.batch import Progress, init_worker, not_done, one_thread_each, process_group, share_servers
from summarize.batch.inputs import Item
from summarize.batch.store import Outcome, Store
from summarize.config import RunConfig
from summarize.errors import BackendUnavailableError

FIELDS = ("key", "source", "text", "has_text", "relative", "id", "error")
OUTCOME_FIELDS = tuple(f.name for f in fields(Outcome))


class DigestActor:
    """One per Ray worker: builds the pipeline once, digests batches of inputs."""

    def __init__(self, config: RunConfig) -> None:
        one_thread_each(config.workers)  # the machine's cores shared between the actors
        init_worker(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        items = [Item(str(k), str(s), str(t) if h else None, str(r), str(i), str(e))
                 for k, s, t, h, r, i, e in zip(*(batch[f] for f in FIELDS), strict=True)]
        outcomes = process_group(items)
        return {f: [getattr(o, f) for o in outcomes] for f in OUTCOME_FIELDS}


def run_ray(items: Iterable[Item], out: Path, config: RunConfig, markdown: bool = False, quiet: bool = False,
            address: str | None = None) -> dict[str, int]:
    if quiet:  # Ray Data's own INFO lines ("Starting execution of Dataset …") too
        os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    try:
        import ray  # noqa: PLC0415
    except ImportError:
        raise BackendUnavailableError("batch --engine ray", "ray", "pip install -e '.[ray]'") from None
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no phoning home from closed networks
    # a local server is started once here and its address handed to the actors (on one machine: a cluster's
    # other nodes cannot reach 127.0.0.1, so give those an `openai` card with the URL of a server they can reach)
    servers = share_servers(config)
    ray.init(address=address, num_cpus=None if address else config.workers, include_dashboard=False,
             ignore_reinit_error=True, log_to_driver=False, configure_logging=False,
             runtime_env={"env_vars": servers} if servers else None)
    ray.data.DataContext.get_current().enable_progress_bars = not quiet
    store = Store(out, markdown, config.fingerprint())
    rows = []
    for item in not_done(items, store):
        rows.append({"key": item.key, "source": item.source, "text": item.text or "",
                     "has_text": item.text is not None, "relative": item.relative, "id": item.id, "error": item.error})
    progress = Progress(quiet, len(rows) + store.counts["skipped_done"])
    try:
        if rows:
            dataset = ray.data.from_items(rows).map_batches(
                DigestActor, fn_constructor_kwargs={"config": config},
                compute=ray.data.ActorPoolStrategy(size=config.workers),
                batch_size=config.group * 4, batch_format="numpy")
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                columns = [batch[f] for f in OUTCOME_FIELDS]
                store.write([Outcome(*(v.item() if hasattr(v, "item") else v for v in row)) for row in zip(*columns)])
                progress.tick(store.counts)
    finally:
        store.close()
        progress.close(store.counts)
    return store.counts
