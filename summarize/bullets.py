"""Key points as short, clean bullets: datelines and leading connectives dropped, cut at clause (else word)
boundaries to at most ``max_chars`` characters."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from summarize.segment import split_clauses

CONNECTIVES = ("此外", "不过", "同时", "但是", "但", "而且", "另外", "因此", "所以", "然而", "其中", "对此", "与此同时",
               "首先", "其次", "最后", "另一方面", "事实上", "实际上", "总之", "总的来说", "当然", "而", "并且", "此前",
               "目前", "如今", "近日", "据悉", "值得一提的是", "值得注意的是", "换句话说", "也就是说", "再者", "接着")
_CONNECTIVE_RE = re.compile(rf"^(?:{'|'.join(sorted(CONNECTIVES, key=len, reverse=True))})[，,：:]?\s*")
_DATELINE_RE = re.compile(r"^[^，。]{0,16}?(?:\d{1,2}月\d{1,2}日)?(?:消息|讯|电|报道)[，,：:]\s*")


def clean(text: str) -> str:
    """Drop a dateline and leading connectives (此外、不过、同时 …) from a key point."""
    text = _DATELINE_RE.sub("", text.strip(), count=1)
    previous = None
    while previous != text:
        previous, text = text, _CONNECTIVE_RE.sub("", text, count=1)
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
    if len(kept) >= max_chars // 3 and len(cut) <= max_chars:
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
_UNBREAKABLE = re.compile(r"[A-Za-z0-9]+(?:[.,:'’/-][A-Za-z0-9]+)*%?")


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # noqa: PLC0415 - only sentences with no clause to cut at need it

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def _words(text: str) -> list[str]:
    return _tokenizer().lcut(text)
