"""ROUGE for Chinese on characters (never rouge-score's default tokenizer, which drops all Chinese).

Tokens: every character that is not whitespace or punctuation is one token. Summary and reference are
each taken whole (their points joined); F1 is computed per document and averaged over documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.textutil import is_punct

SIGNATURE = "rouge|tok:zh-char(no space/punct)|lcs:plain|avg:macro-doc-F1"


def char_tokens(text: str) -> list[str]:
    return [ch for ch in text.lower() if not is_punct(ch)]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _prf(overlap: int, n_cand: int, n_ref: int) -> PRF:
    p = overlap / n_cand if n_cand else 0.0
    r = overlap / n_ref if n_ref else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> PRF:
    def grams(tokens: Sequence[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    c, r = grams(candidate), grams(reference)
    return _prf(sum((c & r).values()), sum(c.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> PRF:
    return _prf(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge_zh(candidate: str, reference: str) -> dict[str, PRF]:
    """ROUGE-1/2/L on characters for one document."""
    c, r = char_tokens(candidate), char_tokens(reference)
    return {"rouge1": rouge_n(c, r, 1), "rouge2": rouge_n(c, r, 2), "rougeL": rouge_l(c, r)}
