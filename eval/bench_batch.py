"""Batch throughput and memory for the extractive+gloss path.

    python eval/bench_batch.py ../shared/data/36kr [--inputs 2000] [--rss 100,10000] [--ray 1000]

1. The 36kr articles (long ones) repeated to ``--inputs`` files: articles/s of whole `summarize batch` runs with
   1 and 2 workers (start-up included; fresh digest cache, so no cache hits).
2. Peak RSS of `summarize batch` (all its processes) over the 36kr flashes repeated to each ``--rss`` count:
   flat memory means the inputs are streamed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_copies(sources: list[Path], n: int, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        src = sources[i % len(sources)]
        os.link(src, folder / f"{i:06d}-{src.name}") if src.stat().st_dev == folder.stat().st_dev else \
            shutil.copy(src, folder / f"{i:06d}-{src.name}")
    return folder


WRAPPER = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run(folder: Path, out: Path, workers: int, cache: Path, engine: str = "local") -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process of this run), measured by a fresh parent process."""
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(cache))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "summarize", "batch", "--quiet",
                           str(folder), "--out", str(out), "--workers", str(workers), "--engine", engine],
                          check=True, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_scaling(n: int = 20_000_000) -> float:
    """How much faster two processes finish two pure-Python loops than one process: what the cores give to
    work that needs no memory."""
    import multiprocessing

    start = time.perf_counter()
    burn(n), burn(n)
    one = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(burn, [n, n])
    return one / (time.perf_counter() - start)


def ray_runs(folder: Path, root: Path, n: int) -> None:
    subset = root / f"ray-{n}"
    subset.mkdir()
    for f in sorted(folder.iterdir())[:n]:
        os.link(f, subset / f.name)
    for workers in (1, 2):
        cache = root / f"cache-w{workers}"
        shutil.rmtree(cache / "digests", ignore_errors=True)
        seconds, _ = run(subset, root / f"ray-out-{workers}", workers, cache, engine="ray")
        print(f"  ray, {workers} actor(s), {n} inputs: {seconds:.1f} s with Ray's start → {n / seconds:.1f} articles/s")


def two_separate_runs(folder: Path, root: Path) -> float:
    halves = [root / "half-a", root / "half-b"]
    files = sorted(folder.iterdir())
    for k, half in enumerate(halves):
        half.mkdir()
        for f in files[k::2]:
            os.link(f, half / f.name)
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(root / "cache-w1"))
    shutil.rmtree(root / "cache-w1" / "digests", ignore_errors=True)  # gloss tables stay built; no digest reused
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "summarize", "batch", "--quiet", str(h), "--out",
                               str(root / f"out-{h.name}")], env=env, stderr=subprocess.DEVNULL) for h in halves]
    for p in procs:
        p.wait()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--rss", default="100,10000")
    parser.add_argument("--ray", type=int, default=0, metavar="N",
                        help="also --engine ray with 1 and 2 workers on N of the inputs (a local Ray)")
    args = parser.parse_args()
    articles = sorted((args.data / "articles").glob("*.md"))
    flashes = sorted((args.data / "flashes").glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warm = make_copies(articles[:1], 1, root / "warm")
        folder = make_copies(articles, args.inputs, root / "long")
        print(f"batch: {args.inputs} inputs (36kr articles repeated), extractive+gloss, {os.cpu_count()} cpus")
        for workers in (1, 2):
            cache = root / f"cache-w{workers}"  # a cache of its own: no digest of another run is reused
            run(warm, root / f"warm-out-{workers}", 1, cache)  # builds the gloss tables outside the timing
            seconds, _ = run(folder, root / f"out-w{workers}", workers, cache)
            print(f"  workers {workers}: {seconds:.1f} s → {args.inputs / seconds:.1f} articles/s")
        seconds = two_separate_runs(folder, root)
        print(f"  control, 2 separate 1-worker runs on halves at once: {seconds:.1f} s → "
              f"{args.inputs / seconds:.1f} articles/s (what these cores give two independent processes)")
        print(f"  control, a pure-Python loop in 2 processes: {cpu_scaling():.2f}x one process")
        if args.ray:
            ray_runs(folder, root, args.ray)
        for n in (int(x) for x in args.rss.split(",")):
            seconds, peak = run(make_copies(flashes, n, root / f"rss-{n}"), root / f"rss-out-{n}", 2, root / "cache-w2")
            print(f"  {n} flashes, 2 workers: {seconds:.1f} s, peak RSS of any batch process {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
