"""Checks that make a digest trustworthy: every number in the outputs traced to its source (number_checks; a
year too: 今年 in an article of 2021 is 2021, never "2023"), every glossary name of a place's source present
in its English, and no Chinese left in English output."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from summarize.bounds import check_bounds
from summarize.data import Article, Checks, NameIssue, Term
from summarize.number_checks import Outputs, check_numbers
from summarize.textutil import has_cjk


def fold(text: str) -> str:
    """Accents are spelling, not another name: Ürümqi → Urumqi, São Paulo → Sao Paulo."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def mentions(english: str, name: str) -> bool:
    """``name`` in ``english``, whatever the case, the accents, a hyphen inside a word or a .com, with a
    possessive, a plural or, for a name of 4 letters or more, as a member (Xiaomi's, Apples, Congressman); a
    one-word name of 6 letters or more also spelt with one letter off (Huston for Houston), unless that
    spelling is another name (Shaanxi, Xuzhou)."""
    english, name = fold(english).lower(), _DOMAIN.sub("", fold(name).lower())
    for text, word in ((english, name), (_unhyphened(english), _unhyphened(name))):  # Shenzhen-based; Walmart
        member = "|(?:wo)?m[ae]n|person|people" if len(word) >= 4 else ""
        if re.search(r"(?<![a-z])" + re.escape(word) + rf"(?:'s|’s|s|es{member})?(?![a-z])", text):
            return True
    return len(name) >= 6 and name.isalpha() and any(
        w[0] == name[0] and _one_edit(w, name) and w not in _known_names() for w in re.findall(r"[a-z]+", english))


_DOMAIN = re.compile(r"\.(?:com|cn|net)$")  # JD.com is JD too


def _unhyphened(text: str) -> str:
    """A hyphen inside a word gone: Wal-Mart and Walmart are one spelling."""
    return re.sub(r"(?<=[a-z])[-‐](?=[a-z])", "", text)


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """Every one-word proper name CC-CEDICT and the lexicon render (lower case): a misspelling of one name
    that is another name is no misspelling."""
    from summarize.glossary import _cedict, lexicon  # noqa: PLC0415

    renderings = [*_cedict().values(), *(en for en, _ in lexicon().values())]
    return frozenset(w.lower() for r in renderings for part in re.split(r" or |\|", r)
                     if (w := part.strip()).isalpha() and w[:1].isupper())


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, left out or added."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# Last words that name a kind of thing, not the thing: Beijiang River is not there by "the river".
GENERIC_HEADS = {"river", "lake", "mountain", "mountains", "sea", "island", "islands", "province", "city", "county",
                 "district", "region", "state", "street", "road", "bridge", "company", "group", "bank", "university",
                 "party", "ministry", "department", "bureau", "park", "station", "airport", "port", "hospital"}


