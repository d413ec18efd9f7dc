"""Training targets from a reference: the greedy-ROUGE oracle over whole sentences (the sentence model's
labels) and each clause run's ROUGE-L against its nearest reference unit (the span model's targets)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from summarize.metrics import char_tokens, rouge_l
from summarize.segment import split_sentences

UNIT = 80  # characters: a longer reference point is compared sentence by sentence


def units(references: Sequence[str]) -> list[list[str]]:
    """The reference as units a key point can match: its points, a long one cut into its sentences."""
    out = []
    for ref in references:
        pieces = split_sentences(ref) if len(ref) > UNIT else [ref]
        out += [char_tokens(p) for p in pieces if char_tokens(p)]
    return out


def _grams(tokens: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    return Counter(tokens), Counter(zip(tokens, tokens[1:]))


def _f1(overlap: int, n_cand: int, n_ref: int) -> float:
    return 2 * overlap / (n_cand + n_ref) if n_cand and n_ref else 0.0


def oracle(texts: Sequence[str], references: Sequence[str], most: int) -> list[int]:
    """Indices of ``texts`` chosen greedily (at most ``most``) while ROUGE-1 + ROUGE-2 F1 (characters) of
    the chosen texts joined against the joined reference rises."""
    ref = char_tokens("".join(references))
    ref1, ref2 = _grams(ref)
    tokens = [char_tokens(t) for t in texts]
    grams = [_grams(t) for t in tokens]
    chosen: list[int] = []
    got1: Counter[str] = Counter()
    got2: Counter[tuple[str, str]] = Counter()
    best = 0.0
    while len(chosen) < most:
        scored = []
        for i, (g1, g2) in enumerate(grams):
            if i not in chosen:
                c1, c2 = got1 + g1, got2 + g2
                score = (_f1(sum((c1 & ref1).values()), sum(c1.values()), len(ref))
                         + _f1(sum((c2 & ref2).values()), sum(c2.values()), max(0, len(ref) - 1)))
                scored.append((score, -i))
        if not scored or max(scored)[0] <= best:
            break
        best, pick = max(scored)
        chosen.append(-pick)
        got1, got2 = got1 + grams[-pick][0], got2 + grams[-pick][1]
    return sorted(chosen)


def span_target(text: str, reference_units: list[list[str]]) -> float:
    """ROUGE-L F1 (characters) of ``text`` against its nearest reference unit."""
    tokens = char_tokens(text)
    return max((rouge_l(tokens, unit).f1 for unit in reference_units), default=0.0)
