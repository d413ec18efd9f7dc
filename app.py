"""The web demo: ``python app.py`` serves it on http://127.0.0.1:7860 (``--host``/``--port`` to change).

A thin front on the same pipeline as the command line; everything is in ``summarize.web``.
"""

from __future__ import annotations

import argparse
import logging

from summarize.web.session import Limits


def _positive(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 25_000_000:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use 1 to 25,000,000")
    return number


def main(argv: list[str] | None = None) -> None:
    defaults = Limits()
    p = argparse.ArgumentParser(description="summarize web demo (Gradio)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--max-chars", type=_positive, default=defaults.max_chars,
                   help="largest article accepted, in characters (the unit visitors see), pasted or uploaded")
    p.add_argument("--time-limit", type=float, default=defaults.time_limit_s, help="seconds per request")
    p.add_argument("--concurrency", type=int, default=defaults.concurrency, help="requests worked on at once")
    p.add_argument("--queue-size", type=int, default=defaults.queue_size, help="requests allowed to wait")
    p.add_argument("--llm-max-chars", type=_positive, default=defaults.llm_max_chars,
                   help="largest article accepted when a stage is an LLM, in characters (minutes per article on a CPU)")
    p.add_argument("--card", action="append", default=[], metavar="FILE",
                   help="also offer this card file in the menus (when it can run here); repeatable")
    args = p.parse_args(argv)
    limits = Limits(max_chars=args.max_chars, time_limit_s=args.time_limit, concurrency=args.concurrency,
                    queue_size=args.queue_size, llm_max_chars=args.llm_max_chars)
    # the operator's view: cards not installed here and how to get them, refused requests, failures
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("summarize").setLevel(logging.INFO)
    from summarize.web.app import serve  # noqa: PLC0415 - gradio is imported only to serve

    serve(args.host, args.port, limits, args.card)


if __name__ == "__main__":
    main()
