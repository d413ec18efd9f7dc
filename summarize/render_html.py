"""The one HTML renderer: a digest (or what a streaming run has so far) as escaped HTML fragments, and a whole
page of digests; the web demo and ``summarize run --format html`` both use it. Every piece of article or model
text goes through ``html.escape`` (``<script>`` in an article is shown as text, never run). English comes first,
each Chinese piece is ``class='zh'`` and every cell says its language; each key point links to its source rows
(``a.trace`` → ``#s-<id>``); the checks are marked in the English they are about (``<mark class=…>``)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby

from summarize.data import Article, Digest, Paragraph, Repair, Sentence
from summarize.pipeline import Step

GLOSS_NOTE = ("Machine gloss: word-by-word dictionary English, not a translation. For real English, install a "
              "translator card: `summarize models list` says how.")
e = html.escape
SOURCE_WORDS = {"user": "your correction", "lexicon": "the term base", "article": "the article itself",
                "cedict": "the dictionary", "pinyin": "pinyin: a guess"}


@dataclass(frozen=True)
class Mark:
    """A check shown in the English: ``needle``, the text marked, or a ``note`` said after it (a name it lacks)."""

    kind: str  # number, name, repaired, guess, cjk
    title: str
    needle: str = ""
    note: str = ""


@dataclass(frozen=True)
class Marks:
    by_place: dict[str, tuple[Mark, ...]] = field(default_factory=dict)
    everywhere: tuple[Mark, ...] = ()  # guessed names, wherever they are written

    def at(self, place: str) -> list[Mark]:
        return [*self.by_place.get(place, ()), *self.everywhere]

    def flags(self, place: str) -> bool:
        """The place has an issue (a number, a name, Chinese left), not only a repair or a guess."""
        return any(m.kind in ("number", "name", "cjk") for m in self.by_place.get(place, ()))

    def kinds(self) -> set[str]:
        return {m.kind for marks in (*self.by_place.values(), self.everywhere) for m in marks}


def digest_marks(d: Digest | None) -> Marks:
    if d is None:
        return Marks()
    c, places = d.checks, {}
    found = [(i.where, Mark("number", f"{i.text}: {i.why}", i.text)) for i in c.number_issues]
    found += [(b.where, Mark("number", f"The source says {b.zh}: {b.bound} {b.en}; this English does not", b.en))
              for b in c.bound_issues]
    found += [(n.where, Mark("name", f"The glossary has “{n.en}” for {n.zh}; this English does not use it",
                             note=f"{n.en}? ({n.zh})")) for n in c.name_issues]
    found += [(r.where, Mark("repaired", _repair_note(r), r.en)) for r in c.repaired]
    found += [(w, Mark("cjk", "Chinese left in the English")) for w in c.cjk_in_english]
    for where, mark in found:
        places[where] = (*places.get(where, ()), mark)
    guesses = tuple(Mark("guess", f"{t.en} for {t.zh} is a guess from its pinyin", t.en)
                    for t in d.glossary if t.guess and len(t.en) > 2)
    return Marks(places, guesses)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def marked(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with each mark's needle (every whole-word occurrence) wrapped in ``<mark>``."""
    spans = []
    for m in marks:
        pattern = _CJK if m.kind == "cjk" else _word(m.needle) if m.needle else None
        spans += [(f.start(), f.end(), m) for f in pattern.finditer(text)] if pattern else []
    out, pos = [], 0
    for start, end, m in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if start >= pos:
            out += [e(text[pos:start]), f"<mark class='{m.kind}' title='{e(m.title)}'>{e(text[start:end])}</mark>"]
            pos = end
    out.append(e(text[pos:]))
    out += [f" <mark class='{m.kind} note' title='{e(m.title)}'>{e(m.note)}</mark>" for m in marks if m.note]
    return "".join(out)


def _word(needle: str) -> re.Pattern[str]:
    before = r"(?<!\w)" if needle[:1].isalnum() else ""
    after = r"(?!\w)" if needle[-1:].isalnum() else ""
    return re.compile(before + re.escape(needle) + after)


