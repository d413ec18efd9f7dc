"""Numbers traced to the source: every number of an output (a sentence's English, the title's, a key point in
either language) to a number that the text it renders states, by value (1850亿美元 is $185 billion, never
$1,850 billion; a year exactly: 今年 in an article of 2021 is 2021, never "2023"), in the source's currency."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from summarize.data import Article, NumberIssue, Term
from summarize.numbers import (
    ZH_CURRENCY,
    Quantity,
    find_en,
    find_zh,
    numeral_range,
    numeral_value,
    range_top,
    same_value,
)

# Relative years, resolved against the article's date.
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "后年": 2}
_YEAR = re.compile(r"(19|20)\d\d")
_YEARLESS_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_YEAR_DATE = re.compile(r"(?:19|20)\d\d年")
# Chinese units a translator converts: 6000亩 is 400 hectares, 1000斤 is 500 kg, 10公里 is 6.2 miles.
CONVERSIONS = {"亩": (1 / 15,), "斤": (0.5,), "公斤": (2.20462,), "公里": (0.621371,), "米": (3.28084,),
               "平方米": (10.7639,), "吨": (1.10231,)}
_UNIT_AFTER = re.compile(r"[多余]?(平方米|公斤|公里|亩|斤|米|吨)")
_GENERATION = re.compile(r"(?<!\d)([05-9]0|[01]0)后")  # 90后: born in the 1990s
_DECADE = re.compile(r"(?<![\d一二三四五六七八九])(\d0|[一二三四五六七八九]{1,2}十)年代")  # 八十年代: 1980s; 五六十年代
_CENTURY = re.compile(r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,3})世纪")  # 十九世纪: the 19th
_HALF = re.compile(r"(?<![一多大过])半(?=[米年天月个小公斤吨亩])")  # 半米: 0.5 metres
CURRENCIES = frozenset(ZH_CURRENCY.values())
# 元 is any dollar where the article is about a land that has one (加拿大新版5元纸币: "$5", 台积电营收7596.9亿元:
# NT$), or written in Traditional script: there, only a figure the source says is yuan (人民币) is held to it.
_DOLLAR_LANDS = re.compile(r"加拿大|澳大利亚|澳洲|新西兰|新加坡|香港|台湾|台积电|台股|澳门|美国|港股|港交所|恒指|恒生")
_SAYS_YUAN = re.compile(r"\s*(?:in\s+)?(?:Chinese\s+)?(?:yuan|RMB|renminbi)\b", re.IGNORECASE)
_NAMED_BEFORE = re.compile(r"(新台币|台币|港币|港元|美元|人民币)[约近超逾]?$")
_NAMED_AFTER = re.compile(r"^(新台币|台币|港币|港元|美元|人民币)")
Outputs = Mapping[str, tuple[str, str, str]]  # place → (language, text, the source text it renders)


def _generation(decade: str) -> int:
    return (1900 if int(decade) >= 50 else 2000) + int(decade)


def article_year(article: Article) -> int | None:
    m = _YEAR.search(str(article.meta.get("date", "")))
    return int(m.group(0)) if m else None


def _decades(numeral: str) -> tuple[float, ...]:
    """八十 → (80,), 五六十 → (50, 60): the decades a 年代 names."""
    if (span := numeral_range(numeral)) is not None:
        return span
    value = numeral_value(numeral)
    return () if value is None else (value,)


def text_values(texts: Iterable[str]) -> set[float]:
    """The numbers Chinese texts state, and the ones a translator may write for them: a range's ends (五六百米:
    500 to 600 metres), a generation's decade (90后: 1990), a decade or a century (八十年代: 1980, 二十世纪: 20),
    半 (0.5), units converted (6000亩: 400 hectares)."""
    texts = list(texts)
    found = [(t, q) for t in texts for q in find_zh(t)]
    values = {q.value for _, q in found}
    values |= {high for _, q in found if (high := range_top(q))}
    values |= {float(_generation(m.group(1))) for t in texts for m in _GENERATION.finditer(t)}
    values |= {float(c + d) for t in texts for m in _DECADE.finditer(t) for d in _decades(m.group(1))
               for c in ((1900, 2000) if d <= 30 else (1900,))}
    values |= {c for t in texts for m in _CENTURY.finditer(t) if (c := numeral_value(m.group(1))) is not None}
    values |= {q.value * 100 for _, q in found if q.unit == "fraction"}  # 三分之二: 66.7%
    values |= {0.5 for t in texts if _HALF.search(t)}
    values |= {round(q.value * f, 1) for t, q in found
               if (m := _UNIT_AFTER.match(t, q.end)) for f in CONVERSIONS[m.group(1)]}
    return values


def source_values(article: Article) -> list[float]:
    """Every number of the source, sorted, with the years its relative dates name. An undated article whose
    dates have no year (7月26日电) lets a translator name the year: any year is then accepted."""
    return _dated(article)[0]


def _dated(article: Article) -> tuple[list[float], int | None, bool]:
    """The source's numbers (see ``source_values``), the article's year, and whether any year is accepted."""
    texts = article.analysis_texts
    joined, year = "".join(texts), article_year(article)
    any_year = not year and bool(_YEARLESS_DATE.search(joined)) and not _YEAR_DATE.search(joined)
    return _values(text_values(texts), joined, year, any_year), year, any_year


def _values(values: set[float], text: str, year: int | None, any_year: bool) -> list[float]:
    """``values`` with the years ``text`` names by relative words, and the article's own (5月10日 or 上半年 in an
    article of 2021 are in 2021); any year when the article names none."""
    if year:
        values |= {float(year + delta) for word, delta in RELATIVE_YEARS.items() if word in text} | {float(year)}
    elif any_year:
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


def check_numbers(article: Article, outputs: Outputs, glossary: tuple[Term, ...] = ()) -> tuple[int, list[NumberIssue]]:
    """Numbers of the outputs that their source does not state. Each field's are traced to the text it renders
    (its sentence, the title, a point's sentences; the whole article where a place names no source), so that a
    figure moved to another sentence is caught, and each in the source's currency (5亿元 is 500 million
    yuan, never "$500 million"). A number inside a glossary rendering of a name the article holds (星海科技 =
    "360 Security") is the name's, not a figure."""
    (everywhere, year, any_year), dollars = _dated(article), dollar_land(article)
    named = [t.en for t in glossary if any(c.isdigit() for c in t.en)]
    checked, issues = 0, []
    for where, (lang, text, source) in outputs.items():
        found = find_en(_without(text, named)) if lang == "en" else find_zh(text)
        own = _values(text_values([source]), source, year, any_year) if source else everywhere
        issues += [NumberIssue(where, q.text, q.value, why) for q in found
                   if (why := _untraced(q, (own, everywhere), text, source, lang, dollars))]
        checked += len(found)
    return checked, issues


