"""The one HTML renderer: a digest (or the part of it a streaming run has so far) as escaped HTML fragments,
and a whole page of digests. The web demo and ``summarize run --format html`` both use it.

Every piece of article or model text goes through ``html.escape``: an article holding ``<script>`` or
``<img onerror=…>`` is shown as text and never interpreted as markup.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

from summarize.data import Article, Digest, Paragraph, Sentence
from summarize.pipeline import Step

GLOSS_NOTE = ("Machine gloss: word-by-word dictionary English, not a translation. For real English, install a "
              "translator card: `summarize models list` says how.")
e = html.escape
_PLACE = re.compile(r"^(\w+)\[(\d+)\]$")


def step_of(d: Digest) -> Step:
    """A finished digest as the last step of a streaming run, for the fragments below."""
    paragraphs = tuple(Paragraph(k, "text", tuple(Sentence(a.id, a.zh, a.paragraph) for a in group))
                       for k, (_, group) in enumerate(groupby(d.translation, key=lambda a: a.paragraph)))
    article = Article(d.id, d.title, paragraphs, reference_points=d.reference_points)
    return Step(article, d.key_points, d.key_points_en, d.title_en, tuple(a.en for a in d.translation), d)


def points_html(step: Step | None, gloss: bool = False) -> tuple[str, str, str]:
    """Chinese points, English points and the editor's reference points, each an ordered list."""
    if step is None:
        return "", "", ""
    zh = _list("要点", [p.text for p in step.points], "ol", "points-zh")
    en_items = list(step.points_en) or ["…"] * len(step.points)
    en = _list(f"Key points{' (gloss)' if gloss else ''}", en_items, "ol", "points-en")
    ref = step.article.reference_points
    reference = _list("Editor's points (reference)", list(ref), "ul", "points-ref") if ref else ""
    return zh, en, reference


def translation_html(step: Step | None, gloss: bool = False) -> str:
    """Source sentence beside its English, a rule between paragraphs; sentences not yet translated say so;
    a sentence whose English holds a number the source lacks is marked."""
    if step is None:
        return ""
    flagged = _flagged_sentences(step.digest)
    english = step.english
    rows = []
    for k, (_, group) in enumerate(groupby(step.article.sentences, key=lambda s: s.paragraph)):
        for j, s in enumerate(group):
            en = english[s.id] if s.id < len(english) else ""
            classes = ["para" if k and not j else "", "bad" if s.id in flagged else "",
                       "pending" if s.id >= len(english) else ""]
            cls = " ".join(c for c in classes if c)
            rows.append(f"<tr class='{cls}'><td lang='zh'>{e(s.text)}</td><td lang='en'>{e(en) or '…'}</td></tr>")
    done = f"{len(english)}/{len(step.article.sentences)} sentences"
    title = f"<h2 class='title' lang='zh'>{e(step.article.title)}</h2>" if step.article.title else ""
    title += f"<p class='title-en'>{e(step.title_en)}</p>" if step.title_en else ""
    note = f"<p class='note'>{GLOSS_NOTE}</p>" if gloss else ""
    return (f"<div class='digest-translation'>{title}<h3>Translation <small>{done}</small></h3>{note}"
            f"<table><thead><tr><th>中文</th><th>English</th></tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def checks_html(digest: Digest | None) -> str:
    if digest is None:
        return ""
    c = digest.checks
    issues = "".join(f"<li class='bad'>{e(_where(i.where))}: <code>{e(i.text)}</code> matches no number in the "
                     "source</li>" for i in c.number_issues)
    cjk = (f"<li class='bad'>Chinese left in the English: {e(', '.join(c.cjk_in_english))}</li>"
           if c.cjk_in_english else "")
    verdict = "all numbers traced to the source" if not c.number_issues else f"{len(c.number_issues)} not found"
    return (f"<div class='digest-checks'><h3>Checks</h3><p>Numbers: {c.numbers_checked} checked, {e(verdict)}"
            f"</p><ul>{issues}{cjk}</ul></div>")


def _list(heading: str, items: list[str], tag: str, cls: str) -> str:
    body = "".join(f"<li>{e(t)}</li>" for t in items)
    return f"<div class='{cls}'><h3>{e(heading)}</h3><{tag}>{body}</{tag}></div>"


def _flagged_sentences(digest: Digest | None) -> set[int]:
    if digest is None:
        return set()
    places = (_PLACE.match(i.where) for i in digest.checks.number_issues)
    return {int(m.group(2)) for m in places if m and m.group(1) == "translation"}


def _where(place: str) -> str:
    m = _PLACE.match(place)
    if not m:
        return place
    kind, index = m.group(1), int(m.group(2))
    names = {"translation": f"sentence {index + 1}", "key_points_en": f"English key point {index + 1}",
             "key_points_zh": f"Chinese key point {index + 1}"}
    return names.get(kind, place)


def html_article(d: Digest) -> str:
    """One digest as an escaped <article>: key points side by side, the translation table, the checks."""
    step, gloss = step_of(d), d.checks.translation_is_gloss
    zh, en, reference = points_html(step, gloss)
    return (f"<article class='digest'><div class='cols'>{zh}{en}</div>{reference}"
            f"{translation_html(step, gloss)}{checks_html(d)}</article>")


def html_page(digests: list[Digest]) -> str:
    title = digests[0].title or digests[0].id if len(digests) == 1 else f"{len(digests)} digests"
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>"
            f"<style>{PAGE_CSS}{CSS}</style></head><body>{''.join(html_article(d) for d in digests)}</body></html>")


CSS = """
.digest-translation table{border-collapse:collapse;width:100%}
.digest-translation td,.digest-translation th{border:1px solid #ddd;padding:.35em;vertical-align:top;width:50%}
.digest-translation tr.para td{border-top:3px solid #999}
.digest-translation tr.pending td:last-child{color:#999}
tr.bad td,li.bad{background:#fde8e8;color:#900}
.digest-status.error{color:#900;font-weight:bold}
.note{color:#666;font-style:italic}
"""

PAGE_CSS = ("body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}.cols{display:flex;gap:2em}"
            ".cols>div{flex:1}")
