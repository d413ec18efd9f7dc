"""Numbers with their scale and unit, in Chinese and in English, and Chinese numbers rendered in English.

``find_zh("260亿美元")`` → one :class:`Quantity` with value 2.6e10 and unit "USD";
``render_en`` of it gives "$26 billion"; ``find_en("$26 billion")`` gives the same value back, so the
number check can compare outputs with the source by value (1850亿美元 is $185 billion, never $1,850 billion).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
ZH_CURRENCY = {"美元": "USD", "美金": "USD", "元": "CNY", "人民币": "CNY", "块": "CNY", "港元": "HKD", "港币": "HKD",
               "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "韩元": "KRW", "台币": "TWD", "新台币": "TWD"}
EN_CURRENCY = {"USD": "${}", "CNY": "{} yuan", "HKD": "HK${}", "EUR": "€{}", "GBP": "£{}", "JPY": "{} yen",
               "KRW": "{} won", "TWD": "NT${}"}
EN_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")]
EN_WORD_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "k": 10**3,
                 "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千"
# Classifiers and units after which a bare Chinese numeral is a number and not part of a word (一些, 统一).
_CLASSIFIERS = "年月日号天周个位名家款次倍岁人部台辆件项条只张元美块港欧英日韩亿万千百十种座所场届期度分秒小时点组级批轮例架艘枚米厘公吨亩斤克"

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ZH_RE = re.compile(
    rf"(?P<pct>百分之)?(?P<num>{_NUM}|[{_ZH_NUMERAL}]+(?:[万亿]+[{_ZH_NUMERAL}]+)*(?:点[{_ZH_NUMERAL}]+)?)"
    rf"(?P<approx>[多余](?=万|亿|千万|百万))?"  # 9000多万: more than 90 million
    rf"\s*(?P<scale>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百)?"
    rf"\s*(?P<unit>%|％|新台币|美元|美金|人民币|港元|港币|欧元|英镑|日元|韩元|台币|元|块"
    r"|成(?!为|功|立|本|员|长|果|熟|交|都|绩|效|型|品|分|就|年|不|全|人|群|天|批))?"  # 三成 is 30%
)
# Round amounts written with a scale alone: 上万 (10,000 or more), 近千, 破亿; 百 is left out (上百度 is "go to Baidu").
# and 万/亿 alone before a unit or measure word: 万米 (10,000 metres), 亿元级 (100-million-yuan); not after a
# numeral or another scale (千万不要 is "must not"), and 千 is left out (千米 is a kilometre, 千克 a kilogram).
_ROUND_RE = re.compile(r"(?<=[上过破近逾超])(?P<scale>万|千|亿)(?P<unit>美元|元|人民币)?"
                       rf"|(?<![\s\d{_ZH_NUMERAL}万亿数几余多来把.])(?P<bare>万|亿)(?P<bare_unit>美元|元|人民币)?"
                       r"(?(bare_unit)|(?=[米次台吨件辆步]))")  # not 户: 千家万户 is "every household"
# 千万 as an adverb ("by all means"): 千万不要, 千万别, 千万记住; not 千万不等 / 不止 (amounts), nor after 上/超 ….
_ADVERB_AFTER = re.compile(r"不(?!等|止|到|足|少)|别|要|莫|勿|记|注意|小心|当心|留意")
_AMOUNT_BEFORE = set("上过破近逾超到百十几数")
_EN_RE = re.compile(
    rf"(?<![A-Za-z0-9.,/:-])(?<![A-Za-z]-)(?P<cur>US\$|HK\$|NT\$|RMB\s?|\$|€|£|¥)?\s?(?P<num>{_NUM})(?![.,/:]?\d)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn|tn|[kmb])\b)?"  # k/m/b: only after a currency
    r"\s?(?P<pct>%|percent\b|per cent\b)?(?:\s?(?P<yuan>yuan|RMB|dollars?)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str = ""  # "%" or a currency code or ""
    exact_digits: bool = True  # written with Arabic digits
    approx: bool = False  # 9000多万, 十余家: more than the value


def zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral string: 三百二十 → 320, 一点五 → 1.5, 十二 → 12, 两万五千 → 25000,
    一千二百万 → 12000000; None when not a number."""
    if ("万" in text or "亿" in text) and "点" not in text:
        return _big_numeral(text)
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = zh_numeral_value(whole) if whole else 0
        if w is None or not frac or any(c not in DIGITS for c in frac):
            return None
        return w + float("0." + "".join(str(DIGITS[c]) for c in frac))
    if (span := numeral_range(text)) is not None:
        return span[0]
    if all(c in DIGITS for c in text) and len(text) > 1:  # digit by digit, e.g. 二〇二一
        return float("".join(str(DIGITS[c]) for c in text))
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def numeral_range(text: str) -> tuple[float, float] | None:
    """Two neighbouring digits are a range: 四五 → (4, 5), 五六百 → (500, 600), 三四十 → (30, 40); else None."""
    if len(text) < 2 or text[0] not in DIGITS or text[1] not in DIGITS or DIGITS[text[1]] != DIGITS[text[0]] + 1 \
            or DIGITS[text[0]] == 0 or any(c not in SMALL_UNITS for c in text[2:]):
        return None
    low, high = (zh_numeral_value(d + text[2:]) for d in text[:2])
    return None if low is None or high is None else (low, high)