def _untraced(q: Quantity, values: tuple[list[float], list[float]], english: str, source: str, lang: str,
              dollars: bool) -> str:
    """Why a number of an output is not its source's ("" when it is); ``values``: its source's, the article's."""
    own, everywhere = values
    if not _matches(q, own):
        if own is not everywhere and _matches(q, everywhere):
            what = "the text it renders" if lang == "en" else "the sentences it cites"
            return f"not in {what} (the article states it elsewhere)"
        return "matches no number of the source"
    if (theirs := currency_clash(q, english, source, dollars)) is not None:
        return f"in another currency than the source's {theirs.text}"
    return ""


def dollar_land(article: Article) -> bool:
    """Whether a bare 元 of ``article`` may be another land's dollar (see ``_DOLLAR_LANDS``)."""
    return article.script == "traditional" or bool(_DOLLAR_LANDS.search("".join(article.analysis_texts)))


def currency_clash(q: Quantity, english: str, source: str, dollars: bool = False) -> Quantity | None:
    """The figure of ``source`` that ``q`` (found in ``english``) writes in another currency: 5亿元 as
    "$500 million"; None when it is written in the source's ("$120 million in Chinese yuan" says yuan), or when
    the source's is a bare 元 and ``dollars`` (the article is about a land with its own dollar)."""
    if q.unit not in CURRENCIES:
        return None
    meant = {q.unit, "JPY"} if "¥" in q.text else {q.unit}  # ¥ is the yen's sign too
    if _SAYS_YUAN.match(english, q.end) or re.search(r"(?:yuan|RMB)$", q.text, re.IGNORECASE):
        meant.add("CNY")
    same = [(s, _unit(s, source)) for s in find_zh(source) if same_value(s.value, q.value)]
    if not same or any(unit not in CURRENCIES or unit in meant for _, unit in same):
        return None
    if dollars and any(unit == "CNY" and "人民币" not in s.text and not _NAMED_BEFORE.search(source[:s.start])
                       for s, unit in same):
        return None  # a bare 元 there may be any dollar
    first = same[0][0]
    end = source.find("元", first.end)  # a range's bottom (5 of 5至10亿元) is named with the whole range
    return replace(first, text=source[first.start:end + 1]) if "元" not in first.text and 0 <= end - first.end <= 8 \
        else first


def _unit(s: Quantity, source: str) -> str:
    """A figure's currency, named before it or after its 元 as well (新台币7596.9亿元, 5亿元港币: not yuan)."""
    if s.unit != "CNY":
        return s.unit
    named = _NAMED_BEFORE.search(source[max(0, s.start - 4):s.start]) or _NAMED_AFTER.match(source[s.end:])
    return ZH_CURRENCY.get(named.group(1), s.unit) if named else s.unit


def _without(text: str, names: list[str]) -> str:
    """``text`` with each of ``names`` blanked out (their digits are theirs, not figures)."""
    for name in names:
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", lambda m: " " * len(m.group(0)), text, flags=re.I)
    return text