def place_name(place: str) -> str:
    """``translation[3]`` → ``sentence 4``: a place of the digest in a reader's words."""
    m = re.fullmatch(r"(\w+)\[(\d+)\]", place)
    if not m:
        return {"title_en": "the English title", "title": "the title"}.get(place, place)
    kind, k = m.group(1), int(m.group(2)) + 1
    names = {"translation": f"sentence {k}", "key_points_en": f"English key point {k}",
             "key_points_zh": f"Chinese key point {k}", "reference_points_en": f"editor's point {k}"}
    return names.get(kind, place)


def step_of(d: Digest) -> Step:
    """A finished digest as the last step of a streaming run, for the fragments below."""
    paragraphs = tuple(Paragraph(k, "text", tuple(Sentence(a.id, a.zh, a.paragraph) for a in group))
                       for k, (_, group) in enumerate(groupby(d.translation, key=lambda a: a.paragraph)))
    article = Article(d.id, d.title, paragraphs, reference_points=d.reference_points)
    return Step(article, d.key_points, d.key_points_en, d.title_en, tuple(a.en for a in d.translation), d)


def settled(step: Step) -> Step:
    """The last step of a streaming run with the digest's own English: checked and, where the model left
    Chinese, repaired (the streamed English is what the model wrote)."""
    d = step.digest
    if d is None:
        return step
    return replace(step, points_en=d.key_points_en, title_en=d.title_en, english=tuple(a.en for a in d.translation))


def zh_lang(article: Article) -> str:
    return "zh-Hant" if article.script == "traditional" else "zh-Hans"


def points_html(step: Step | None, note: str = "", reference_en: tuple[str, ...] = (), anchor: str = "s",
                live: dict[str, str] | None = None) -> str:
    """The English key points (each a link to its source sentences), the Chinese ones, and the editor's own
    points; ``note`` (HTML) is said under the English heading, ``live`` holds a model's text being written
    (keys ``points``, ``reference``)."""
    if step is None:
        return ""
    live, marks, lang = live or {}, digest_marks(step.digest), zh_lang(step.article)
    en_items = [_point(anchor, p.source_sentence_ids, marked(en, marks.at(f"key_points_en[{k}]")))
                for k, (p, en) in enumerate(zip(step.points, step.points_en))]
    en_items += ["<li class='pending'>…</li>"] * (len(step.points) - len(step.points_en))
    en = (f"<div class='points-en' lang='en'><h3>Key points</h3>{note}<ol>{''.join(en_items)}</ol>"
          f"{_writing(live.get('points', ''))}</div>")
    zh_items = [_point(anchor, p.source_sentence_ids, e(p.text)) for p in step.points]
    zh = f"<div class='points-zh zh' lang='{lang}'><h3>要点</h3><ol>{''.join(zh_items)}</ol></div>"
    return (f"<section class='digest-points' aria-label='Key points'><div class='pts'>{en}{zh}"
            f"{_reference(step, reference_en, marks, live.get('reference', ''))}</div></section>")


def _point(anchor: str, ids: tuple[int, ...], text_html: str) -> str:
    if not ids:
        return f"<li>{text_html}</li>"
    where = "sentence" + ("s " if len(ids) > 1 else " ") + ", ".join(str(i + 1) for i in ids)
    targets = " ".join(f"{anchor}-{i}" for i in ids)
    return (f"<li><a class='trace' href='#{anchor}-{ids[0]}' data-src='{targets}' aria-controls='{targets}'>"
            f"{text_html} <small class='src'>({where})</small></a></li>")


def _reference(step: Step, reference_en: tuple[str, ...], marks: Marks, live: str) -> str:
    ref = step.article.reference_points
    if not ref:
        return ""
    lang = zh_lang(step.article)
    items = "".join(
        f"<li><span class='en' lang='en'>{marked(en, marks.at(f'reference_points_en[{k}]')) if en else '…'}</span>"
        f"<span class='zh' lang='{lang}'>{e(zh)}</span></li>"
        for k, (zh, en) in enumerate(zip(ref, [*reference_en, *[""] * len(ref)])))
    return (f"<div class='points-ref'><h3>Editor's points <small>(written by the article's editor)</small></h3>"
            f"<ul>{items}</ul>{_writing(live)}</div>")


def _writing(live: str) -> str:
    return (f"<p class='live' lang='en'><span class='live-label'>The model is writing: </span>{e(live)}</p>"
            if live.strip() else "")


