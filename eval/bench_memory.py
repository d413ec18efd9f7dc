"""Memory and time of `summarize run` as the article grows (a benchmark, not a test): distinct real
paragraphs (the 36kr articles, then LCSTS posts: no repeats, so no translation is deduplicated away) from
10 KB to 1 MB, and 100,000 tiny sentences; each in a fresh process, its wall time and peak RSS printed with
the targets.

    python eval/bench_memory.py ../shared/data [--out eval/results/bench-memory.txt]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (10_000, 30_000, 100_000, 300_000, 990_000)
WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def paragraphs(data: Path) -> str:
    from summarize.ingest import load

    parts = [p.text for path in sorted((data / "36kr" / "articles").glob("*.md")) for p in load(path).paragraphs]
    with open(data / "lcsts" / "lcsts-dev.jsonl", encoding="utf-8") as f:
        parts += [json.loads(line)["document"] for line in f]
    return "\n\n".join(parts)


def measure(path: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "summarize", "run", str(path),
                           "--format", "json", "--translator", "gloss"], capture_output=True, text=True, check=True)
    code, rss_kb = map(int, done.stdout.split())
    return time.perf_counter() - start, rss_kb / 1024, code


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", type=Path, help="the shared data folder (36kr/articles, lcsts/lcsts-dev.jsonl)")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    text = paragraphs(args.data)
    lines, series = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            body = text.encode()[:size].decode("utf-8", "ignore")
            path = Path(tmp) / f"real-{size}.txt"
            path.write_text(body.rsplit("\n", 1)[0], encoding="utf-8")
            seconds, rss, code = measure(path)
            series.append((path.stat().st_size, seconds, rss))
            lines.append(f"real paragraphs {path.stat().st_size:>9,} bytes: {seconds:6.2f} s, peak RSS {rss:6.0f} MB, "
                         f"exit {code}")
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("好吗？" * 100_000, encoding="utf-8")
        t_seconds, t_rss, t_code = measure(tiny)
    lines.append(f"100,000 tiny sentences (900,000 bytes): {t_seconds:6.2f} s, peak RSS {t_rss:6.0f} MB, exit {t_code}")
    (small, s_sec, _), (big, b_sec, b_rss) = series[0], series[-1]
    lines.append(f"growth 10 KB → 1 MB: size ×{big / small:.0f}, time ×{b_sec / s_sec:.1f}")
    lines.append(f"target 1 MB real < 10 s and < 500 MB: {'met' if b_sec < 10 and b_rss < 500 else 'NOT met'}; "
                 f"100,000 tiny sentences no crash and < 1 GB: {'met' if t_code == 0 and t_rss < 1024 else 'NOT met'}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines.append(f"signature: commit {commit} | python {platform.python_version()} | {platform.machine()} | "
                 f"cpus 2 | {time.strftime('%Y-%m-%d')} | cards extractive+gloss | each run a fresh process")
    out = "\n".join(lines) + "\n"
    print(out, end="")
    if args.out:
        args.out.write_text(out, encoding="utf-8")


if __name__ == "__main__":
    main()
