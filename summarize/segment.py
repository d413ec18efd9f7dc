"""Sentence segmentation and sentence-aligned chunking.

Chinese sentences end on 。！？；…… (and ! ? ; in full or half width), with any closing quotes or
brackets that follow kept in the sentence. Latin full stops end a sentence only before whitespace and a
capital letter or a CJK character, and never inside numbers (3.5), abbreviations (U.S., Inc.), initials
(Brian X. Chen) or URLs.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

CLOSERS = "”’\"'」』）)】》〉]"
_ZH_END = r"(?:[。！？!?；;]+|…{1,2}|(?<!\.)\.{3,}(?=[^\sA-Za-z0-9]))"
_ZH_BREAK = re.compile(rf"{_ZH_END}[{re.escape(CLOSERS)}]*")
_LATIN_BREAK = re.compile(rf"(?<=[a-z0-9%{re.escape(CLOSERS)}])\.[{re.escape(CLOSERS)}]*(?=\s+[A-Z\u4e00-\u9fff“\"])")
# URLs, e-mail addresses and domain names. Every alternative is linear in the text: an address starts only
# where a run of its characters starts and never backtracks; domain labels are at most 63 characters.
_PROTECT = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.]+"
    r"|\b(?:[A-Za-z0-9-]{1,63}\.){1,8}(?:com|cn|org|net|io|ai|gov|edu)\b"
)
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "no", "fig", "al", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECT.finditer(text)]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping)."""
    k = bisect_right(spans, (pos, math.inf)) - 1
    return k >= 0 and pos < spans[k][1]


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _latin_ok(text: str, start: int) -> bool:
    """A Latin full stop at ``start`` ends a sentence unless it closes an abbreviation or an initial."""
    i = start
    while i > 0 and text[i - 1] in _WORD_CHARS:  # back over the word before the stop (letters and dots)
        i -= 1
    if i == start:
        return True
    token = text[i:start].lower().strip(".")
    return len(token) > 1 and token not in ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences; whitespace-only pieces are dropped, nothing else is lost."""
    text = text.strip()
    if not text:
        return []
    spans = _protected_spans(text)
    cuts = [m.end() for m in _ZH_BREAK.finditer(text) if not _inside(m.start(), spans)]
    cuts += [
        m.end() for m in _LATIN_BREAK.finditer(text) if not _inside(m.start(), spans) and _latin_ok(text, m.start())
    ]
    pieces, last = [], 0
    for cut in sorted(set(cuts)):
        if cut > last:
            pieces.append(text[last:cut])
            last = cut
    pieces.append(text[last:])
    return _merge_fragments([p.strip() for p in pieces if p.strip()])


def _merge_fragments(pieces: list[str]) -> list[str]:
    """Glue stray closing punctuation (e.g. a lone ”) onto the sentence before it."""
    out: list[str] = []
    for piece in pieces:
        if out and all(ch in CLOSERS or ch in "。！？!?；;…" for ch in piece):
            out[-1] += piece
        else:
            out.append(piece)
    return out


# A clause: anything but clause punctuation (an ASCII , : between digits, as in 1,850 or 10:30, is not
# one), then the punctuation that ends it.
_CLAUSE = re.compile(r"(?:[^，,：:；;、]|(?<=\d)[,:](?=\d))+[，,：:；;、]*|[，,：:；;、]+")


def split_clauses(sentence: str) -> list[str]:
    """Split a sentence at clause punctuation (，、：；, ;), keeping the punctuation with each clause; the
    separators inside numbers and times (1,850, 10:30) are not clause boundaries."""
    return [p for p in _CLAUSE.findall(sentence) if p]


def chunk(items: Sequence[str], budget: int, length: Callable[[str], int] = len) -> list[list[int]]:
    """Group consecutive items (sentences) into chunks whose total length stays within ``budget``.

    Returns lists of item indices; an item longer than the budget gets a chunk of its own (the caller
    splits it further, e.g. at clauses), so nothing is dropped and order is kept.
    """
    chunks: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i, item in enumerate(items):
        n = length(item)
        if current and used + n > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(i)
        used += n
    if current:
        chunks.append(current)
    return chunks


def chunk_even(items: Sequence[str], parts: int, length: Callable[[str], int] = len) -> list[list[int]]:
    """Consecutive items in at most ``parts`` chunks of about equal length (parallel sequences then finish
    together): a chunk closes where closing it lands nearer the remaining share than taking one more item."""
    sizes = [length(item) for item in items]
    chunks: list[list[int]] = []
    current: list[int] = []
    used, left, parts_left = 0, sum(sizes), max(1, parts)
    for i, n in enumerate(sizes):
        target = left / parts_left
        if current and parts_left > 1 and abs(used + n - target) > abs(used - target):
            chunks.append(current)
            left, parts_left, current, used = left - used, parts_left - 1, [], 0
        current.append(i)
        used += n
    return chunks + [current] if current else chunks


def fit_to_budget(sentence: str, budget: int, length: Callable[[str], int] = len) -> list[str]:
    """Cut one over-long sentence into pieces at clause boundaries (then hard cuts) that fit ``budget``."""
    if length(sentence) <= budget:
        return [sentence]
    clauses = split_clauses(sentence)
    pieces: list[str] = []
    for group in chunk(clauses, budget, length):
        piece = "".join(clauses[i] for i in group)
        pieces.extend(_hard_cut(piece, budget, length))
    return pieces


def _hard_cut(piece: str, budget: int, length: Callable[[str], int]) -> Iterable[str]:
    """Equal cuts of ``piece``, as many characters each as ``budget`` units hold on average in it."""
    total = length(piece)
    if total <= budget or len(piece) <= 1:
        yield piece
        return
    step = max(1, len(piece) * budget // max(1, total))
    for start in range(0, len(piece), step):
        yield piece[start:start + step]