def translation_html(step: Step | None, note: str = "", anchor: str = "s", writing: Sequence[str] = ()) -> str:
    """Each English sentence beside its source, a rule between paragraphs; sentences not yet translated say
    so (or show ``writing``, what a model is writing for them, in order); the checks are marked in the English."""
    if step is None:
        return ""
    marks, english, lang = digest_marks(step.digest), step.english, zh_lang(step.article)
    rows = []
    for k, (_, group) in enumerate(groupby(step.article.sentences, key=lambda s: s.paragraph)):
        for j, s in enumerate(group):
            place = f"translation[{s.id}]"
            done = s.id < len(english)
            en = marked(english[s.id], marks.at(place)) if done else _pending(writing, s.id - len(english))
            classes = " ".join(c for c in ("para" if k and not j else "", "bad" if marks.flags(place) else "",
                                           "" if done else "pending") if c)
            rows.append(f"<tr id='{anchor}-{s.id}' tabindex='-1' class='{classes}'><td class='n'>{s.id + 1}</td>"
                        f"<td class='en' lang='en'>{en}</td><td class='zh' lang='{lang}'>{e(s.text)}</td></tr>")
    done = f"{len(english)}/{len(step.article.sentences)} sentences"
    return (f"<div class='digest-translation'>{_title(step, marks, lang)}<h3>Translation <small>{done}</small>"
            f"</h3>{note}{_legend(marks)}<table><thead><tr><th class='n'>#</th><th lang='en'>English</th>"
            f"<th class='zh' lang='{lang}'>中文</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _title(step: Step, marks: Marks, lang: str) -> str:
    out = f"<h2 class='title-en' lang='en'>{marked(step.title_en, marks.at('title_en'))}</h2>" if step.title_en else ""
    if step.article.title:
        out += f"<p class='title-zh{' zh' if step.title_en else ''}' lang='{lang}'>{e(step.article.title)}</p>"
    return out


def _pending(writing: Sequence[str], k: int) -> str:
    if k < len(writing) and writing[k]:
        return f"<span class='live'>{e(writing[k])}</span>"
    return "…"


def _legend(marks: Marks) -> str:
    kinds = marks.kinds()
    words = {"number": "a number not in the source", "name": "a name not as in the glossary",
             "repaired": "replaced: Chinese the model left, or a name it misspelt", "guess": "a name guessed from its pinyin",
             "cjk": "Chinese left in the English"}
    items = "".join(f"<li><mark class='{k}'>{e(words[k])}</mark></li>" for k in words if k in kinds)
    return f"<ul class='legend' aria-label='Marks in the English'>{items}</ul>" if items else ""


def checks_html(digest: Digest | None, anchor: str = "s", correct: bool = False) -> str:
    """The checks' summary (each issue links to its place) and the article's glossary; with ``correct``, each
    glossary row has a button to correct its English (the web page)."""
    if digest is None:
        return ""
    c = digest.checks
    issues = [(i.where, f"<code>{e(i.text)}</code> {e(i.why)}") for i in c.number_issues]
    issues += [(b.where, f"{e(b.zh)} is {e(b.bound)} <code>{e(b.en)}</code>; the English does not say so")
               for b in c.bound_issues]
    issues += [(n.where, f"{e(n.zh)} should be “{e(n.en)}” (the glossary)") for n in c.name_issues]
    issues += [(r.where, e(_repair_note(r))) for r in c.repaired]
    issues += [(w, "Chinese left in the English") for w in c.cjk_in_english]
    items = "".join(f"<li class='bad'>{_place_link(where, anchor)}: {what}</li>" for where, what in issues)
    numbers = "all traced to the source" if not c.number_issues else f"{len(c.number_issues)} not traced to it"
    names = (f"; names: {c.names_checked} checked, " + ("all as in the glossary" if not c.name_issues else
                                                         f"{len(c.name_issues)} not as in it")) if c.names_checked else ""
    return (f"<div class='digest-checks'><h3>Checks</h3><p>Numbers: {c.numbers_checked} checked, {e(numbers)}"
            f"{e(names)}.</p><ul>{items}</ul>{glossary_html(digest, correct)}</div>")


def _repair_note(r: Repair) -> str:
    if r.what == "currency":
        return f"The model wrote “{r.was}” for {r.zh}, another currency; written “{r.en}”"
    if r.what == "name":
        return f"The model wrote “{r.was}” for {r.zh}; the glossary says “{r.en}”"
    return f"The model left {r.zh} in Chinese; replaced by “{r.en}”"


def _place_link(where: str, anchor: str) -> str:
    m, name = re.fullmatch(r"translation\[(\d+)\]", where), e(place_name(where))
    return f"<a class='trace' href='#{anchor}-{m[1]}' data-src='{anchor}-{m[1]}'>{name}</a>" if m else name


def glossary_html(digest: Digest, correct: bool = False) -> str:
    """The article's names and terms with the English this digest uses for each, and where it comes from."""
    if not digest.glossary:
        return ""
    rows = []
    for t in digest.glossary:
        guess = " <small class='guess'>guess</small>" if t.guess else ""
        button = (f"<td><button type='button' class='correct' data-zh='{e(t.zh)}' data-en='{e(t.en)}' "
                  f"aria-label='Correct the English of {e(t.zh)}'>Correct</button></td>") if correct else ""
        rows.append(f"<tr class='{'guess' if t.guess else ''}'><td lang='zh-Hans'>{e(t.zh)}</td><td lang='en'>"
                    f"{e(t.en)}{guess}</td><td>{e(SOURCE_WORDS.get(t.source, t.source))}</td>{button}</tr>")
    head = "<th></th>" if correct else ""
    return (f"<div class='digest-glossary'><h3>Names and terms</h3><table><thead><tr><th>中文</th><th>English</th>"
            f"<th>From</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def html_article(d: Digest, k: int = 0) -> str:
    """One digest as an escaped <article>: key points, the translation table, the checks."""
    step, anchor = step_of(d), f"d{k}s"
    note = f"<p class='note'>{e(GLOSS_NOTE)}</p>" if d.checks.translation_is_gloss else ""
    return (f"<article class='digest'>{points_html(step, note, anchor=anchor)}"
            f"{translation_html(step, anchor=anchor)}{checks_html(d, anchor)}</article>")


def html_page(digests: list[Digest]) -> str:
    title = digests[0].title or digests[0].id if len(digests) == 1 else f"{len(digests)} digests"
    body = "".join(html_article(d, k) for k, d in enumerate(digests))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<style>{PAGE_CSS}{CSS}</style></head><body>{body}</body></html>")


CSS = """
.digest-points .pts{display:grid;grid-template-columns:repeat(auto-fit,minmax(15em,1fr));gap:0 2em}
@media (max-width:700px){.digest-points .pts{grid-template-columns:1fr}}
.digest-points a.trace{color:inherit;text-decoration:none}
.digest-points a.trace:hover,.digest-points a.trace:focus-visible{text-decoration:underline}
.digest-points small.src,.digest-translation td.n,.digest-translation th.n{color:#767676;white-space:nowrap}
.points-ref li .zh{display:block;color:#555}
.digest-translation table,.digest-glossary table{border-collapse:collapse;width:100%}
.digest-translation td,.digest-translation th{border:1px solid #ddd;padding:.35em;vertical-align:top;text-align:left}
.digest-translation td.n,.digest-translation th.n{width:2.5em;text-align:right}
.digest-translation tr.para td{border-top:3px solid #999}
.digest-translation tr.pending td.en,.digest-translation .title-zh{color:#767676}
.digest-translation tr.hl td{background:#fff3bf}
tr.bad td.n,li.bad,mark.number,mark.name,mark.cjk{background:#fde8e8;color:#900}
mark.number,mark.name,mark.cjk{border-bottom:2px solid #c00}
mark.repaired{background:#e6f0ff;color:#0b3d91;border-bottom:2px dotted #0b3d91}
mark.guess{background:none;color:inherit;border-bottom:2px dotted #b36b00}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.9em}
.live{color:#0b3d91;font-style:italic}
.digest-status.error{color:#900;font-weight:bold}.note{color:#555;font-style:italic}
.digest-glossary td,.digest-glossary th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}
small.guess{color:#b36b00}
"""

PAGE_CSS = "body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}"
