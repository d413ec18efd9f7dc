"""The web page's own HTML around the digest: status lines, the gloss note in a visitor's words, the tools
(show the Chinese, copy), and the page's CSS. The digest itself is drawn by :mod:`summarize.render_html`, the
one HTML renderer; nothing here names a server path, a command or a server flag."""

from __future__ import annotations

import html
import re

from summarize.data import Digest
from summarize.pipeline import Step
from summarize.render_html import CSS as DIGEST_CSS
from summarize.render_html import checks_html, points_html, translation_html
from summarize.web.menus import Menus

__all__ = ["CSS", "checks_block", "done_html", "gloss_note", "points_block", "status_html", "translation_block"]
e = html.escape
GLOSS_PLAIN = ("This English is a word-by-word dictionary gloss, not a translation: it shows the names, the "
               "numbers and the gist, not how a translator would put it.")
NO_TRANSLATOR = ("This server has no translation model installed, so a gloss is all it can give; whoever runs it "
                 "can add one (the project's README says how).")


def status_html(message: str, kind: str = "info") -> str:
    """A one-line status or error message (``kind``: info, error)."""
    return f"<div class='digest-status {e(kind)}' role='status'>{e(message)}</div>" if message else ""


def done_html(what: str, waited_s: float) -> str:
    """The last status: what was digested and how long the visitor waited (the page, which saw the click,
    puts its own measure in ``.waited``)."""
    return (f"<div class='digest-status done' role='status'>Done: {e(what)}. You waited "
            f"<span class='waited'>{waited_s:.1f} s</span>.</div>")


def gloss_note(menus: Menus | None) -> str:
    """Where the gloss English is read: what it is, in plain words, and how to get real English here."""
    real = menus.real_translator() if menus else None
    how = f"For real English, pick “{real.name}” ({real.cost}) in “Translation by” and run again." if real else (
        NO_TRANSLATOR)
    return f"<p class='note gloss-note'>{e(GLOSS_PLAIN)} {e(how)}</p>"


def points_block(step: Step | None, note: str, reference_en: tuple[str, ...], live: dict[str, str]) -> str:
    """The key points with their tools; before there are any, what the model is writing."""
    if step is None:
        text = live.get("points", "")
        return (f"<p class='live' lang='en'><span class='live-label'>The model is finding the key points: </span>"
                f"{e(text)}</p>") if text.strip() else ""
    tools = f"<div class='tools'>{_zh_toggle()}{_copy('points', 'Copy key points')}</div>"
    return tools + points_html(step, note, reference_en, live=live)


def translation_block(step: Step | None, gloss: bool, live: str) -> str:
    if step is None:
        return ""
    note = "<p class='note'>Word-by-word gloss, not a translation (see the note at the key points).</p>" if gloss else ""
    copy = _copy("translation", "Copy translation") if step.english else ""
    return f"<div class='tools'>{_zh_toggle()}{copy}</div>" + translation_html(step, note, writing=live_rows(live))


def live_rows(live: str) -> list[str]:
    """A model's numbered answer (``[1] … [2] …``) split into the sentences it is writing, in order."""
    parts = re.split(r"(?:^|\s)\[(\d+)\]\s*", live)
    if len(parts) < 3:
        return [live.strip()] if live.strip() else []
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)]


def checks_block(digest: Digest | None) -> str:
    return checks_html(digest, correct=True)


def _zh_toggle() -> str:
    return "<button type='button' class='zh-toggle' aria-pressed='false'>Show the Chinese (中文)</button>"


def _copy(what: str, label: str) -> str:
    return f"<button type='button' class='copy' data-copy='{what}'>{label}</button>"


PAGE_CSS = """
html:not([data-zh]) #results .zh{display:none}
#results .tools{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0 .2em}
#results .tools button,#results button.correct{font:inherit;font-size:.9em;padding:.25em .8em;border:1px solid #bbb;
  border-radius:6px;background:#f6f6f6;color:#222;cursor:pointer}
#results .tools button[aria-pressed='true']{background:#dde8ff;border-color:#6b8fd6}
#results .digest-translation tr.hv td{background:#fff9db}
#results .digest-translation tr:focus{outline:2px solid #1a73e8;outline-offset:-2px}
#results a.trace[aria-current='true']{background:#fff3bf}
#results .gloss-note{font-style:normal;color:#3d3000;background:#fff8e1;border-left:4px solid #f0b400;
  padding:.4em .7em;margin:.3em 0 .6em}
#results .digest-status{font-size:1.05em;padding:.2em 0}
#results .digest-status.done{font-weight:600}
.examples-label{margin:0}
#source p{margin:.2em 0;font-size:.9em;color:#555}
#source p.over{color:#900;font-weight:bold}
#examples{align-items:center;gap:.5em}
#examples button{flex:0 1 auto;min-width:0}
body:not(:has(#status .done)) #downloads{display:none !important}
body:not(:has(#checks .digest-glossary)) #corrections{display:none !important}
@media (max-width:700px){
  #results .digest-translation thead{display:none}
  #results .digest-translation table,#results .digest-translation tr{border:0}
  #results .digest-translation tr{display:grid;grid-template-columns:2.2em 1fr;border-top:1px solid #ddd}
  #results .digest-translation tr.para{border-top:3px solid #999}
  #results .digest-translation td{border:0 !important}
  #results .digest-translation td.zh{grid-column:2;padding-top:0}
}
#results .digest-glossary td:first-child,#results .digest-glossary th:first-child{white-space:nowrap}
"""
CSS = DIGEST_CSS + PAGE_CSS
