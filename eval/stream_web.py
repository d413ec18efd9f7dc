"""One digest through a running web demo, watching it stream: time to the first key points, to the whole
digest, and how many updates carried the model's text as it was written (into the key points or the rows).

    python app.py &                      # then:
    python eval/stream_web.py http://127.0.0.1:7860/ --card qwen2.5-coder-1.5b-gguf [--article FILE]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url")
    p.add_argument("--card", default="qwen2.5-coder-1.5b-gguf", help="summarizer and translator card")
    p.add_argument("--article", type=Path, default=ROOT / "examples" / "ai-chip-funding.txt")
    args = p.parse_args()
    from gradio_client import Client

    client = Client(args.url, verbose=False)
    start = time.perf_counter()
    job = client.submit(args.article.read_text(encoding="utf-8"), None, args.card, args.card, 3, "",
                        api_name="/digest")
    seen, first_points, live = 0, None, 0
    while not job.done():
        outputs = job.outputs()
        for out in outputs[seen:]:
            if first_points is None and "<li><a class='trace'" in out[1]:
                first_points = time.perf_counter() - start
            live += "class='live'" in out[1] + out[2]
        seen = len(outputs)
        time.sleep(0.2)
    result = job.result()
    print(f"{args.article.name} with {args.card}: first key points after {first_points or float('nan'):.0f} s, "
          f"whole digest after {time.perf_counter() - start:.0f} s; {seen} updates, {live} with live model text")
    for name, html in zip(("status", "points", "translation", "checks"), result):
        print(f"--- {name}\n{html}")


if __name__ == "__main__":
    main()
