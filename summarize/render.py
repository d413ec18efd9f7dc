"""A digest as JSON (the versioned schema in docs/schema.md), Markdown or HTML."""

from __future__ import annotations

import html
import json
from itertools import groupby
from typing import Any

from summarize.data import Digest
from summarize.pipeline import SCHEMA_VERSION

GLOSS_NOTE = "Machine gloss: word-by-word dictionary English, not a translation."


def to_dict(d: Digest) -> dict[str, Any]:
    c = d.checks
    return {
        "schema_version": SCHEMA_VERSION,
        "id": d.id,
        "title": d.title,
        "title_en": d.title_en,
        "meta": d.meta,
        "source_path": d.source_path,
        "key_points_zh": list(d.key_points_zh),
        "key_points_en": list(d.key_points_en),
        "key_points": [{"zh": k.text, "en": en, "source_sentence_ids": list(k.source_sentence_ids)}
                       for k, en in zip(d.key_points, d.key_points_en)],
        "translation": [{"id": a.id, "paragraph": a.paragraph, "zh": a.zh, "en": a.en} for a in d.translation],
        "reference_points": list(d.reference_points),
        "boilerplate": [{"kind": b.kind, "text": b.text} for b in d.boilerplate],
        "checks": {
            "ok": c.ok,
            "translation_is_gloss": c.translation_is_gloss,
            "numbers": {"checked": c.numbers_checked,
                        "unmatched": [{"where": i.where, "text": i.text, "value": i.value} for i in c.number_issues]},
            "cjk_in_english": list(c.cjk_in_english),
        },
        "provenance": d.provenance,
    }


def to_json(d: Digest, indent: int | None = None) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=indent)


def _paragraphs(d: Digest) -> list[list]:
    return [list(group) for _, group in groupby(d.translation, key=lambda a: a.paragraph)]


def _check_lines(d: Digest) -> list[str]:
    c = d.checks
    lines = [f"- Numbers: {c.numbers_checked} checked, {len(c.number_issues)} not found in the source"]
    lines += [f"  - {i.where}: `{i.text}` (= {i.value:g}) matches no source number" for i in c.number_issues]
    if c.cjk_in_english:
        lines.append(f"- Chinese left in English output: {', '.join(c.cjk_in_english)}")
    if c.translation_is_gloss:
        lines.append(f"- {GLOSS_NOTE}")
    return lines


def to_markdown(d: Digest) -> str:
    """The digest for reading: title, key points in both languages, translation by paragraph, checks."""
    gloss = " (gloss)" if d.checks.translation_is_gloss else ""
    out = [f"# {d.title or d.id}", ""]
    if d.title_en:
        out += [f"*{d.title_en}*", ""]
    if d.meta:
        out += [" · ".join(f"{k}: {v}" for k, v in d.meta.items()), ""]
    out += ["## 要点", *[f"{i}. {p}" for i, p in enumerate(d.key_points_zh, 1)], ""]
    out += [f"## Key points{gloss}", *[f"{i}. {p}" for i, p in enumerate(d.key_points_en, 1)], ""]
    if d.reference_points:
        out += ["## Editor's points (reference, removed from the body)",
                *[f"- {p}" for p in d.reference_points], ""]
    out += [f"## Translation{gloss}", ""]
    if d.checks.translation_is_gloss:
        out += [f"> {GLOSS_NOTE}", ""]
    for para in _paragraphs(d):
        out += ["".join(a.zh for a in para), "", " ".join(a.en for a in para), ""]
    out += ["## Checks", *_check_lines(d), ""]
    return "\n".join(out)


def to_html(d: Digest) -> str:
    return to_html_page([d])


def to_html_page(digests: list[Digest]) -> str:
    title = digests[0].title or digests[0].id if len(digests) == 1 else f"{len(digests)} digests"
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{''.join(html_article(d) for d in digests)}</body></html>")


def html_article(d: Digest) -> str:
    """One digest as an escaped <article> element: no article text is ever interpreted as markup."""
    e = html.escape
    gloss = " (gloss)" if d.checks.translation_is_gloss else ""
    rows = "".join(f"<tr><td>{e(a.zh)}</td><td>{e(a.en)}</td></tr>" for a in d.translation)
    issues = "".join(f"<li class='bad'>{e(i.where)}: <code>{e(i.text)}</code> matches no source number</li>"
                     for i in d.checks.number_issues)
    ref = "".join(f"<li>{e(p)}</li>" for p in d.reference_points)
    return (
        f"<article><h1>{e(d.title or d.id)}</h1><p class='en'>{e(d.title_en)}</p>"
        "<div class='cols'><section><h2>要点</h2><ol>"
        + "".join(f"<li>{e(p)}</li>" for p in d.key_points_zh)
        + f"</ol></section><section><h2>Key points{gloss}</h2><ol>"
        + "".join(f"<li>{e(p)}</li>" for p in d.key_points_en)
        + "</ol></section></div>"
        + (f"<h2>Editor's points (reference)</h2><ul>{ref}</ul>" if ref else "")
        + f"<h2>Translation{gloss}</h2>"
        + (f"<p class='note'>{GLOSS_NOTE}</p>" if d.checks.translation_is_gloss else "")
        + f"<table><tr><th>中文</th><th>English</th></tr>{rows}</table>"
        + f"<h2>Checks</h2><p>Numbers: {d.checks.numbers_checked} checked, "
        f"{len(d.checks.number_issues)} not found in the source</p><ul>{issues}</ul></article>"
    )


_CSS = ("body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}.cols{display:flex;gap:2em}"
        ".cols section{flex:1}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em;"
        "vertical-align:top}.bad{color:#b00}.note{color:#666;font-style:italic}")

def render_many(digests: list[Digest], fmt: str) -> str:
    """Several digests: JSON Lines, Markdown separated by rules, or one HTML page."""
    if fmt == "json":
        return "".join(to_json(d) + "\n" for d in digests)
    if fmt == "html":
        return to_html_page(digests) + "\n"
    return "\n---\n\n".join(to_markdown(d) for d in digests)

