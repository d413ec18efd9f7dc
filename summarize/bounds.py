"""Does the English keep a number's bound? 超过3500万 is "more than 35 million", 不足30% is "less than 30%": a
translation that writes "35 million" or "30%" states a figure the source does not, though the numbers check
finds the number itself in the source.

For each number of a source text with a bound word before it (超过/逾/至少 …, 不足/低于/最多 …) or after it
(以上, 以下/以内), the same number in its English must have a bound of the same side near it ("more than",
"over", "at least", "or more"; "less than", "under", "up to" …) or an approximation ("about", "nearly"). A
bound of the other side, or none, is an issue. 30多名 and 2300余人 ("30-odd", "more than 2,300") are soft:
human translators often write the bare figure, so only a bound turned round is an issue there. A number the
English does not write is left to the numbers and names checks; a year is never bounded (超2019年同期 compares).

The translator's input gets each bounded number in English with its bound (:func:`bound_spans`, used by
``protect_numbers`` and the gloss), so that a model copies "more than 35 million" instead of dropping it.
Measured on human references and model outputs: eval/results/checks-precision*.txt, eval/results/wmt21-zhen-server-sentences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from summarize.data import BoundIssue
from summarize.numbers import Quantity, find_en, find_zh, range_top, render_en, same_value

# each bound word: its side and its English (超过3500万 → "more than 35 million"); before the number, or after it
_BEFORE_WORDS = {
    **{w: ("more", "more than") for w in ("超过", "超出", "多于", "大于")},
    **{w: ("more", "over") for w in ("逾", "超")}, "高于": ("more", "above"),
    **{w: ("more", "at least") for w in ("至少", "不低于", "不少于", "不小于")},
    **{w: ("less", "less than") for w in ("不足", "不到", "小于")}, "少于": ("less", "fewer than"),
    "低于": ("less", "below"), "未满": ("less", "under"), "不高于": ("less", "no higher than"),
    **{w: ("less", "no more than") for w in ("不超过", "不得超过", "未超过", "没有超过", "不超", "不大于", "不多于")},
    **{w: ("less", "at most") for w in ("最多", "至多")},
}
_AFTER_WORDS = {**{w: ("more", "more than") for w in ("以上", "多", "余")}, "以下": ("less", "less than"),
                "以内": ("less", "up to")}
_WORDS = _BEFORE_WORDS | _AFTER_WORDS
# the longest bound word ending right before a number (不超过 before 超过: a search finds the leftmost)
_BEFORE = re.compile("(?:" + "|".join(sorted(_BEFORE_WORDS, key=len, reverse=True)) + ")$")
_AFTER = re.compile("以上(?![述海])|以下(?![简称列述面属])|以内(?!蒙)|多(?!少)|余(?![额下地生震款数量温])")  # not 13多少钱, 100元余额
# a bound after a measure word: 60岁以上, 3000人以上, 10公里以内; 多 only after a time (3年多, 3个多月, not 两人多次)
_MEASURE = ("人|岁|家|个|名|位|年|天|周|小时|分钟|秒|次|倍|件|台|辆|款|项|种|座|所|只|条|部|套|张|份|户|间|架|艘|"
            "公里|千米|米|吨|公斤|千克|克|平方米|亩|GB|TB")
_AFTER_MEASURE = re.compile(f"(?:{_MEASURE})(?=以上(?![述海])|以下(?![简称列述面属])|以内(?!蒙))"
                            "|(?:个|年|天|周|小时)(?=多(?:[个月天年周小时来前后的里，。、；]|$))")  # not 3天多云
_DATE_AFTER = re.compile("[月日号]")  # 超过3月份, 高于6月的水平: a date is compared, not bounded
_SOFT = ("多", "余")  # 30多名, 2300余人: "30-odd"; translators often write the bare figure, and the check lets them
_NO_MORE = r"no more than|not more than|not exceed\w*|no higher than|no greater than|not above|not over"
_NO_LESS = r"no less than|not less than|no fewer than|not fewer than|not below|not under|no lower than"
_MORE = (r"more than|over|above|exceed\w*|surpass\w*|at least|a minimum of|upwards of|in excess of|greater than|"
         r"higher than|older than|longer than|north of|topp\w*|beyond")
_LESS = (r"less than|fewer than|under|below|at most|a maximum of|up to|short of|shy of|not even|within|lower than|"
         r"younger than|shorter than")
_NEAR = r"\s+(?:the age of\s+|\S+\s+)?$"  # the bound word, then the number or one word before it
_EN_BEFORE = [(side, re.compile(rf"\b(?:{words}){_NEAR}", re.I))  # negated phrases first: "no more than" is less
              for side, words in (("less", _NO_MORE), ("more", _NO_LESS), ("more", _MORE), ("less", _LESS))]
_ABOUT = re.compile(rf"\b(?:about|around|approximately|roughly|nearly|almost|some|close to|an estimated|estimated){_NEAR}",
                    re.I)
_EN_AFTER = {
    "more": re.compile(r"^(?:s\b|\+|-odd|-plus|\s*odd\b|\s*plus\b|\s*(?:\S+\s+)?(?:or|and) (?:more|above|over|higher|greater|older|longer)\b)",
                       re.I),
    "less": re.compile(r"^\s*(?:\S+\s+)?(?:or|and) (?:less|fewer|below|under|lower|younger)\b", re.I),
}
SIDES = {"more": "more than", "less": "less than"}


class Bound(NamedTuple):
    quantity: Quantity
    word: str  # the bound word (超过, 多, …); "" for a number that bounds itself (9000多万)
    start: int  # the number with its bound word: text[start:end] is 超过3500万, 30多, 60岁以上
    end: int
    measure: str = ""  # the measure word between the number and a bound word after it (岁 in 60岁以上)

    @property
    def side(self) -> str:
        return _WORDS[self.word][0] if self.word else "more"

    @property
    def soft(self) -> bool:
        """30多名, 2300余人, 9000多万 ("30-odd"): translators often write the bare figure."""
        return self.word in _SOFT or self.quantity.approx


def zh_bounds(text: str) -> list[Bound]:
    """The numbers of a Chinese text that carry a bound."""
    out = []
    for q in find_zh(text):
        if _DATE_AFTER.match(text, q.end) or range_top(q) or (
                text.startswith("年", q.end) and 1900 <= q.value <= 2100):  # 超2019年同期 compares with a year
            continue  # a date or a year is compared, not bounded; a range (五六百) keeps its own words
        m, n = _BEFORE.search(text, max(0, q.start - 4), q.start), _AFTER.match(text, q.end)
        measure = "" if m or n else (k.group(0) if (k := _AFTER_MEASURE.match(text, q.end)) else "")
        n = n or (_AFTER.match(text, q.end + len(measure)) if measure else None)
        if m or n or q.approx:
            out.append(Bound(q, (m or n).group(0) if m or n else "", m.start() if m else q.start,
                             n.end() if n else q.end, measure))
    return out


def bound_spans(text: str) -> list[tuple[int, int, str]]:
    """Each bounded number of a Chinese text with its bound word, as (start, end, English): 超过3500万 → "more
    than 35 million", 8000余 → "more than 8,000" (for a translator's input and the gloss). After a measure word
    the number is one span and the bound word another, with no English: 60岁以上 → "more than 60", 岁, ""."""
    out = []
    for b in zh_bounds(text):
        figure = render_en(replace(b.quantity, approx=False))
        figure = f"{int(figure):,}" if figure.isdigit() and int(figure) >= 1000 else figure  # not 8000 for 8 万
        english = f"{_WORDS[b.word][1] if b.word else SIDES[b.side]} {figure}"
        if b.measure:
            out += [(b.start, b.quantity.end, english), (b.quantity.end + len(b.measure), b.end, "")]
        else:
            out.append((b.start, b.end, english))
    return out


def en_side(text: str, q: Quantity) -> str:
    """The bound an English number carries: "more", "less", "about" or "" (none)."""
    before, after = text[max(0, q.start - 40):q.start], text[q.end:q.end + 24]
    for side, pattern in _EN_BEFORE:
        if pattern.search(before):
            return side
    for side, pattern in _EN_AFTER.items():
        if pattern.match(after):
            return side
    return "about" if _ABOUT.search(before) else ""


def check_bounds(outputs: Mapping[str, tuple[str, str, str]]) -> tuple[int, list[BoundIssue]]:
    """Bounded numbers checked in the English fields (against the source each renders), and those whose
    English drops the bound or turns it round."""
    checked, issues = 0, []
    for where, (lang, text, source) in outputs.items():
        if lang != "en" or not source:
            continue
        english = find_en(text)
        for b in zh_bounds(source):
            same = [e for e in english if same_value(e.value, b.quantity.value)]
            if not same:
                continue
            checked += 1
            allowed = (b.side, "about", "") if b.soft else (b.side, "about")  # a soft bound only turned round
            if all(en_side(text, e) not in allowed for e in same):  # is wrong
                issues.append(BoundIssue(where, source[b.start:b.end], same[0].text, SIDES[b.side]))
    return checked, issues
