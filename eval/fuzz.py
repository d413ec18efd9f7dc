"""The long fuzz run (a benchmark, not a test): many generated inputs through the default pipeline; reports
how many were tried, any internal errors, and the slowest inputs (a slow regular expression shows up here).

    python eval/fuzz.py --examples 5000 [--out eval/results/fuzz.txt]
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_fuzz import PIPELINE, inputs

from summarize import __version__
from summarize.errors import SummarizeError


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=5000)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    timings: list[tuple[float, int, str]] = []
    crashes: list[str] = []
    outcome = {"digest": 0, "refused": 0}

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs)
    def one(data: bytes) -> None:
        start = time.perf_counter()
        try:
            PIPELINE.run(data, name="fuzz")
            outcome["digest"] += 1
        except SummarizeError:
            outcome["refused"] += 1
        except Exception as e:  # noqa: BLE001 - what the run is looking for
            crashes.append(f"{type(e).__name__}: {e} ← {data[:80]!r}")
        timings.append((time.perf_counter() - start, len(data), repr(data[:60])))

    started = time.perf_counter()
    one()
    lines = [f"fuzz: {len(timings)} inputs in {time.perf_counter() - started:.1f} s: {outcome['digest']} digested, "
             f"{outcome['refused']} refused with a one-line error, {len(crashes)} internal errors",
             *[f"  CRASH {c}" for c in crashes[:20]], "slowest:"]
    lines += [f"  {s * 1000:8.1f} ms  {n:6d} bytes  {head}" for s, n, head in sorted(timings, reverse=True)[:10]]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines.append(f"signature: summarize {__version__} | commit {commit} | python {platform.python_version()} | "
                 f"{platform.machine()} | {time.strftime('%Y-%m-%d')} | cards extractive+gloss | max_bytes 20000")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
