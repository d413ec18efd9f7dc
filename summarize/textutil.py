"""Small text helpers shared by the stages: CJK detection, script normalisation, punctuation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Chinese characters: the basic block, extension A, compatibility ideographs, and extensions B to H (𠀀)
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# what an English field must not hold: Chinese characters, Japanese kana and Korean hangul
CJK = HAN + r"\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")
CJK_RE = re.compile(f"[{CJK}]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character no English text should (Chinese, kana or hangul)."""
    return CJK_RE.search(text) is not None


def cjk_count(text: str) -> int:
    """The Chinese characters of ``text`` (its length as Chinese)."""
    return len(HAN_RE.findall(text))


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ" or ch.isspace()


def content_chars(text: str) -> list[str]:
    """Characters that count as tokens for Chinese ROUGE and similarity: no whitespace, no punctuation.

    Latin letters and digits are grouped into words so that "AI" is one token, like a CJK character.
    """
    return _TOKEN_RE.findall(text.lower())


# A Latin word or number, or any single character that is not whitespace, punctuation or a symbol.
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|[^\sa-z0-9\u0021-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e"
                       r"\u00a0-\u00bf\u2000-\u206f\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
                       r"\ufe30-\ufe4f\u2190-\u2bff]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # noqa: PLC0415 - imported only for Traditional input

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


# Frequent characters that exist only in Traditional script; any real Traditional text has some.
_COMMON_TRADITIONAL = re.compile("[們這個為說會來時國與對經發學過還後從當實現麼開關於將進長機書問體動點幾種電無號處變"
                                 "們讓聽錢業東車軍區應萬億臺灣網際議計設認識術樣條費價買賣報導線場讀寫語員間]")


def detect_traditional(text: str, sample: int = 4000) -> bool:
    """True when a meaningful share of the CJK characters change under Traditional→Simplified."""
    head = "".join(HAN_RUN_RE.findall(text[: sample * 2]))[:sample]
    if len(head) < 4 or not _COMMON_TRADITIONAL.search(head):
        return False  # no common Traditional-only character: skip the (slower) full conversion
    converted = to_simplified(head)
    changed = sum(1 for a, b in zip(head, converted) if a != b)
    return changed >= max(2, len(head) * 0.03)


# invisible characters that split a word for the tokenizers and the gloss (zero-width spaces and joiners, a
# soft hyphen, a byte-order mark inside the text) or reorder what a reader sees (bidirectional controls), and
# control characters other than line breaks and tabs
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        f"\x00-\x08\x0e-\x1f\x7f-\x9f]|(?<=[{HAN}])[\u200c\u200d]|[\u200c\u200d](?=[{HAN}])")
# (zero-width joiners only beside a Chinese character: elsewhere they hold emoji and Persian words together)


def json_lines(text: str) -> list[str]:
    """The records of a JSON Lines text: its lines split at "\\n" only (U+2028, U+0085 or a form feed inside a
    JSON string is text, where ``str.splitlines`` would cut the record in two), blank lines left out."""
    return [line for line in text.split("\n") if line.strip()]


def normalize_space(text: str) -> str:
    """One space for each run of spaces (ideographic and no-break ones too), no invisible characters."""
    text = _INVISIBLE.sub("", text.replace("\u3000", " ").replace("\xa0", " "))
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()
