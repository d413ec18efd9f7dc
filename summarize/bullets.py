"""Key points as short, clean bullets: datelines and leading connectives dropped, cut at clause (else word)
boundaries to at most ``max_chars`` characters."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from summarize.segment import split_clauses

CONNECTIVES = ("此外", "不过", "同时", "但是", "但", "而且", "另外", "因此", "所以", "然而", "其中", "对此", "与此同时",
               "首先", "其次", "最后", "另一方面", "事实上", "实际上", "总之", "总的来说", "当然", "而", "并且", "此前",
               "目前", "如今", "近日", "日前", "近期", "昨日", "据悉", "还是", "以及", "尤其是", "特别是", "甚至", "更有甚者", "而是", "值得一提的是", "值得注意的是", "换句话说", "也就是说", "再者", "接着")
_CONNECTIVE_RE = re.compile(rf"^(?:{'|'.join(sorted(CONNECTIVES, key=len, reverse=True))})[，,：:]?\s*")
_DATELINE_RE = re.compile(r"^[^，。]{0,16}?(?:\d{1,2}月\d{1,2}日)?(?:消息|讯|电|报道)[，,：:]\s*")
# "如图2所示，" "如下表所示：": a bullet cannot show the reader the figure it points at
_FIGURE_RE = re.compile(r"^(?:(?:如|见|参见)[上下左右]?[图表][^，,：:。]{0,12}?所示|(?:见|参见)[上下左右]?[图表]\s*[0-9]+"
                        r"|[图表]\s*[0-9]+\s*(?:显示|表明)|从[上下]?图中?可以看[出到])[，,：:]\s*")


def clean(text: str) -> str:
    """Drop a dateline and leading connectives (此外、不过、同时 …) from a key point."""
    text = _DATELINE_RE.sub("", text.strip(), count=1)
    previous = None
    while previous != text:
        previous, text = text, _FIGURE_RE.sub("", _CONNECTIVE_RE.sub("", text, count=1), count=1)
    return text


def shorten(text: str, max_chars: int) -> str:
    """At most ``max_chars`` characters: whole clauses from the start and "。" when they keep at least a
    third of it, else whole words (jieba; a Latin word or a number is never split) and "…"."""
    if len(text) <= max_chars:
        return text
    if max_chars < 2:
        return text[:max(0, max_chars)]
    kept = ""
    for clause in split_clauses(text):
        if len(kept) + len(clause) > max_chars:
            break
        kept += clause
    cut = _CLAUSE_END.sub("", kept) + "。"
    if len(kept) >= max_chars // 3 and len(cut) <= max_chars and not _SPEAKS.search(cut[:-1]):
        return cut
    return _whole_words(text, max_chars - 1) + "…"


def _whole_words(text: str, budget: int) -> str:
    """The longest run of whole words from the start within ``budget`` characters (a hard cut only when
    the first word alone is longer)."""
    head = text[: budget + 32]  # enough context for the words around the cut
    ends = set(accumulate(len(w) for w in _words(head)))
    inside = {i for m in _UNBREAKABLE.finditer(head) for i in range(m.start() + 1, m.end())}
    cut = max((i for i in ends if i <= budget and i not in inside), default=0) or budget
    return _CLAUSE_END.sub("", text[:cut].rstrip()).rstrip() or text[:cut]


_CLAUSE_END = re.compile(r"[，,：:；;、]+$")
# a clause that ends by saying who speaks; what is said comes in the next clause
_SPEAKS = re.compile(r"(?:表示|(?<![名号职俗简宣声])称|(?<![小传学解听据游演])说|认为|指出|强调|透露|介绍|坦言|提到|直言|回应|宣布|写道|"
                     r"显示|表明|告诉[^，。]{0,12})$")
_UNBREAKABLE = re.compile(r"[A-Za-z0-9]+(?:[.,:'’/-][A-Za-z0-9]+)*%?")


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # noqa: PLC0415 - only sentences with no clause to cut at need it

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def _words(text: str) -> list[str]:
    return _tokenizer().lcut(text)


# Attributions that say where a point comes from, not what it says: 据…报道，/ 记者从…获悉，/ …报道称，
_ATTRIBUTION_HEAD = re.compile(
    r"^(?:据[^，。；！？]{0,24}?(?:报道|消息|统计|数据|显示|介绍|了解|透露|获悉|悉|称|披露)"
    r"|(?:记者)?[^，。；！？]{0,16}?(?:从|向)[^，。；！？]{1,24}(?:获悉|了解到|得知)"
    r"|[^，。；！？“”]{1,20}报道(?:称|指出|说)?"
    r"|(?:记者|笔者)?(?:了解到|获悉|注意到|发现))[，,：:]\s*")
_ATTRIBUTION_TAIL = re.compile(r"[，,]\s*据[^，。；！？]{1,24}(?:报道|消息|披露)(?=[。！？]?$)")
# A parenthetical: （…） or (…) of at most 40 characters, or 【…】; nested brackets are left alone.
PARENTHETICAL = re.compile(r"\s*(?:（[^（）]{0,40}）|\([^()]{0,40}\)|【[^【】]{0,40}】)")


def tidy(text: str) -> str:
    """A key point without what is not its content: parentheticals, attributions (据…报道、记者从…获悉),
    a dateline and leading connectives."""
    text = PARENTHETICAL.sub("", text.strip()) or text.strip()
    text = _ATTRIBUTION_TAIL.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = clean(_ATTRIBUTION_HEAD.sub("", text, count=1))
    return text or previous


def spans(sentence: str, max_chars: int, most: int = 12) -> list[tuple[int, int, str]]:
    """Every run of whole clauses (from clause ``i`` to before ``j``) of ``sentence``, tidied and ended
    with "。", that fits ``max_chars``; the first ``most`` clauses only. A sentence none of whose clauses
    fits gives one candidate: the sentence cut between words by :func:`shorten`."""
    clauses = split_clauses(sentence)[:most]
    end = "。" if not re.search(r"[！？!?]\W*$", sentence) else ""
    out = []
    for i in range(len(clauses)):
        for j in range(i + 1, len(clauses) + 1):
            text = _CLAUSE_END.sub("", tidy("".join(clauses[i:j]))).rstrip("。.；;")
            if j < len(clauses) and _SPEAKS.search(text):
                continue  # 董事长王鑫鑫表示: who speaks without what is said is no point
            if text and len(text) + len(end) <= max_chars:
                out.append((i, j, text + ("。" if end or j < len(clauses) else "")))
    return out or [(0, len(clauses), shorten(tidy(sentence), max_chars))]


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's character bigrams found in the other: 1.0 when one repeats the other."""
    ga, gb = _bigrams(a), _bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {x + y for x, y in zip(chars, chars[1:])}


SAME_POINT = 0.6  # overlap above which two points say the same thing (unless their numbers differ)
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")


def same_point(a: str, b: str) -> bool:
    """Whether two points say the same thing: most of the shorter's bigrams are in the other, and so are
    its numbers (产品1 and 产品2 are two points)."""
    short, long = sorted((a, b), key=len)
    return overlap(a, b) > SAME_POINT and set(_NUMBERS.findall(short)) <= set(_NUMBERS.findall(long))