def range_top(q: Quantity) -> float | None:
    """The top of a range: 600 for 五六百米 (whose value is its bottom, 500), 4e7 for 三四千万; else None."""
    m = re.match(f"[{_ZH_NUMERAL}]+", q.text)
    span = numeral_range(m.group(0)) if m else None
    return q.value * span[1] / span[0] if span else None


def _big_numeral(text: str) -> float | None:
    """A numeral with 万/亿 inside, by cn2an (the well-kept converter); None when it is no number."""
    import cn2an  # noqa: PLC0415 - 0.1 s to import: only for numerals that need it

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError):
        return None


def _scale_value(scale: str | None) -> int:
    if not scale:
        return 1
    if scale in BIG_UNITS:
        return BIG_UNITS[scale]
    return int(zh_numeral_value(scale[:-1]) or 1) * BIG_UNITS.get(scale[-1], SMALL_UNITS.get(scale[-1], 1))


def find_zh(text: str) -> list[Quantity]:
    """Every number in Chinese text, with 万/亿 scale, 百分之/%, and currency applied."""
    found = []
    for m in _ZH_RE.finditer(text):
        num, scale, unit = m.group("num"), m.group("scale"), m.group("unit") or ""
        digits = num[0].isdigit()
        if not digits:
            if text[m.start() - 1: m.start()] in ("数", "几") and m.start() > 0:
                continue  # 数千, 几百: vague amounts are words, not numbers
            after = text[m.end(): m.end() + 2]
            if after[:1] in ("余", "多", "几") and after[1:] in _CLASSIFIERS and after[1:]:  # 十余家, 二十多人
                after = after[1:]
            if not (scale or unit or m.group("pct") or (after[:1] and after[:1] in _CLASSIFIERS)
                    or (num[0] in "一二两三四五六七八九" and any(c in num[1:] for c in "万亿"))):  # 两万五千片, not 千万一定
                continue
            if num + (scale or "") == "千万" and not unit and _ADVERB_AFTER.match(text, m.end()) and \
                    text[m.start() - 1: m.start()] not in _AMOUNT_BEFORE:
                continue  # 千万不要, 千万别, 千万记住: "by all means", not ten million
            if ("万" in num or "亿" in num) and scale:
                num, scale = num + scale, None  # 一万二千五 + 百, 两亿三千 + 万: one numeral, read whole
            base = zh_numeral_value(num)
            if base is None:
                continue
        else:
            base = float(num.replace(",", ""))
        value = base * _scale_value(scale) * (10 if unit == "成" else 1)
        unit = "%" if m.group("pct") or unit in ("%", "％", "成") else ZH_CURRENCY.get(unit, "")
        found.append(Quantity(m.start(), m.end(), m.group(0), value, unit, digits, bool(m.group("approx"))))
    for m in _ROUND_RE.finditer(text):
        if not any(q.start <= m.start() < q.end for q in found):  # not inside a number found above (5 万元)
            unit = ZH_CURRENCY.get(m.group("unit") or m.group("bare_unit") or "", "")
            scale = m.group("scale") or m.group("bare")
            found.append(Quantity(m.start(), m.end(), m.group(0), float(_scale_value(scale)), unit, False))
    return _shared_scale(text, _fractions(text, sorted(found, key=lambda q: q.start)))


_FRACTION = re.compile(rf"(?P<den>\d+|[{_ZH_NUMERAL}]+)分之(?P<num>\d+(?:\.\d+)?|[{_ZH_NUMERAL}]+)")
_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|－|~|～|—)\s*")


