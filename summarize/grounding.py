"""Is a key point supported by its source sentences? A check without a model, against the sources' text:

1. numbers: every number of the point equals (by value: 1850亿 is 1.85e11) a number of the sources;
2. names: every name (jieba's person/place/organisation/other-proper tags, Latin words, 《titles》) is in them;
3. words: every content word of the point is in them;
4. relations: within each clause of the point, consecutive content words stand together in the sources:
   in order in one clause with at most ``GAP`` content words between them, or the first in one clause and
   the next opening the following one. "张一鸣计划进军阿里巴巴" shares every word with "字节跳动挑战阿里巴巴，
   张一鸣计划进军电商" and fails here: 进军 is never followed by 阿里巴巴;
5. negation: a point's clause says 不/没有/未… exactly when the source clauses sharing most of its words do.

A point that fails is unsupported; :func:`ground` replaces it with the extractive point of its sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarize.bullets import PARENTHETICAL
from summarize.numbers import find_zh, same_value
from summarize.segment import split_clauses, split_sentences

GAP = 1  # content words of the source allowed between two consecutive content words of the point
NAME_TAGS = ("nr", "ns", "nt", "nz", "eng")
NEGATION = re.compile(r"不|没有|没|未|无|并非|否认|拒绝")
_NEGATED = re.compile(r"^(?:不|没有|没|未|无)(?=\w)")  # a negation opening a word
_STOP = frozenset("的了是在和与及等也都将已被把对为从向于以而并或其这那个之着过所让给由就还又更最很会能要可暂")


@dataclass(frozen=True)
class Support:
    ok: bool
    reason: str = ""  # why not: "number 300亿美元 not in the sources", "relation 进军 → 阿里巴巴 not stated", …


@lru_cache(maxsize=1)
def _posseg():
    import jieba  # noqa: PLC0415
    import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def words(text: str) -> list[tuple[str, str]]:
    """Content words with their jieba tags (stop words, punctuation and negations left out)."""
    out = []
    for w, tag in _posseg().lcut(text):
        w = _NEGATED.sub("", w.strip())  # 不会 → 会, 未确定 → 确定: the negation is checked on its own
        content = tag[:1] in "nvamtsjlixe" or (tag[:1] == "d" and len(w) >= 2)
        if w and w not in _STOP and re.search(r"\w", w) and content:
            out.append((w, tag))
    return out


def check(point: str, sources: Sequence[str]) -> Support:
    """Whether ``point`` is supported by ``sources`` (its source sentences)."""
    text = "".join(sources)
    values = [q.value for q in find_zh(text)]
    for q in find_zh(point):
        if not any(same_value(q.value, v) for v in values):
            return Support(False, f"number {q.text} not in the sources")
    point_words = words(point)
    for w, tag in point_words:
        if w not in text:
            kind = "name" if tag in NAME_TAGS or tag.startswith("nr") else "word"
            return Support(False, f"{kind} {w} not in the sources")
    bare = [PARENTHETICAL.sub("", s) for s in sources]  # a bullet may drop an aside: (Platinum Member)
    clauses = [c for s in bare for sentence in split_sentences(s) for c in split_clauses(sentence)]
    source_clauses = [[w for w, _ in words(c)] for c in clauses]
    plain = _plain(text) + "|" + _plain("".join(bare))
    for clause in split_clauses(point):
        if _plain(clause) in plain:  # the sources say it word for word
            continue
        found = _relations(clause, source_clauses, clauses)
        if found:
            return Support(False, found)
    return Support(True)


def _plain(text: str) -> str:
    return "".join(re.findall(r"\w", text))


def _relations(clause: str, source_words: list[list[str]], source_text: list[str]) -> str:
    tokens = [w for w, _ in words(clause)]
    for a, b in zip(tokens, tokens[1:]):
        if not any(_together(a, b, k, source_words) for k in range(len(source_words))):
            return f"relation {a} → {b} not stated"
    shared = [len(set(tokens) & set(ws)) for ws in source_words]
    if tokens and max(shared, default=0):  # the source clauses that share most words with this one
        home = [k for k, n in enumerate(shared) if n == max(shared)]
        negated = bool(NEGATION.search(clause))
        if all(bool(NEGATION.search(source_text[k])) != negated for k in home):
            return "negation differs from the sources"
    return ""


def _together(a: str, b: str, k: int, clauses: list[list[str]]) -> bool:
    """``a`` then ``b`` in clause ``k`` with at most GAP content words between, or ``a`` in clause ``k``
    and ``b`` opening clause ``k + 1`` (a topic chain: 三号线将于明年通车，全长42公里)."""
    here = clauses[k]
    for i, w in enumerate(here):
        if w == a and b in here[i + 1:i + 2 + GAP]:
            return True
    after = clauses[k + 1] if k + 1 < len(clauses) else []
    return bool(a in here and after and after[0] == b)


def ground(points: Sequence[tuple[str, Sequence[str]]], fallback: Callable[[int], str]) -> list[tuple[str, str]]:
    """Each (point, its sources) kept when supported, else replaced by ``fallback(index)`` (the extractive
    point); returns (text, "kept" | "replaced: <reason>")."""
    out = []
    for k, (point, sources) in enumerate(points):
        support = check(point, sources)
        out.append((point, "kept") if support.ok else (fallback(k), f"replaced: {support.reason}"))
    return out
