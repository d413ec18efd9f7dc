"""The web demo: ``python app.py`` serves it on http://127.0.0.1:7860 (``--host``/``--port`` to change).

A thin front on the same pipeline as the command line; everything is in ``summarize.web``.
"""

from __future__ import annotations

import argparse

from summarize.web.session import Limits


def main(argv: list[str] | None = None) -> None:
    defaults = Limits()
    p = argparse.ArgumentParser(description="summarize web demo (Gradio)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--max-bytes", type=int, default=defaults.max_bytes, help="largest article accepted")
    p.add_argument("--time-limit", type=float, default=defaults.time_limit_s, help="seconds per request")
    p.add_argument("--concurrency", type=int, default=defaults.concurrency, help="requests worked on at once")
    p.add_argument("--queue-size", type=int, default=defaults.queue_size, help="requests allowed to wait")
    p.add_argument("--llm-max-bytes", type=int, default=defaults.llm_max_bytes,
                   help="largest article accepted when a stage is an LLM (minutes per article on a CPU)")
    args = p.parse_args(argv)
    limits = Limits(max_bytes=args.max_bytes, time_limit_s=args.time_limit, concurrency=args.concurrency,
                    queue_size=args.queue_size, llm_max_bytes=args.llm_max_bytes)
    from summarize.web.app import serve  # noqa: PLC0415 - gradio is imported only to serve

    serve(args.host, args.port, limits)


if __name__ == "__main__":
    main()
