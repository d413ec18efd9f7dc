"""Key points as short, clean bullets: datelines and leading connectives dropped, cut at clause boundaries."""

from __future__ import annotations

import re

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
    """Keep whole clauses from the start up to ``max_chars``; a sentence that cannot be cut stays whole."""
    if len(text) <= max_chars:
        return text
    kept = ""
    for clause in split_clauses(text):
        if len(kept) + len(clause) > max_chars:
            break
        kept += clause
    if len(kept) < max_chars // 3:
        return text
    return re.sub(r"[，,：:；;、]+$", "", kept) + "。"
