"""Memory and time of `summarize run` as the article grows (a benchmark, not a test): distinct real
paragraphs (the 36kr articles, then LCSTS posts: no repeats, so no translation is deduplicated away) from
10 KB to 1 MB, 100,000 tiny sentences, and ~1 MB inputs that were once quadratic in ingest; each in a fresh
process (real paragraphs: the median of three), its wall time and peak RSS printed with the targets and the
growth between sizes (the log-log slope of the time beyond start-up: 1 is linear, 2 quadratic).

    python eval/bench_memory.py ../shared/data [--out eval/results/bench-memory.txt]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import emit

SIZES = (10_000, 30_000, 100_000, 300_000, 990_000)
CRAFTED = {  # ~990 KB each; (what was slow before)
    "unclosed tags": lambda: "<p>正文的第一句话。</p>" + "<a " * 330_000,  # HTMLParser rescanned from each "<"
    "one unpunctuated run": lambda: "正文的第一句话。\n\n" + "示例公司的新产品受到欢迎" * 27_000,  # e-mail pattern
    "closing bullets": lambda: "正文的第一句话。\n" + "●好\n" * 140_000,  # each bullet inserted at the front
}
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


def median_of(path: Path, runs: int = 3) -> tuple[float, float, int]:
    """The median time, the largest peak RSS and the worst exit code of ``runs`` runs."""
    results = [measure(path) for _ in range(runs)]
    return (sorted(r[0] for r in results)[runs // 2], max(r[1] for r in results), max(r[2] for r in results))


def measure_startup(tmp: Path) -> float:
    """Seconds of a run on a one-sentence article: the start-up every run pays (best of three)."""
    path = tmp / "one.txt"
    path.write_text("示例公司发布了新产品。", encoding="utf-8")
    return min(measure(path)[0] for _ in range(3))


def growth(series: list[tuple[int, float, float]], startup: float) -> list[str]:
    """Between successive sizes: the log-log slope of the time beyond start-up (where it is long enough to
    measure) and of the RSS beyond the smallest run's; 1 is linear."""
    out = [f"growth between sizes (start-up {startup:.2f} s subtracted; slope 1 = linear, 2 = quadratic):"]
    base_rss = series[0][2]
    for (sa, ta, ra), (sb, tb, rb) in zip(series, series[1:]):
        scale = math.log(sb / sa)
        work = (f"time slope {math.log((tb - startup) / (ta - startup)) / scale:.2f}"
                if min(ta, tb) - startup >= 0.1 else "time beyond start-up too short to tell")
        memory = math.log(max(rb - base_rss, 1) / max(ra - base_rss, 1)) / scale
        out.append(f"  {sa // 1000:>4} KB → {sb // 1000:>4} KB (×{sb / sa:.1f}): {work}, extra RSS slope {memory:.2f}")
    (sa, ta, _), (sb, tb, _) = series[2], series[-1]
    out.append(f"  {sa // 1000} KB → {sb // 1000} KB overall: time beyond start-up ×{(tb - startup) / (ta - startup):.1f} "
               f"for ×{sb / sa:.1f} the input (slope {math.log((tb - startup) / (ta - startup)) / math.log(sb / sa):.2f})")
    return out


def signature() -> str:
    from summarize.pipeline import versions

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "summarize"], capture_output=True, text=True)
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    libs = " | ".join(f"{k} {v}" for k, v in versions().items())
    return (f"signature: commit {commit}{' + uncommitted changes' if dirty.stdout.strip() else ''} | "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} | {libs} | {platform.machine()} {cpu} | "
            f"{os.cpu_count()} cpus | cards extractive+gloss | each run a fresh process")


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
            seconds, rss, code = median_of(path)
            series.append((path.stat().st_size, seconds, rss))
            lines.append(f"real paragraphs {path.stat().st_size:>9,} bytes: {seconds:6.2f} s, peak RSS {rss:6.0f} MB, "
                         f"exit {code}")
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("好吗？" * 100_000, encoding="utf-8")
        t_seconds, t_rss, t_code = measure(tiny)
        crafted = []
        for name, make in CRAFTED.items():
            path = Path(tmp) / "crafted.txt"
            path.write_text(make(), encoding="utf-8")
            crafted.append((name, path.stat().st_size, *measure(path)))
        startup = measure_startup(Path(tmp))
    lines.append(f"100,000 tiny sentences (900,000 bytes): {t_seconds:6.2f} s, peak RSS {t_rss:6.0f} MB, exit {t_code}")
    lines += [f"crafted: {name} ({size:,} bytes): {sec:6.2f} s, peak RSS {rss:6.0f} MB, exit {code}"
              for name, size, sec, rss, code in crafted]
    (small, s_sec, _), (big, b_sec, b_rss) = series[0], series[-1]
    lines.append(f"growth 10 KB → 1 MB: size ×{big / small:.0f}, time ×{b_sec / s_sec:.1f}")
    lines += growth(series, startup)
    lines.append(f"target 1 MB real < 10 s and < 500 MB: {'met' if b_sec < 10 and b_rss < 500 else 'NOT met'}; "
                 f"100,000 tiny sentences no crash and < 1 GB: {'met' if t_code == 0 and t_rss < 1024 else 'NOT met'}")
    lines.append(f"crafted ~1 MB inputs < 10 s: {'met' if all(c[2] < 10 and c[4] in (0, 2) for c in crafted) else 'NOT met'}")
    lines.append(signature())
    emit(lines, args.out)


if __name__ == "__main__":
    main()