def _capitalised(english: str, word: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){re.escape(word)}(?:'s|’s|s)?(?![a-z])", english) is not None


def mentions_place(english: str, name: str) -> bool:
    """A place or organisation: its rendering, its adjective (Europe → European, Rome → Roman, Far East → Far
    Eastern) or, for a name of several words, its first word (Atlantic Ocean → the Atlantic) or its last, the
    head of the name (US Congress → Congress, Bernard Montgomery → Montgomery)."""
    if mentions(english, name):
        return True
    english, name = fold(english), fold(name)
    first, last = name.split()[0], name.split()[-1]
    heads = (first, last) if last.lower() not in GENERIC_HEADS else (first,)
    if " " in name and any(len(w) >= 4 and _capitalised(english, w) for w in heads if w[:1].isupper()):
        return True  # as a name, capitalised: the Atlantic, not "a yellow car" for the Yellow River
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    if len(initials) >= 2 and re.search(rf"(?<![A-Za-z]){initials}(?![a-z])", english):  # Associated Press: AP
        return True
    *lead, word = name.lower().split()
    root = word.rstrip("aeiouy")
    adjective = re.escape(" ".join([*lead, root])) + r"(?:an|ian|ean|ese|ish|ic|ern)(?![a-z])"
    if len(root) >= 3 and re.search(rf"(?<![a-z]){adjective}", english.lower()):
        return True
    stem = first.lower()[:max(4, len(first) - 4)]
    return " " not in name and re.search(rf"(?<![A-Za-z]){re.escape(stem)}[a-z]*", english.lower()) is not None


# A dateline (新华社北京7月26日电), a byline (新华社记者某某) and a bracketed note: translators write them their own
# way, or drop them; so too the site a headline ends with (…-新华网).
_DATELINE = re.compile(r"^[^，。]{0,30}?\d{1,2}月\d{1,2}日(?:电|讯|消息)|[（(][^）)]{0,30}[）)]"
                       r"|^[^，。：:]{0,8}(?:记者|通讯员)[\u4e00-\u9fff、\s]{2,30}$|\s*[-－—_|｜]\s*[^\s，。-]{1,8}(?:网|报|新闻|客户端)\s*$")
# A name ending in one of these is often written as the pinyin of the rest and the English word (沙河 Sha River).
GENERIC = {"河": "River", "江": "River", "湖": "Lake", "山": "Mountain", "岛": "Island", "省": "Province",
           "县": "County", "区": "District"}
_PLACE = re.compile(r"[国省市州县区]$")
# A university or institute named after its place (英国爱丁堡大学, 美国伊利诺伊大学): a translator writes the University
# of Edinburgh, not "the UK's". Only names: not 美国顶尖大学, 美国多数大学, 美国将限制留学生进入大学, 美国国家科学院.
_KIND_OF_SCHOOL = r"(?:大学|学院|研究院|研究所)"
_INSTITUTION = re.compile(r"[\u4e00-\u9fff·\-]{1,8}?" + _KIND_OF_SCHOOL)
_NAME_TAGS = {"ns", "nz", "nr", "nrt", "nrfg", "nt"}
_FEATURE = re.compile(r"\b(?:River|Lake|Mountain|Sea|Island)\b")


def pinyin_spellings(term: Term) -> tuple[str, ...]:
    """The pinyin ways to write a dictionary name, as they are (never by a head word): its syllables apart
    (Wen Hui Bao) and the name of a river, lake or hill as the pinyin of the rest and the English word (沙河
    Sha River)."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    if term.source not in ("cedict", "pinyin"):
        return ()
    syllables = [s.capitalize() for s in lazy_pinyin(term.zh, v_to_u=True)]
    out = [" ".join(syllables), "-".join(syllables)]
    if term.zh[-1] in GENERIC and len(term.zh) >= 2:
        out.append("".join(syllables[:-1]).capitalize() + " " + GENERIC[term.zh[-1]])
    return tuple(out)


def optional_here(term: Term, body: str, held: set[str]) -> bool:
    """A name a translator may leave out, or that is not the name here, at every place it occurs: a place
    before the place inside it (安徽省合肥市, 法国南特: Hefei, Nantes) or a university named there (英国爱丁堡大学:
    the University of Edinburgh); a dictionary name inside a longer
    transliteration (苏尔 in 苏尔约诺, 纳什 in 莫纳什); a river or lake of the dictionary that is a province or city
    here (北江省 is Bac Giang, not the Beijiang River)."""
    from summarize.glossary import TRANSLITERATION, lexicon  # noqa: PLC0415

    spots = [m.start() for m in re.finditer(re.escape(term.zh), body)]
    if not spots:
        return False
    # 安徽省合肥市, 法国南特, 波兰司法部长: a place before what is inside it may go; a person never (雷军小米)
    place = _PLACE.search(term.zh) or term.source == "cedict" or lexicon().get(term.zh, ("", ""))[1] == "place"

    def optional(i: int) -> bool:
        end, before, after = i + len(term.zh), body[i - 1:i], body[i + len(term.zh):i + len(term.zh) + 1]
        if place and (any(body.startswith(other, end) for other in held if other != term.zh)
                      or _named_institution(body, end)):
            return True
        if term.source != "cedict":
            return False
        inside = (before in TRANSLITERATION and term.zh[0] in TRANSLITERATION) or \
                 (after in TRANSLITERATION and term.zh[-1] in TRANSLITERATION)
        other_sense = after != "" and after in "省市县州" and bool(_FEATURE.search(" ".join((term.en, *term.aliases))))
        return bool(after or before) and (inside or other_sense)
    return all(optional(i) for i in spots)


def _named_institution(body: str, at: int) -> bool:
    """A university or institute whose name, from ``at``, is a place's or a person's name (see _INSTITUTION)."""
    from summarize.glossary import tagged  # noqa: PLC0415

    m = _INSTITUTION.match(body, at)
    if not m:
        return False
    words = tagged(m.group(0))
    head = [(w, f) for w, f in words if not re.search(_KIND_OF_SCHOOL + "$", w)]
    named = [w for w, f in head if f in _NAME_TAGS or (f == "x" and re.fullmatch(r"[\u4e00-\u9fff·]+", w))]
    return (bool(head) and len(named) == len(head)) or (not head and words[0][1] in ("nt", "nz"))


def check_names(glossary: Iterable[Term], outputs: Outputs) -> tuple[int, list[NameIssue]]:
    """Each confirmed glossary name (not a pinyin guess) whose Chinese is in a place's source must be in that
    place's English, as its rendering or one of its aliases, unless the place lets a translator leave it out."""
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
            if optional_here(term, body, held):
                continue
            checked += 1
            test = mentions if term.source in ("pinyin", "user") else mentions_place
            if not any(test(text, en) for en in (term.en, *term.aliases)) and \
                    not any(mentions(text, en) for en in pinyin_spellings(term)):
                issues.append(NameIssue(where, term.zh, term.en))
    return checked, issues


def run_checks(article: Article, outputs: Outputs, is_gloss: bool, glossary: tuple[Term, ...] = (),
               repaired: tuple = ()) -> Checks:
    checked, issues = check_numbers(article, outputs, glossary)
    names_checked, name_issues = check_names(glossary, outputs)
    cjk = tuple(where for where, (lang, text, _) in outputs.items() if lang == "en" and has_cjk(text))
    bounds_checked, bound_issues = check_bounds(outputs)
    return Checks(checked, tuple(issues), cjk, is_gloss, names_checked, tuple(name_issues), tuple(repaired),
                  bounds_checked, tuple(bound_issues))
