"""A digest as JSON (the versioned schema in docs/schema.md), Markdown or HTML."""

from __future__ import annotations

import html
import json
import re
from itertools import groupby
from typing import Any

from summarize.data import Digest
from summarize.pipeline import SCHEMA_VERSION
from summarize.render_html import GLOSS_NOTE, html_page

__all__ = ["GLOSS_NOTE", "render_many", "to_dict", "to_html", "to_json", "to_markdown"]


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
        "reference_points_en": list(d.reference_points_en),
        "boilerplate": [{"kind": b.kind, "text": b.text} for b in d.boilerplate],
        "checks": {
            "ok": c.ok,
            "translation_is_gloss": c.translation_is_gloss,
            "numbers": {"checked": c.numbers_checked,
                        "unmatched": [{"where": i.where, "text": i.text, "value": i.value, "why": i.why}
                                      for i in c.number_issues]},
            "bounds": {"checked": c.bounds_checked,
                       "dropped": [{"where": b.where, "zh": b.zh, "en": b.en, "bound": b.bound} for b in c.bound_issues]},
            "cjk_in_english": list(c.cjk_in_english),
            "names": {"checked": c.names_checked,
                      "missing": [{"where": i.where, "zh": i.zh, "en": i.en} for i in c.name_issues]},
            "repaired": [{"where": r.where, "zh": r.zh, "en": r.en, "was": r.was, "kind": r.what} for r in c.repaired],
        },
        "glossary": [{"zh": t.zh, "en": t.en, "source": t.source, "guess": t.guess, "kind": t.kind,
                      "aliases": list(t.aliases)} for t in d.glossary],
        "provenance": d.provenance,
    }


def to_json(d: Digest, indent: int | None = None) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=indent)


def _paragraphs(d: Digest) -> list[list]:
    return [list(group) for _, group in groupby(d.translation, key=lambda a: a.paragraph)]


def _check_lines(d: Digest) -> list[str]:
    c = d.checks
    lines = [f"- Numbers: {c.numbers_checked} checked, {len(c.number_issues)} not traced to their source"]
    lines += [f"  - {i.where}: {_md(i.text)} (= {i.value:g}) {i.why}" for i in c.number_issues]
    if c.bounds_checked:
        lines.append(f"- Bounds (超过, 不足, 多 …): {c.bounds_checked} checked, {len(c.bound_issues)} dropped in the English")
        lines += [f"  - {i.where}: {_md(i.zh)} is {i.bound} {_md(i.en)}" for i in c.bound_issues]
    lines.append(f"- Names: {c.names_checked} checked, {len(c.name_issues)} missing from the English")
    lines += [f"  - {i.where}: {_md(i.zh)} should read {_md(i.en)}" for i in c.name_issues]
    left, respelt, moved = ([r for r in c.repaired if r.what == kind] for kind in ("chinese", "name", "currency"))
    if left:
        lines.append(f"- Chinese left by the model and replaced: {len(left)}")
        lines += [f"  - {r.where}: {_md(r.zh)} → {_md(r.en)}" for r in left]
    if respelt:
        lines.append(f"- Names the model misspelt, written as the glossary says: {len(respelt)}")
        lines += [f"  - {r.where}: {_md(r.was)} → {_md(r.en)} ({_md(r.zh)})" for r in respelt]
    if moved:
        lines.append(f"- Figures the model wrote in another currency, written in the source's: {len(moved)}")
        lines += [f"  - {r.where}: {_md(r.was)} → {_md(r.en)} ({_md(r.zh)})" for r in moved]
    if c.cjk_in_english:
        lines.append(f"- Chinese left in English output: {', '.join(c.cjk_in_english)}")
    if c.translation_is_gloss:
        lines.append(f"- {GLOSS_NOTE}")
    return lines


def to_markdown(d: Digest) -> str:
    """The digest for reading: title, key points in both languages, translation by paragraph, checks. Article
    and model text is escaped: Markdown viewers render inline HTML, and an article's ``<script>`` stays text."""
    m = _md
    gloss = " (gloss)" if d.checks.translation_is_gloss else ""
    out = [f"# {m(d.title or d.id)}", ""]
    if d.title_en:
        out += [f"*{m(d.title_en)}*", ""]
    if d.meta:
        out += [" · ".join(f"{k}: {m(v)}" for k, v in d.meta.items()), ""]
    out += ["## 要点", *[f"{i}. {m(p)}" for i, p in enumerate(d.key_points_zh, 1)], ""]
    out += [f"## Key points{gloss}", *[f"{i}. {m(p)}" for i, p in enumerate(d.key_points_en, 1)], ""]
    if d.reference_points:
        out += ["## Editor's points (reference, removed from the body)",
                *[f"- {m(p)}" for p in d.reference_points], "",
                *[f"- {m(p)}" for p in d.reference_points_en], ""]
    out += [f"## Translation{gloss}", ""]
    if d.checks.translation_is_gloss:
        out += [f"> {GLOSS_NOTE}", ""]
    for para in _paragraphs(d):
        out += [m("".join(a.zh for a in para)), "", m(" ".join(a.en for a in para)), ""]
    if d.glossary:
        out += ["## Names and terms", *[f"- {m(t.zh)}: {m(t.en)}{' (pinyin, a guess)' if t.guess else ''}"
                                        for t in d.glossary], ""]
    out += ["## Checks", *_check_lines(d), ""]
    return "\n".join(out)


def _md(text: str) -> str:
    """Text safe in Markdown: no inline HTML (``<``, ``>``, ``&`` as entities), no line breaks, and no Markdown
    of its own: an article's ``[text](link)``, ``*emphasis*``, backticks and table bars stay text, as does a
    ``#`` or list marker opening a line."""
    text = re.sub(r"([\\`*_\[\]|~])", r"\\\1", html.escape(" ".join(text.split()), quote=False))
    text = re.sub(r"^(\d+)([.)]\s)", r"\1\\\2", text)  # "1. " opening a paragraph is no list: "1\. "
    return "\\" + text if re.match(r"[#>+-]", text) else text


def to_html(d: Digest) -> str:
    return html_page([d])


def render_many(digests: list[Digest], fmt: str) -> str:
    """Several digests: JSON Lines, Markdown separated by rules, or one HTML page."""
    if fmt == "json":
        return "".join(to_json(d) + "\n" for d in digests)
    if fmt == "html":
        return html_page(digests) + "\n"
    return "\n---\n\n".join(to_markdown(d) for d in digests)