def _fractions(text: str, found: list[Quantity]) -> list[Quantity]:
    """三分之二 is one number, 2/3 (value 0.667), not 3 and 2; 千分之五 is 0.5%. 百分之 is the percent above."""
    out = list(found)
    for m in _FRACTION.finditer(text):
        den, num = (numeral_value(g) for g in (m.group("den"), m.group("num")))
        if not den or num is None or m.group("den") in ("百", "100"):
            continue
        out = [q for q in out if q.end <= m.start() or q.start >= m.end()]
        if m.group("den") in ("千", "1000"):
            out.append(Quantity(m.start(), m.end(), m.group(0), num / 10, "%", m.group("num")[0].isdigit()))
        else:
            out.append(Quantity(m.start(), m.end(), m.group(0), num / den, "fraction", False))
    return sorted(out, key=lambda q: q.start)


def numeral_value(text: str) -> float | None:
    """A number written in digits or in Chinese numerals: "12" → 12, 十二 → 12."""
    return float(text) if text[0].isdigit() else zh_numeral_value(text)


def _shared_scale(text: str, found: list[Quantity]) -> list[Quantity]:
    """5至10万人 is 50,000 to 100,000 and 3至5千元 3,000 to 5,000 yuan: a range's bottom without a scale or unit
    takes its top's (5 is 5万)."""
    out = list(found)
    for k, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        scale = re.search("万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百", b.text)
        if scale and not re.search("[万亿千百]", a.text) and not a.unit and a.exact_digits == b.exact_digits \
                and _RANGE_JOIN.fullmatch(text, a.end, b.start):
            out[k] = replace(a, value=a.value * _scale_value(scale.group(0)), unit=b.unit)
    return out


def find_en(text: str) -> list[Quantity]:
    """Every number written with digits in English text, with scale words, % and currencies applied."""
    found = []
    for m in _EN_RE.finditer(text):
        value = float(m.group("num").replace(",", ""))
        scale = (m.group("scale") or "").lower()
        cur = (m.group("cur") or "").strip().upper()
        if len(scale) == 1 and not cur:
            scale = ""  # "4k video", "5m tall": units, not amounts
        value *= EN_WORD_SCALE.get(scale, 1)
        unit = "%" if m.group("pct") else {"$": "USD", "US$": "USD", "HK$": "HKD", "NT$": "TWD", "€": "EUR",
                                            "£": "GBP", "¥": "CNY", "RMB": "CNY"}.get(cur, "")
        if not unit and m.group("yuan"):
            unit = "CNY" if m.group("yuan").lower() in ("yuan", "rmb") else "USD"
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())  # the span of the number, no space
        found.append(Quantity(start, start + len(m.group(0).strip()), m.group(0).strip(), value, unit))
    return found


def format_number(value: float) -> str:
    """2.6e10 → '26 billion', 1.7e12 → '1.7 trillion', 37380 → '37,380', 3.5 → '3.5'."""
    for size, word in EN_SCALES:
        if abs(value) >= size:
            scaled = value / size
            if value == int(value) and abs(scaled - round(scaled, 4)) > 1e-9:
                return f"{int(value):,}"  # 12345678 is 12,345,678, not 12.3457 million
            return f"{_trim(scaled)} {word}"
    if value == int(value):
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return _trim(value)


def _trim(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def render_en(q: Quantity) -> str:
    """English rendering of a Chinese quantity: 260亿美元 → $26 billion; 百分之三十 → 30%; 4000亿元 → 400 billion yuan;
    9000多万 → more than 90 million."""
    if q.approx:
        return "more than " + render_en(replace(q, approx=False))
    if (top := range_top(q)) is not None:  # 三四十 → 30 to 40, 一两 → 1 or 2
        low, high = (render_en(replace(q, text="", value=v, exact_digits=False)) for v in (q.value, top))
        unit = EN_CURRENCY.get(q.unit, "{}").split("}")[1]  # " yuan": said once, after the top
        return f"{low.removesuffix(unit) if unit else low} {'or' if top < 10 else 'to'} {high}"
    if q.unit == "fraction" and (m := _FRACTION.fullmatch(q.text)):  # 三分之二 → 2/3
        return "/".join(_trim(numeral_value(m.group(g))) for g in ("num", "den"))
    if q.unit == "%":
        return f"{_trim(q.value)}%"
    if q.unit in EN_CURRENCY:
        return EN_CURRENCY[q.unit].format(format_number(q.value))
    if q.exact_digits and q.value == int(q.value) and q.value < 10000 and "万" not in q.text and "亿" not in q.text:
        return q.text.replace(" ", "") if q.text.isdigit() else str(int(q.value))
    return format_number(q.value)


def same_value(a: float, b: float) -> bool:
    """Equal, allowing the rounding a writer does (26.04 billion written as 26 billion)."""
    if a == b:
        return True
    big = max(abs(a), abs(b))
    return big > 0 and abs(a - b) / big <= 0.005
