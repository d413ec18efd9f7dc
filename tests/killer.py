"""A summarizer backend for tests that kills its own worker process on articles marked 自毁 (SIGKILL, as the
kernel's OOM killer would), once or every time; other articles get the extractive points."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from summarize.backends.extractive import ExtractiveSummarizer


class KillerSummarizer(ExtractiveSummarizer):
    def key_points(self, article, n, call=None):
        if "自毁" in article.text:
            marker = Path(self.card.options["marker"]) / article.id
            if self.card.options.get("every_time") or not marker.exists():
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return super().key_points(article, n)
