"""Load test for the web demo: N concurrent gradio_client clients against a running app.

    python eval/load_web.py                     # starts `python app.py` on a free port, 20 clients
    python eval/load_web.py --url http://127.0.0.1:7860/ --clients 20 --requests 5

Each client sends its requests one after another (the example articles in turn) through the app's
``/digest`` endpoint and waits for the whole digest. Prints success count, errors, latency median and
p95, requests/s, and the signature (cards, app limits, versions). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from summarize.llm.server import free_port  # noqa: E402


def start_app(concurrency: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--concurrency",
                             str(concurrency)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, url
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"app.py exited: {proc.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("app.py did not start in 120 s")


def client_loop(url: str, texts: list[str], requests: int, offset: int, args, out: list, errors: list) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    for k in range(requests):
        text = texts[(offset + k) % len(texts)]
        t0 = time.perf_counter()
        try:
            result = client.predict(text, None, args.summarizer, args.translator, 3, "", api_name="/digest")
            if "Done" not in result[0]:
                errors.append(f"not done: {result[0][:200]}")
                continue
            out.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            errors.append(f"{type(exc).__name__}: {exc}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", help="a running app; default: start app.py on a free port")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--requests", type=int, default=5, help="requests per client, sent one after another")
    p.add_argument("--concurrency", type=int, default=4, help="the started app's --concurrency")
    p.add_argument("--summarizer", default="extractive")
    p.add_argument("--translator", default="gloss")
    p.add_argument("--articles", type=Path, help="a folder of .md articles to send instead of the examples: the "
                   "first warms the app up, the next clients x requests are measured (set SUMMARIZE_CACHE_DIR to "
                   "a new folder per run, or the completion cache answers a repeated run)")
    args = p.parse_args()
    from summarize.web.app import example_texts

    texts = example_texts()
    if args.articles:
        files = sorted(args.articles.glob("*.md"))[:1 + args.clients * args.requests]
        texts = [f.read_text(encoding="utf-8") for f in files]
    proc, url = (None, args.url) if args.url else start_app(args.concurrency)
    try:
        from gradio_client import Client

        Client(url, verbose=False).predict(texts[0], None, args.summarizer, args.translator, 3, "",
                                           api_name="/digest")  # warm: load the models once
        texts = texts[1:] if args.articles else texts
        latencies: list[float] = []
        errors: list[str] = []
        server_cpu0, client_cpu0 = cpu_seconds(proc), own_cpu_seconds()
        threads = [threading.Thread(target=client_loop, args=(url, texts, args.requests, i, args, latencies, errors))
                   for i in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        cpu = (cpu_seconds(proc) - server_cpu0 if proc else None, own_cpu_seconds() - client_cpu0)
    finally:
        if proc:
            proc.terminate()
    report(args, texts, latencies, errors, wall, cpu)


def cpu_seconds(proc: subprocess.Popen | None) -> float:
    """CPU time (user + system) of the app process so far, from /proc."""
    if proc is None:
        return 0.0
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(args, texts: list[str], latencies: list[float], errors: list[str], wall: float,
           cpu: tuple[float | None, float]) -> None:
    total = args.clients * args.requests
    q = sorted(latencies)
    p95 = q[min(len(q) - 1, int(0.95 * len(q)))] if q else float("nan")
    print(f"clients {args.clients} x {args.requests} requests = {total}; ok {len(q)}, errors {len(errors)}")
    if q:
        print(f"latency median {statistics.median(q):.2f} s, p95 {p95:.2f} s, max {q[-1]:.2f} s; "
              f"{len(q) / wall:.1f} requests/s over {wall:.1f} s")
    server, clients = cpu
    total_ok = max(1, len(q))
    if server is not None:
        print(f"CPU per request: app {1000 * server / total_ok:.0f} ms, the {args.clients} gradio_client clients "
              f"{1000 * clients / total_ok:.0f} ms ({os.cpu_count()} cores shared by both)")
    for e in errors[:5]:
        print("  error:", e)
    versions = {d: metadata.version(d) for d in ("gradio", "gradio_client")}
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"signature: endpoint /digest | summarizer {args.summarizer} | translator {args.translator} | points 3 | "
          f"articles: {len(texts)} examples, mean {chars:.0f} chars | app --concurrency {args.concurrency} | "
          f"gradio {versions['gradio']}, gradio_client {versions['gradio_client']} | python "
          f"{platform.python_version()} | {time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
