"""Batch progress: a bar with rate and ETA (tqdm) on a terminal, a log line every 10 s otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    """A progress bar with rate and ETA (tqdm) on a terminal; a log line every 10 s otherwise; none if quiet."""

    def __init__(self, quiet: bool, total: int | None = None) -> None:
        self.quiet = quiet
        self.start = self.last = time.monotonic()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm  # noqa: PLC0415

            self.bar = tqdm(total=total, unit="article", dynamic_ncols=True, file=sys.stderr)

    def tick(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self._update_bar(counts)
            return
        now = time.monotonic()
        if self.quiet or now - self.last < 10:
            return
        self.last = now
        self._print(counts)

    def _update_bar(self, counts: dict[str, int]) -> None:
        n = counts["done"] + counts["failed"] + counts["skipped_done"]
        self.bar.set_postfix(done=counts["done"], failed=counts["failed"], skipped=counts["skipped_done"],
                             refresh=False)
        self.bar.update(n - self.bar.n)

    def _print(self, counts: dict[str, int]) -> None:
        n = counts["done"] + counts["failed"]
        rate = n / max(time.monotonic() - self.start, 1e-9)
        print(f"{n} processed ({counts['done']} done, {counts['failed']} failed, {counts['skipped_done']} already "
              f"done) · {rate:.1f} articles/s", file=sys.stderr, flush=True)

    def close(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self._update_bar(counts)
            self.bar.close()
        elif not self.quiet:
            self._print(counts)
