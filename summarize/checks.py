"""Checks that make a digest trustworthy: every number in the outputs traced to a number of the source (a
year too: 今年 in an article of 2021 is 2021, never "2023"), every glossary name of a place's source present
in its English, and no Chinese left in English output."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

from summarize.data import Article, Checks, NameIssue, NumberIssue, Term
from summarize.numbers import Quantity, find_en, find_zh, same_value
from summarize.textutil import has_cjk

# Relative years, resolved against the article's date.
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "后年": 2}
_YEAR = re.compile(r"(19|20)\d\d")
_YEARLESS_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_YEAR_DATE = re.compile(r"(?:19|20)\d\d年")
# Chinese units a translator converts: 6000亩 is 400 hectares, 1000斤 is 500 kg, 10公里 is 6.2 miles.
CONVERSIONS = {"亩": (1 / 15,), "斤": (0.5,), "公斤": (2.20462,), "公里": (0.621371,), "米": (3.28084,),
               "平方米": (10.7639,), "吨": (1.10231,)}
_UNIT_AFTER = re.compile(r"[多余]?(平方米|公斤|公里|亩|斤|米|吨)")
Outputs = Mapping[str, tuple[str, str, str]]  # place → (language, text, the source text it renders)


def article_year(article: Article) -> int | None:
    m = _YEAR.search(str(article.meta.get("date", "")))
    return int(m.group(0)) if m else None


def source_values(article: Article) -> list[float]:
    """Every number of the source, sorted, with the years its relative dates name. An undated article whose
    dates have no year (7月26日电) lets a translator name the year: any year is then accepted."""
    texts = [article.title, *(s.analysis_text for s in article.sentences)]
    found = [(t, q) for t in texts for q in find_zh(t)]
    values = {q.value for _, q in found}
    values |= {round(q.value * f, 1) for t, q in found
               if (m := _UNIT_AFTER.match(t, q.end)) for f in CONVERSIONS[m.group(1)]}
    joined = "".join(texts)
    year = article_year(article)
    if year:
        values |= {float(year + delta) for word, delta in RELATIVE_YEARS.items() if word in joined}
    elif _YEARLESS_DATE.search(joined) and not _YEAR_DATE.search(joined):
        values |= {float(y) for y in range(1990, 2041)}
    return sorted(values)


def _matches(q: Quantity, values: list[float]) -> bool:
    if q.value == int(q.value) and abs(q.value) < 10_000 and not q.unit:
        i = bisect.bisect_left(values, q.value)  # small whole numbers and years: exactly, 2023 is not 2021
        return i < len(values) and values[i] == q.value
    low = bisect.bisect_left(values, q.value * 0.995 if q.value >= 0 else q.value * 1.005)
    return any(same_value(q.value, v) for v in values[low:low + 8])


def unmatched(found: Iterable[Quantity], values: list[float]) -> list[Quantity]:
    return [q for q in found if not _matches(q, values)]


def check_numbers(article: Article, outputs: Outputs) -> tuple[int, list[NumberIssue]]:
    values = source_values(article)
    checked, issues = 0, []
    for where, (lang, text, _) in outputs.items():
        found = find_en(text) if lang == "en" else find_zh(text)
        checked += len(found)
        issues += [NumberIssue(where, q.text, q.value) for q in unmatched(found, values)]
    return checked, issues


def mentions(english: str, name: str) -> bool:
    """``name`` in ``english``, whatever the case, with a possessive or a plural (Xiaomi's, Apples)."""
    pattern = r"(?<![A-Za-z])" + re.escape(name.lower()) + r"(?:'s|’s|s|es)?(?![A-Za-z])"
    return re.search(pattern, english.lower()) is not None


def mentions_place(english: str, name: str) -> bool:
    """A place or organisation: its rendering, its adjective (Europe → European, Catholicism → Catholic) or,
    for a name of several words, its first word (Atlantic Ocean → the Atlantic) or its last, the head of the
    name (US Congress → Congress, Bernard Montgomery → Montgomery)."""
    if mentions(english, name):
        return True
    first, last = name.split()[0], name.split()[-1]
    if " " in name and any(len(w) >= 4 and mentions(english, w) for w in (first, last) if w[:1].isupper()):
        return True
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    if len(initials) >= 2 and re.search(rf"(?<![A-Za-z]){initials}(?![a-z])", english):  # Associated Press: AP
        return True
    stem = first.lower()[:max(4, len(first) - 4)]
    return " " not in name and re.search(rf"(?<![A-Za-z]){re.escape(stem)}[a-z]*", english.lower()) is not None


# A dateline (新华社北京7月26日电) and a byline in brackets: translators write them their own way, or drop them.
_DATELINE = re.compile(r"^[^，。]{0,30}?\d{1,2}月\d{1,2}日(?:电|讯|消息)|[（(][^）)]{0,30}[）)]")


def check_names(glossary: Iterable[Term], outputs: Outputs) -> tuple[int, list[NameIssue]]:
    """Each confirmed glossary name (not a pinyin guess) whose Chinese is in a place's source must be in that
    place's English, as its rendering or one of its aliases."""
    names = {t.zh: t for t in glossary if t.kind == "name" and not t.guess}
    if not names:
        return 0, []
    finder = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    checked, issues = 0, []
    for where, (lang, text, source) in outputs.items():
        if lang != "en" or not text:
            continue
        body = _DATELINE.sub("", source)
        held = {m.group(0) for m in finder.finditer(body)}  # longest first: a name inside one is a part of it
        held |= {h[i:j] for h in held for i in range(len(h)) for j in range(i + 1, len(h) + 1)} & names.keys()
        for term in (names[zh] for zh in sorted(held, key=body.find)):
            checked += 1
            test = mentions if term.source in ("pinyin", "user") else mentions_place
            if not any(test(text, en) for en in (term.en, *term.aliases)):
                issues.append(NameIssue(where, term.zh, term.en))
    return checked, issues


def run_checks(article: Article, outputs: Outputs, is_gloss: bool, glossary: tuple[Term, ...] = (),
               repaired: tuple = ()) -> Checks:
    checked, issues = check_numbers(article, outputs)
    names_checked, name_issues = check_names(glossary, outputs)
    cjk = tuple(where for where, (lang, text, _) in outputs.items() if lang == "en" and has_cjk(text))
    return Checks(checked, tuple(issues), cjk, is_gloss, names_checked, tuple(name_issues), tuple(repaired))
