"""Small text helpers shared by the stages: CJK detection, script normalisation, punctuation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ" or ch.isspace()


def content_chars(text: str) -> list[str]:
    """Characters that count as tokens for Chinese ROUGE and similarity: no whitespace, no punctuation.

    Latin letters and digits are grouped into words so that "AI" is one token, like a CJK character.
    """
    return [t for t in _TOKEN_RE.findall(text.lower()) if not is_punct(t[0])]


_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|[^\sa-z0-9]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # noqa: PLC0415 - imported only for Traditional input

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def detect_traditional(text: str, sample: int = 4000) -> bool:
    """True when a meaningful share of the CJK characters change under Traditional→Simplified."""
    head = "".join(CJK_RUN_RE.findall(text[: sample * 2]))[:sample]
    if len(head) < 4:
        return False
    converted = to_simplified(head)
    changed = sum(1 for a, b in zip(head, converted) if a != b)
    return changed >= max(2, len(head) * 0.03)


def normalize_space(text: str) -> str:
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "")
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()
