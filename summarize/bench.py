"""``summarize bench``: speed of the default path (the learned ranker and the gloss), with the conditions it was measured under.

Prints articles/second after start-up (one process, so one core) and the cold start of a whole
``summarize run`` process. Numbers, not assertions: compare runs on the same machine.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from summarize import __version__
from summarize.config import DEFAULT_SUMMARIZER, whole_number
from summarize.errors import InputError


def article_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}", "pass a folder of articles, e.g. ../shared/data/36kr")
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt", ".html", ".json"))
    if not paths:
        raise InputError(f"{folder} holds no .md/.txt/.html/.json articles", "pass a folder of articles")
    return paths


def throughput(paths: list[Path], repeat: int) -> tuple[float, int, float]:
    """(articles per second, articles digested, characters per article) after one warm-up article."""
    from summarize.ingest import load  # noqa: PLC0415
    from summarize.pipeline import Pipeline  # noqa: PLC0415

    pipeline = Pipeline.from_cards(DEFAULT_SUMMARIZER, "gloss")
    texts = [p.read_bytes() for p in paths]
    pipeline.run(texts[0], name=str(paths[0]))
    chars = statistics.mean(len(load(t).text) for t in texts)
    start = time.perf_counter()
    for _ in range(repeat):
        for path, data in zip(paths, texts):
            pipeline.run(data, name=str(path))
    elapsed = time.perf_counter() - start
    n = repeat * len(paths)
    return n / elapsed, n, chars


def cold_start(article: Path, runs: int) -> list[float]:
    """Wall time of whole `summarize run ARTICLE` processes (the first run may also build caches)."""
    exe = shutil.which("summarize")
    cmd = [exe] if exe else [sys.executable, "-m", "summarize"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([*cmd, "run", str(article), "--translator", "gloss"], stdout=subprocess.DEVNULL)
        if done.returncode:  # it said why on stderr, in one line
            raise InputError(f"`summarize run {article}` failed", "fix or remove that article, then bench again")
        times.append(time.perf_counter() - start)
    return times


def run_bench(folder: Path, repeat: int = 3, cold_runs: int = 3) -> int:
    whole_number("--repeat", repeat, 1, 1000, "passes")
    whole_number("--cold-runs", cold_runs, 1, 1000, "process starts")
    paths = article_paths(folder)
    cold_start(paths[0], 1)  # builds the gloss caches if this machine has never run
    colds = cold_start(paths[0], cold_runs)
    rate, n, chars = throughput(paths, repeat)
    print(f"bench: summarize {__version__} | python {platform.python_version()} | {platform.machine()} | "
          f"cpus {os.cpu_count()} | cards {DEFAULT_SUMMARIZER}+gloss | data {folder} ({len(paths)} files)")
    print(f"cold start (`summarize run {paths[0].name}`, {cold_runs} runs): "
          f"median {statistics.median(colds):.3f} s, min {min(colds):.3f} s")
    print(f"throughput (1 process, after start-up): {rate:.1f} articles/s over {n} digests "
          f"(mean {chars:.0f} body characters per article)")
    return 0
