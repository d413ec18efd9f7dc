"""The web demo's own HTML: status lines and the note on cards not installed. The digest itself is drawn by
:mod:`summarize.render_html`, the one HTML renderer (re-exported here for the page)."""

from __future__ import annotations

import html

from summarize.render_html import CSS, checks_html, points_html, translation_html

__all__ = ["CSS", "cards_note", "checks_html", "points_html", "status_html", "translation_html"]
e = html.escape


def status_html(message: str, kind: str = "info") -> str:
    """A one-line status or error message (``kind``: info, error)."""
    return f"<div class='digest-status {e(kind)}' role='status'>{e(message)}</div>" if message else ""


def cards_note(unavailable: list[dict]) -> str:
    """The cards that cannot run here, each with how to get it."""
    if not unavailable:
        return ""
    items = "".join(f"<li><b>{e(r['name'])}</b> ({e(', '.join(r['tasks']))}): {e(r['how_to_get'])}</li>"
                    for r in unavailable)
    return f"<details class='digest-cards'><summary>Models not installed here</summary><ul>{items}</ul></details>"
