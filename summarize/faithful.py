"""The English fields of a digest with their sources, and the last-resort repair of Chinese left in them.

Every English field is checked against the Chinese it renders: the title, each key point (its Chinese, or
its source sentences when the model wrote the English directly), each sentence. Chinese a model left in an
English field is replaced span by span with its glossary, CC-CEDICT or pinyin rendering, and each repair is
listed in the checks: repair is the last resort (the grammar and the glossary come first), not the method.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from summarize.checks import fold, mentions, pinyin_spellings
from summarize.data import AlignedSentence, Article, KeyPoint, Repair, Term
from summarize.number_checks import currency_clash
from summarize.numbers import EN_CURRENCY, find_en, format_number
from summarize.textutil import HAN_RUN_RE, has_cjk


def english_fields(article: Article, points: Sequence[KeyPoint], title_en: str, points_en: Sequence[str],
                   translation: Sequence[AlignedSentence], reference_en: Sequence[str] = ()
                   ) -> dict[str, tuple[str, str, str]]:
    """place → (language, text, source text) for every output the checks read (Chinese as the analysis reads
    it: Simplified, like the sentences' analysis text)."""
    simplified = article.analysis
    by_id = {s.id: s.analysis_text for s in article.sentences}
    cited = [cited_text(article, p) for p in points]
    out = {f"key_points_zh[{i}]": ("zh", simplified(p.text), cited[i]) for i, p in enumerate(points)}
    if article.title:
        out["title_en"] = ("en", title_en, simplified(article.title))
    for i, (p, en) in enumerate(zip(points, points_en, strict=True)):  # a point's English renders the point
        out[f"key_points_en[{i}]"] = ("en", en, cited[i] if p.en else simplified(p.text))
    out |= {f"translation[{a.id}]": ("en", a.en, by_id.get(a.id, a.zh)) for a in translation}
    out |= {f"reference_points_en[{k}]": ("en", en, simplified(zh))
            for k, (zh, en) in enumerate(zip(article.reference_points, reference_en, strict=True))}
    return out


def cited_text(article: Article, point: KeyPoint) -> str:
    """The sentences a key point cites, one a line (as the analysis reads them), or the point itself."""
    by_id = {s.id: s.analysis_text for s in article.sentences}
    return "\n".join(by_id[k] for k in point.source_sentence_ids if k in by_id) or article.analysis(point.text)


def recurrency(text: str, source: str, where: str, dollars: bool = False) -> tuple[str, list[Repair]]:
    """``text`` with each figure written in another currency than its source's (5亿元 as "$500 million") written
    in the source's ("500 million yuan"); the repairs made (``zh`` the source's figure, ``was`` what was written)."""
    fixes: list[Repair] = []
    for q in reversed(find_en(text)):
        if (theirs := currency_clash(q, text, source, dollars)) is not None and theirs.unit in EN_CURRENCY:
            right = EN_CURRENCY[theirs.unit].format(format_number(q.value))
            fixes.insert(0, Repair(where, theirs.text, right, q.text, "currency"))
            text = text[:q.start] + right + text[q.end:]
    return text, fixes


def repair(text: str, where: str, glossary: Mapping[str, str]) -> tuple[str, list[Repair]]:
    """``text`` with every run of Chinese replaced by its English; the repairs made."""
    if not HAN_RUN_RE.search(text):
        return text, []
    from summarize import registry  # noqa: PLC0415 - the gloss tables load only when a repair is needed

    gloss = registry.load("gloss", "translate")
    repairs: list[Repair] = []

    def replace(m: re.Match[str]) -> str:
        english = glossary.get(m.group(0)) or gloss.gloss(m.group(0), glossary).rstrip(".")
        if has_cjk(english) or not english.strip():  # kana, a character no dictionary holds: left
            return m.group(0)  # as it is, for the check to report, never listed as repaired
        repairs.append(Repair(where, m.group(0), english))
        start, end = m.span()
        before = " " if start and text[start - 1].isalnum() else ""
        after = " " if end < len(text) and text[end].isalnum() else ""
        return before + english + after

    return HAN_RUN_RE.sub(replace, text), repairs


# A capitalised word, whole: McDonald; never part of O'Brian, Jun-led or Jun-ho (the run is then refused).
_CAPITALISED = re.compile(r"(?<![A-Za-z'’-])[A-Z][A-Za-z]*(?![A-Za-z-])(?!['’](?!s(?![A-Za-z]))[A-Za-z])")  # Jun's


def respell(text: str, source: str, where: str, glossary: Sequence[Term]) -> tuple[str, list[Repair]]:
    """``text`` with each person's name of the glossary that its ``source`` holds and the model misspelt
    (雷军 as "Li Jun" where the glossary says Lei Jun, Tim Ferriss as "Tim Ferris") written as the glossary
    says; the repairs made (each with what the model wrote). A misspelling is the one run of as many
    capitalised words as the name that is close to it (same first letter, difflib ratio ≥ 0.7), is no
    rendering of another entry, and spells the pinyin of nothing in the source (李军 there is Li Jun)."""
    found = [(term, spans[0]) for term, spans in misspellings(text, source, glossary) if len(spans) == 1]
    claimed = [span for _, span in found]
    repairs: list[Repair] = []
    for term, (start, end) in sorted(found, key=lambda f: -f[1][0]):  # from the end: the spans stay where they are
        if claimed.count((start, end)) == 1:  # a spelling near two people's names is neither's
            repairs.append(Repair(where, term.zh, term.en, was=text[start:end]))
            text = text[:start] + term.en + text[end:]
    return text, repairs[::-1]


def misspellings(text: str, source: str, glossary: Sequence[Term]) -> list[tuple[Term, list[tuple[int, int]]]]:
    """Each person's name of the glossary in ``source`` that ``text`` lacks (by its whole name: the names check
    also takes a surname alone, "Zhang" said) with where ``text`` may hold it misspelt (see :func:`respell`)."""
    people = [t for t in glossary if t.zh in source and len(t.en.split()) >= 2 and _person(t)] if text else []
    others = {fold(r).lower() for t in glossary for r in (t.en, *t.aliases)} if people else set()
    out = []
    for term in people:
        written = any(mentions(text, r) for r in (term.en, *term.aliases, *pinyin_spellings(term)))
        if not written and (spans := _near_misses(text, term.en, source, others)):
            out.append((term, spans))
    return out


def _person(term: Term) -> bool:
    from summarize.glossary import is_person_name, lexicon  # noqa: PLC0415

    if term.kind != "name" or term.guess:
        return False
    kind = lexicon().get(term.zh, ("", ""))[1]
    return kind == "person" or (kind == "" and (is_person_name(term.zh) or "·" in term.zh))


def _near_misses(text: str, name: str, source: str, others: set[str]) -> list[tuple[int, int]]:
    """Where ``text`` holds a run of capitalised words that may be ``name`` misspelt (see :func:`respell`)."""
    n, target = len(name.split()), fold(name).lower()
    words = list(_CAPITALISED.finditer(text))
    spans = []
    latin = fold(source).lower()
    for run in (words[i:i + n] for i in range(len(words) - n + 1)):
        if any(text[a.end():b.start()] != " " for a, b in zip(run, run[1:])):
            continue  # not one run of words: "Lei. Jun", "Li, Jun"
        written = fold(text[run[0].start():run[-1].end()]).lower()
        if written[0] == target[0] and written not in others and written not in latin and \
                _close(written, target) and not _spells_source(written, source):
            spans.append((run[0].start(), run[-1].end()))
    return spans


def _close(written: str, target: str) -> bool:
    """Near as a whole and word by word: "Lai Yun" is Lei Jun misspelt; "Lei Joins" (a headline) is not."""
    pairs = zip(written.split(), target.split(), strict=True)
    return SequenceMatcher(None, written, target).ratio() >= 0.7 and \
        all(SequenceMatcher(None, w, t).ratio() >= 0.6 for w, t in pairs)


def _spells_source(written: str, source: str) -> bool:
    """``written`` (lower case) is the pinyin of a run of the source's characters: a name of its own."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    syllables = lazy_pinyin("".join(HAN_RUN_RE.findall(source)))
    letters = written.replace(" ", "").replace("-", "")
    return any("".join(syllables[i:j]) == letters for i in range(len(syllables))
               for j in range(i + 1, min(len(syllables), i + 6) + 1))
