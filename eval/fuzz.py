"""The long fuzz run (a benchmark, not a test): many generated inputs through the default pipeline; reports
how many were tried, any internal errors, and the slowest inputs (a slow regular expression shows up here).

    python eval/fuzz.py --examples 5000 [--out eval/results/fuzz.txt]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from report import emit, signature
from test_fuzz import PIPELINE, inputs

from summarize.errors import SummarizeError

WARM_UP = ("示例公司今年推出的新产品在多个城市同时上市销售并且受到了消费者的广泛欢迎" * 3 + "。",
           "臉書宣佈加入開源基金會，並承諾將會加大對這門語言的採用。")


def best_of(data: bytes, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(Exception):  # only the time counts here
            PIPELINE.run(data, name="fuzz")
        times.append(time.perf_counter() - start)
    return min(times)


def slowest(timings: list[tuple[float, bytes]], n: int = 10) -> list[tuple[float, bytes]]:
    """The ``n`` slowest inputs, timed again."""
    again = [(best_of(data), data) for _, data in sorted(timings, key=lambda t: -t[0])[: 3 * n]]
    return sorted(again, key=lambda t: -t[0])[:n]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=5000)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    timings: list[tuple[float, bytes]] = []
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
        timings.append((time.perf_counter() - start, data))

    for text in WARM_UP:  # one-time loads (jieba for long points, OpenCC for Traditional) are not the inputs' cost
        PIPELINE.run(text.encode("utf-8"), name="warm-up")
    started = time.perf_counter()
    one()
    lines = [f"fuzz: {len(timings)} inputs in {time.perf_counter() - started:.1f} s: {outcome['digest']} digested, "
             f"{outcome['refused']} refused with a one-line error, {len(crashes)} internal errors",
             *[f"  CRASH {c}" for c in crashes[:20]], "slowest:"]
    lines[-1] = "slowest (best of 3 re-runs of the 30 slowest, so that a pause of the machine is not taken for one):"
    lines += [f"  {s * 1000:8.1f} ms  {len(data):6d} bytes  {data[:60]!r}" for s, data in slowest(timings)]
    lines.append(signature("cards extractive+gloss", "max_bytes 20000"))
    emit(lines, args.out)


if __name__ == "__main__":
    main()
