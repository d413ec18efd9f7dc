"""Scores with their signatures: ROUGE on Chinese characters and jieba words, ROUGE on English words,
BLEU/chrF (sacrebleu, pinned tokenizers), number fidelity, English purity, length; paired bootstrap."""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Callable, Sequence
from functools import lru_cache

from summarize.metrics import SIGNATURE as CHAR_SIGNATURE
from summarize.metrics import char_tokens, rouge_l, rouge_n
from summarize.numbers import find_en, find_zh, same_value
from summarize.textutil import has_cjk, is_punct


@lru_cache(maxsize=1)
def _jieba():
    import jieba  # noqa: PLC0415

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def word_tokens_zh(text: str) -> list[str]:
    return [w for w in _jieba().lcut(text.lower()) if w.strip() and not all(is_punct(c) for c in w)]


def word_tokens_en(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def jieba_signature() -> str:
    import jieba  # noqa: PLC0415

    return f"rouge|tok:jieba-{jieba.__version__}-default-dict(no punct)|lcs:plain|avg:macro-doc-F1"


EN_SIGNATURE = "rouge|tok:en-words([a-z0-9]+, lowercased)|lcs:plain|avg:macro-doc-F1"


def rouge_scores(candidate: str, reference: str, lang: str) -> dict[str, float]:
    """Per-document ROUGE F1: on characters and jieba words for Chinese, on words for English."""
    if lang == "zh":
        c, r = char_tokens(candidate), char_tokens(reference)
        cw, rw = word_tokens_zh(candidate), word_tokens_zh(reference)
        return {"rouge1": rouge_n(c, r, 1).f1, "rouge2": rouge_n(c, r, 2).f1, "rougeL": rouge_l(c, r).f1,
                "rougeL_word": rouge_l(cw, rw).f1}
    c, r = word_tokens_en(candidate), word_tokens_en(reference)
    return {"rouge1": rouge_n(c, r, 1).f1, "rouge2": rouge_n(c, r, 2).f1, "rougeL": rouge_l(c, r).f1}


def rouge_signatures(lang: str) -> dict[str, str]:
    if lang == "zh":
        return {"rouge1": CHAR_SIGNATURE, "rouge2": CHAR_SIGNATURE, "rougeL": CHAR_SIGNATURE,
                "rougeL_word": jieba_signature()}
    return dict.fromkeys(("rouge1", "rouge2", "rougeL"), EN_SIGNATURE)


def bleu_chrf(hypotheses: list[str], references: list[str], lang: str) -> dict[str, tuple[float, str]]:
    """Corpus BLEU and chrF with sacrebleu: tokenizer 13a for English, zh for Chinese."""
    from sacrebleu.metrics import BLEU, CHRF  # noqa: PLC0415

    bleu = BLEU(tokenize="zh" if lang == "zh" else "13a")
    chrf = CHRF()
    b, c = bleu.corpus_score(hypotheses, [references]), chrf.corpus_score(hypotheses, [references])
    return {"bleu": (b.score, str(bleu.get_signature())), "chrf": (c.score, str(chrf.get_signature()))}


def sentence_chrf(hypothesis: str, reference: str) -> float:
    from sacrebleu.metrics import CHRF  # noqa: PLC0415

    return CHRF().sentence_score(hypothesis, [reference]).score


def number_fidelity(source: str, output: str, lang: str) -> tuple[int, int]:
    """(numbers in the output, of which match a number of the source)."""
    values = [q.value for q in find_zh(source)]
    found = find_en(output) if lang == "en" else find_zh(output)
    return len(found), sum(1 for q in found if any(same_value(q.value, v) for v in values))


def english_impure(output: str) -> bool:
    return has_cjk(output)


RESAMPLES, SEED = 1000, 12345
BOOTSTRAP_SIGNATURE = f"{RESAMPLES:,} resamples of documents, seed {SEED}, 95% percentile interval"


def paired_bootstrap(a: Sequence[float], b: Sequence[float], statistic: Callable[[list[int]], float] | None = None,
                     resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float, float]:
    """Mean difference b - a over documents and its 95% interval, resampling documents with replacement.
    ``statistic(indices)`` replaces the mean difference for corpus-level metrics (BLEU)."""
    n = len(a)
    stat = statistic or (lambda idx: statistics.fmean(b[i] - a[i] for i in idx))
    rng = random.Random(seed)
    samples = sorted(stat([rng.randrange(n) for _ in range(n)]) for _ in range(resamples))
    return stat(list(range(n))), samples[int(0.025 * resamples)], samples[int(0.975 * resamples) - 1]


LSUM_SIGNATURE = ("rouge-Lsum|tok:zh-char(no space/punct)|lcs:union over points, reference cut into its points'"
                  " sentences|avg:macro-doc-F1")


def lcs_hits(candidate: Sequence[str], reference: Sequence[str]) -> set[int]:
    """Positions of ``reference`` in one longest common subsequence with ``candidate``."""
    table = [[0] * (len(reference) + 1) for _ in range(len(candidate) + 1)]
    for i, x in enumerate(candidate):
        for j, y in enumerate(reference):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    hits, i, j = set(), len(candidate), len(reference)
    while i and j:
        if candidate[i - 1] == reference[j - 1]:
            hits.add(j - 1)
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return hits


def rouge_lsum(points: Sequence[str], references: Sequence[str]) -> float:
    """Summary-level ROUGE-L F1 on characters: each reference sentence's union LCS with the points, so
    the order of the points does not matter."""
    from summarize.segment import split_sentences  # noqa: PLC0415

    cands = [char_tokens(p) for p in points]
    refs = [char_tokens(s) for r in references for s in split_sentences(r)]
    n_cand, n_ref = sum(map(len, cands)), sum(map(len, refs))
    hits = sum(len(set().union(*(lcs_hits(c, r) for c in cands))) if cands else 0 for r in refs)
    p, r = (hits / n_cand if n_cand else 0.0), (hits / n_ref if n_ref else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0
