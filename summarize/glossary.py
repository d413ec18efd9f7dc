"""The article glossary: every name and term of an article with its one English rendering, built before any
English is written, so that 雷军 is Lei Jun everywhere (never "thunder army" or "Li Yuan").

Sources, first wins: a user glossary (``--glossary``, a card's ``glossary`` option, the web page), the shipped
entity lexicon (``summarize/lexicon/entities.tsv``: people known in English by another name, foreigners written
in Chinese, companies and brands), the article's own renderings (思科(Cisco)), CC-CEDICT proper nouns, and
for Chinese person names with no known English, Hanyu Pinyin (surname + given name), marked as a guess.
Transliterated foreign names (jieba ``nrt``/``nrfg``) never get pinyin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

from summarize.data import Article, Term

LEXICON = "lexicon/entities.tsv"
# Surnames read differently from their common reading, and two-character surnames.
SURNAME_READINGS = {"单": "Shan", "曾": "Zeng", "仇": "Qiu", "解": "Xie", "朴": "Piao", "区": "Ou", "查": "Zha",
                    "乐": "Yue", "种": "Chong", "覃": "Qin", "翟": "Zhai", "缪": "Miao", "盖": "Ge", "秘": "Bi",
                    "员": "Yun", "燕": "Yan", "尉迟": "Yuchi", "万俟": "Moqi"}
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "万俟")
_RENDERED = re.compile(r"([\u4e00-\u9fff·]{2,16})\s*[（(]\s*([A-Z][A-Za-z0-9 .&'’\-]{0,48}[A-Za-z0-9.])\s*[)）]")
# Characters of foreign names written in Chinese (斯蒂芬妮·阮, 莫西·马林斯派克): a word before a "·" made of these
# belongs to the name, a title before it (董事总经理) does not.
TRANSLITERATION = set("阿埃艾安奥巴贝本比彼波伯布查达戴黛德迪蒂丁杜多恩尔法菲费芬弗福盖甘戈格贡哈海汉赫亨胡华霍基吉加杰"
                      "金卡凯坎康柯科克肯库拉莱赖兰劳勒雷里丽利莉连林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密莫姆穆纳娜内"
                      "尼妮纽诺帕潘佩彭皮普奇乔切琼丘萨塞桑森瑟沙尚什史斯苏索塔泰坦汤唐特提汀图托瓦威韦维温沃乌西希"
                      "谢辛休雅亚扬杨耶伊因尤约詹朱卓兹佐茨奎肖阮")
_HEAD = re.compile(r"\s+(?:in|of|on|province|city|county|prefecture|prefecture-level|suburban|district|autonomous|"
                   r"municipality|region|river|lake|town|township|village|news agency)\b", re.IGNORECASE)
_PERSON = ("nr", "nrt", "nrfg")  # jieba's tags for a person's name (Chinese, transliterated, foreign)
_NOT_IN_NAME = {"p", "c", "u", "uj", "ul", "d", "r", "m", "q", "x", "f", "v", "ad", "y", "e", "zg"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    """The shipped lexicon: zh → (en, kind)."""
    text = resources.files("summarize").joinpath(LEXICON).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: (row[1], row[2] if len(row) > 2 else "name") for row in rows if len(row) >= 2}


def _lexicon_term(word: str) -> Term:
    """A lexicon entry; ``en`` may list aliases after the rendering: ``United States|US|U.S.``."""
    en, kind = lexicon()[word]
    first, *aliases = en.split("|")
    return Term(word, first, "lexicon", kind="term" if kind == "term" else "name", aliases=tuple(aliases))


def lexicon_version() -> str:
    head = resources.files("summarize").joinpath(LEXICON).read_text(encoding="utf-8").splitlines()[0]
    m = re.search(r"version (\S+?):", head)
    return m.group(1) if m else "unknown"


def build(article: Article, user: Mapping[str, str] | None = None) -> tuple[Term, ...]:
    """The glossary of one article: each name or term that occurs in it, once, with one rendering."""
    return build_from_text("\n".join(article.analysis_texts), user)


def build_from_text(text: str, user: Mapping[str, str] | None = None) -> tuple[Term, ...]:
    """The glossary of a text (an article's title and sentences, or sentences to translate)."""
    found: dict[str, Term] = {}
    for zh, en in (user or {}).items():
        if zh and zh in text:
            found[zh] = Term(zh, en, "user")
    for zh, en in _rendered(text):
        found.setdefault(zh, Term(zh, en, "article", aliases=_cedict_renderings(zh, en)))
    inside = {t[i:j] for t in found for i in range(len(t)) for j in range(i + 1, len(t) + 1)}
    tagged = _joined_names(_tagged(text))
    for k, (word, flag) in enumerate(tagged):
        if word not in inside:  # 马林斯 inside 莫西·马林斯派克: part of a name already found
            term = _term(word, flag)
            if term is not None and not _foreign_part(term, tagged[max(0, k - 1):k], tagged[k + 1:k + 2]) \
                    and not _count_word(term, tagged[max(0, k - 1):k]):
                found[word] = term
                inside |= {word[i:j] for i in range(len(word)) for j in range(i + 1, len(word) + 1)}
    first = {zh: text.find(zh) for zh in found}
    return tuple(sorted(found.values(), key=lambda t: first[t.zh]))


def _term(word: str, flag: str) -> Term | None:
    if word in lexicon():
        return _lexicon_term(word)
    if flag not in ("nr", "nrt", "nrfg", "ns", "nt", "nz") or len(word) < 2:
        return None
    english = _cedict_proper(word)
    if english:
        parts = english.split(" or ")  # "Ürümqi or Urumqi": one rendering, the others aliases (all names)
        first, *others = parts if all(p[:1].isupper() for p in parts) else parts[:1]
        head = _HEAD.split(first)[0].strip()  # "Sichuan province in southwest China" → Sichuan
        aliases = dict.fromkeys([first, *others, _pinyin_word(word)])
        return Term(word, head, "cedict", aliases=tuple(a for a in aliases if a != head))
    if flag == "nr" and is_person_name(word) and word not in _cedict():  # 顾客 is a word, not a name
        return Term(word, pinyin_name(word), "pinyin", guess=True)
    return None


def _count_word(term: Term, before: list[tuple[str, str]]) -> bool:
    """A guessed name that is the 余/多 of a count (2300余人: "more than 2,300 people", not Yu Ren)."""
    return term.source == "pinyin" and term.zh[0] in "余多来几" and bool(before) and \
        before[0][0][-1:] in "0123456789零〇一二两三四五六七八九十百千万亿"


def _rendered(text: str) -> Iterable[tuple[str, str]]:
    """The article's own renderings: 思科(Cisco), 电视购物（Home Shopping Network）: the name before the brackets
    is the run of name-like words that ends there."""
    for m in _RENDERED.finditer(text):
        words = list(_tagged(m.group(1)))
        kept, dotted = "", ""  # dotted: what the name holds before its "·"
        for word, flag in reversed(words):
            if dotted and not _given_name(word, flag, first=dotted == "·"):
                break  # 董事总经理肖恩·杨, 生活黑客蒂姆·费里斯: a title before a foreign name is not part of it
            unknown = flag == "x" and _cjk(word)  # a word jieba's dictionary lacks: likely part of the name
            spelled = set(word) <= TRANSLITERATION and flag in ("v", "x", "zg") and kept and \
                set(kept.replace("·", "")) <= TRANSLITERATION  # 费 (a verb to jieba) + 里斯: one name
            if (flag in _NOT_IN_NAME and not unknown and not spelled and word != "·") or len(kept) + len(word) > 10:
                break
            kept = word + kept
            dotted = word + dotted if dotted or word == "·" else ""
        kept = kept.strip("·")
        if len(kept) >= 2:
            yield kept, m.group(2)


def _foreign_part(term: Term, before: list[tuple[str, str]], after: list[tuple[str, str]]) -> bool:
    """A dictionary name or a "Chinese name" that is part of a foreign name written in Chinese: 瑞安 of 瑞安·霍利迪
    (Ryan Holiday) is no Rui'an; 查塔 of 查塔努加 (Chattanooga), spelled in transliteration characters before a
    word jieba does not know, is no Zha Ta."""
    if term.source not in ("cedict", "pinyin"):
        return False
    if any(word == "·" for word, _ in before + after):
        return True
    return term.guess and set(term.zh) <= TRANSLITERATION and bool(after) and after[0][1] == "x" and _cjk(after[0][0])


def _given_name(word: str, flag: str, first: bool) -> bool:
    """A word before a foreign name's "·" that belongs to it: the first one if a name or a word jieba lacks
    (伊丽莎白, 埃隆); more only if spelled in transliteration characters and not a function word or another
    name (斯蒂芬 + 妮; not 特斯拉 in 特斯拉埃隆·马斯克, not 里 in 公司里安娜·卡特), or a one-character name (夏巴兹)."""
    if first:
        return flag in _PERSON or (flag == "x" and _cjk(word)) or set(word) <= TRANSLITERATION
    if len(word) == 1 and flag in _PERSON:
        return True
    return set(word) <= TRANSLITERATION and flag not in _NOT_IN_NAME | {"ns", "nt", "nz"}


_NEVER_ENDS_NAME = "们称说等"  # a plural or a speech verb that jieba's HMM glued to the word before it
# Verbs that take 于 ("in, at, on, from") after them: 于 there is no surname (感谢于军 keeps Yu Jun).
_BEFORE_YU = {"专注", "致力", "成立", "创立", "创办", "毕业", "出生", "聚焦", "应用", "来自", "落户", "立足", "得益", "取决", "归功", "有助",
              "有利", "着眼", "受益", "服务", "作用", "适用", "隶属", "相当", "等同", "类似", "不同", "仅次", "发布", "上线", "诞生", "始建",
              "建", "位居", "集中", "专精", "扎根", "深耕", "用"}


def _tagged(text: str) -> list[tuple[str, str]]:
    """Words and their part of speech: jieba's segmentation (its HMM finds words its dictionary lacks, such as
    张小帆) with each known word's tag from jieba's table; a new word shaped like a Chinese name is a name.
    (jieba.posseg's own HMM tagger would take 5× the time of the whole digest.)"""
    tagger = _posseg()
    tags, user = tagger.word_tag_tab, tagger.tokenizer.user_word_tag_tab
    out = []
    for word in tagger.tokenizer.cut(text, HMM=True):
        flag = user.get(word) or tags.get(word)
        if not flag and is_person_name(word) and word[-1] in _NEVER_ENDS_NAME:  # 高管们, 黄周称: no names
            head, tail = word[:-1], word[-1]
            out += [(head, "nr" if tail != "们" and is_person_name(head) else tags.get(head, "x")), (tail, "x")]
            continue
        if not flag and len(word) == 2 and word[0] == "于" and out and out[-1][0] in _BEFORE_YU:
            out += [("于", "p"), (word[1], "x")]  # 专注于车规级: after such a verb 于 is "in", not the surname Yu
            continue
        out.append((word, flag or ("nr" if is_person_name(word) else "x")))
    return out


def _joined_names(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A name jieba cut in two (王 + 小川, 欧阳明 + 宇, 周 + 鸿 + 祎) joined again: a surname tagged as a name,
    then short name pieces, up to 3 characters (4 after a two-character surname)."""
    out, i = [], 0
    while i < len(tagged):
        word, flag = tagged[i]
        limit = 4 if word[:2] in COMPOUND_SURNAMES else 3
        j, name = i + 1, word
        if flag == "nr" and _cjk(word) and _surname(word):
            while (j < len(tagged) and len(name) + len(tagged[j][0]) <= limit and len(tagged[j][0]) <= 2
                   and tagged[j][1] in ("nr", "yg", "ng", "nz") and _cjk(tagged[j][0])):
                name, j = name + tagged[j][0], j + 1
        out.append((name, "nr") if j > i + 1 else (word, flag))
        i = j
    return out


def _cjk(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


@lru_cache(maxsize=1)
def _posseg():
    """jieba's part-of-speech tokenizer, with the lexicon's entries as words (so 美的 in 完美的 is no brand)."""
    import logging  # noqa: PLC0415

    import jieba  # noqa: PLC0415
    import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    for zh in lexicon():
        tokenizer.tokenizer.add_word(zh, 2000, "nz")
    return tokenizer


def tagged(text: str) -> list[tuple[str, str]]:
    """``text`` cut into words with their part of speech, as the glossary reads it."""
    return _tagged(text)


def words(text: str) -> list[str]:
    """``text`` cut into words by the glossary's tokenizer (jieba, quiet, with the lexicon's entries)."""
    return list(_posseg().tokenizer.cut(text, HMM=True))


# Surnames after the hundred most common (康泽宇, 邢利斌, 聂云鹏): with a two-character given name only, and
# not one ending like a place, a brand or a clause (岳麓山, 屈臣氏, 祝你们) or spelling a foreign name (鲍尔默,
# 焦布洛). On the 24,429 texts of shared/data they add 72 names, 3 of them wrong (eval/results/surnames.txt).
LESS_COMMON_SURNAMES = set("康邢乔庞樊殷倪翟俞鲁葛伍聂焦柳岳祝涂祁耿牟詹靳甄裴屈鲍霍翁隋柏柯阮闵柴冉辜饶刁瞿戚滕苑"
                           "邬臧畅褚娄奚穆邸冀姬屠郜晏栾郁喻窦敖鄢巩仲虞卞冼佟栗匡鞠谌岑胥蔺")
_NOT_GIVEN_END = set("区山乡县村旗镇市省州湖河江路街岛港湾氏案刀记们饰是用家业因则在会党仟佰拾万亿元版型率犬语信夜")
_FOREIGN_ONLY = set("尔斯特默布洛兹茨姆普格夫兰素比")


def _surname(word: str) -> str:
    """The common (or compound) surname ``word`` starts with, or ""; a less common one only before a
    two-character given name that reads like one."""
    from summarize.backends.gloss import COMMON_SURNAMES  # noqa: PLC0415

    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    if word[:1] in COMMON_SURNAMES or word[:1] in SURNAME_READINGS:
        return word[:1]
    given = word[1:]
    plain = len(given) == 2 and given[-1] not in _NOT_GIVEN_END and not set(given) & _FOREIGN_ONLY
    return word[:1] if word[:1] in LESS_COMMON_SURNAMES and plain and not _is_word(word[:2]) else ""


def _is_word(text: str) -> bool:
    """A word of jieba's dictionary (仲裁 in 仲裁庭, 祝福 in 祝福语: no surname and given name)."""
    return bool(_posseg().tokenizer.FREQ.get(text))


def is_person_name(word: str) -> bool:
    """Two to four Chinese characters led by a common (or compound) surname."""
    surname = _surname(word) if 2 <= len(word) <= 4 and _cjk(word) else ""
    return bool(surname) and len(word) > len(surname)


def pinyin_name(name: str) -> str:
    """Standard Hanyu Pinyin, surname then given name, each capitalised and joined: 张一鸣 → Zhang Yiming,
    单田芳 → Shan Tianfang, 欧阳娜娜 → Ouyang Nana."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    family = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, v_to_u=True)).capitalize()
    given = "".join(lazy_pinyin(name[len(surname):], v_to_u=True)).capitalize()
    return f"{family} {given}"


@lru_cache(maxsize=1)
def _cedict() -> dict[str, str]:
    from summarize.backends.cedict import load_dictionary  # noqa: PLC0415

    return load_dictionary().glosses


def _cedict_proper(word: str) -> str:
    """A CC-CEDICT rendering that is a proper noun (capitalised), else ""."""
    english = _cedict().get(word, "").split(" aka ")[0]
    if len(word) == 2 and "-" in english:  # 中美 China-USA: two names, not one
        return ""
    first = english.split(" or ")[0]  # "Stephen or Steven": the first rendering decides
    return english if first[:1].isupper() and not first.isupper() and len(first) <= 40 else ""


def _cedict_renderings(word: str, english: str) -> tuple[str, ...]:
    """Where the article renders a word as an acronym, CC-CEDICT's words that spell it: 人工智能（AI） is also
    "artificial intelligence" and 中国银行（BOC） "Bank of China" to a reader (小米 is never "millet")."""
    if not re.fullmatch(r"[A-Z]{2,6}", english):
        return ()
    gloss = _cedict().get(word, "").split(" aka ")[0]
    return tuple(g for g in (part.strip() for part in gloss.split(" or ")) if english.lower() in _initials(g))


def _initials(words: str) -> set[str]:
    """The acronyms a phrase may have: Bank of China is BOC, Ministry of Foreign Affairs MFA."""
    found = re.findall(r"[A-Za-z]+", words.lower())
    return {"".join(w[0] for w in found), "".join(w[0] for w in found if w not in ("of", "and", "the", "for"))}


def _pinyin_word(word: str) -> str:
    """A place or organisation as pinyin in one word: 松山 → Songshan (how English often writes it)."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    return "".join(lazy_pinyin(word, v_to_u=True)).capitalize()
