"""Can the GGUF model choose the key sentences better than the learned ranker? (issue 16: grounded points must
reach the ranker + 0.03.) On each article the out-of-fold ranker gives its K best candidates (its shaped points,
in source order); three ways of choosing 3 of them are scored with ROUGE-L(char) against the editor's points:

- ``ranker``: the ranker's own 3 (what the default summarizer writes);
- ``oracle`` / ``random``: the best 3 of the K for the reference, and the mean over every 3 of the K (the room
  a better chooser has, and what no choice at all scores);
- ``ask``: the served card asked which 3 sum the article up, its answer held to 3 ids by a grammar;
- ``likelihood``: the in-process model's log-likelihood of each candidate as the answer to "write this article's
  key point" given the article, less that given no article (pointwise mutual information, per token), added to
  the ranker's order with a weight chosen on the other articles (never on the one scored).

    python eval/bench_llm_selection.py --out eval/results/keypoints-llm-selection.txt

Needs `summarize models install qwen2.5-coder-1.5b-gguf`, `make install-server` and `make install-llama`
(~10 minutes on 2 cores, most of it the likelihoods).
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
from pathlib import Path

import numpy as np
from report import emit, signature

from summarize import registry
from summarize.cards import load_card, require_weights
from summarize.config import RunConfig
from summarize.evaluation import scores
from summarize.evaluation.data import load_records
from summarize.evaluation.loo import LeaveOneOut
from summarize.llm.prompts import DEFAULT_PROMPTS
from summarize.llm.stages import Tally
from summarize.pipeline import Pipeline
from summarize.stages import NO_CALL

DATA, TRAIN = "../shared/data/36kr/articles", ["../shared/data/36kr/articles", "../shared/data/lcsts/lcsts-dev.jsonl[1000:]"]
ASK = "标题：{title}\n下面是从文章中选出的句子，每句前有编号：\n{candidates}\n\n哪3句最能概括全文的主要内容？只回答这3句的编号，用逗号分隔。"
WRITE = "标题：{title}\n正文：{body}\n\n请用一句话写出这篇文章的要点。"
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 100.0)


def rouge(points: list[str], reference: str) -> float:
    return scores.rouge_scores("".join(points), reference, "zh")["rougeL"]


def ranker_order(ranker, article, k: int) -> list[int]:
    """Each of the K candidates' place in the ranker's own order of choice (0 is its first pick)."""
    cands = [p.source_sentence_ids for p in ranker.key_points(article, k)]
    order: list = []
    for m in range(1, k + 1):
        order += [p.source_sentence_ids for p in ranker.key_points(article, m) if p.source_sentence_ids not in order]
    return [order.index(c) if c in order else k for c in cands]


def ask(chooser, article, texts: list[str]) -> list[int]:
    ids = " | ".join(f'"{k}"' for k in range(1, len(texts) + 1))
    listing = "\n".join(f"[{k}] {t}" for k, t in enumerate(texts, 1))
    answer = chooser.ask(Tally(NO_CALL), "system_zh", ASK.format(title=article.title, candidates=listing), 16,
                         f'root ::= id "," id "," id\nid ::= {ids}\n')
    return list(dict.fromkeys(int(x) - 1 for x in re.findall(r"\d", answer)))


class Likelihood:
    def __init__(self, path: Path) -> None:
        from llama_cpp import Llama

        self.llm = Llama(str(path), n_ctx=3072, n_threads=2, logits_all=True, verbose=False, n_batch=512)

    def chat(self, user: str) -> list[int]:
        text = (f"<|im_start|>system\n{DEFAULT_PROMPTS['system_zh']}<|im_end|>\n<|im_start|>user\n{user}"
                "<|im_end|>\n<|im_start|>assistant\n")
        return self.llm.tokenize(text.encode(), add_bos=False, special=True)

    def mean_logprobs(self, prefix: list[int], answers: list[str]) -> np.ndarray:
        """Mean log-probability per token of each answer after ``prefix`` (evaluated once)."""
        self.llm.reset()
        self.llm.eval(prefix)
        out = []
        for answer in answers:
            tokens = self.llm.tokenize(answer.encode(), add_bos=False)
            self.llm.n_tokens = len(prefix)
            self.llm.eval(tokens)
            logits = self.llm.scores[len(prefix) - 1:len(prefix) - 1 + len(tokens)].astype(np.float64)
            top = logits.max(1, keepdims=True)
            norm = np.log(np.exp(logits - top).sum(1)) + top[:, 0]
            out.append(float(np.mean(logits[np.arange(len(tokens)), tokens] - norm)))
        return np.array(out)

    def pmi(self, article, texts: list[str]) -> np.ndarray:
        body = "".join(s.text for s in article.sentences)[:2200]
        given = self.mean_logprobs(self.chat(WRITE.format(title=article.title, body=body)), texts)
        return given - self.mean_logprobs(self.chat("请用一句话写出一篇文章的要点。"), texts)


def combined(row: dict, weight: float) -> float:
    pmi = row["pmi"]
    score = -np.array(row["order"], float) + weight * (pmi - pmi.mean()) / (pmi.std() + 1e-9)
    return rouge([row["texts"][k] for k in sorted(np.argsort(-score)[:3])], row["reference"])


def out_of_fold(rows: list[dict]) -> list[float]:
    """Each article scored with the weight that does best on the other articles."""
    out = []
    for i, row in enumerate(rows):
        others = rows[:i] + rows[i + 1:]
        best = max(WEIGHTS, key=lambda w: statistics.mean(combined(o, w) for o in others))
        out.append(combined(row, best))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=6)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    loo, reader = LeaveOneOut(TRAIN), Pipeline.from_config(RunConfig.build("eval"))
    chooser = registry.load(load_card("qwen2.5-coder-1.5b-gguf-server"), "summarize")
    likelihood = Likelihood(require_weights(load_card("qwen2.5-coder-1.5b-gguf")))
    rows, lines = [], [f"{'id':10} ranker oracle random    ask  (its picks)"]
    for record in load_records(DATA).records:
        article = reader.ingest(record.document, name=record.id)
        ranker = loo.ranker(article)
        texts = [p.text for p in ranker.key_points(article, args.candidates)]
        reference = "".join(record.references)
        subsets = [rouge(list(c), reference) for c in itertools.combinations(texts, 3)]
        picks = ask(chooser, article, texts)
        asked = sorted(picks + [k for k in range(len(texts)) if k not in picks][: 3 - len(picks)])
        row = {"texts": texts, "reference": reference, "order": ranker_order(ranker, article, args.candidates),
               "pmi": likelihood.pmi(article, texts),
               "ranker": rouge([p.text for p in ranker.key_points(article, 3)], reference), "oracle": max(subsets), "random": statistics.mean(subsets),
               "ask": rouge([texts[k] for k in asked], reference)}
        rows.append(row)
        lines.append(f"{record.id:10} {row['ranker']:.3f}  {row['oracle']:.3f}  {row['random']:.3f}  {row['ask']:.3f}"
                     f"  ({','.join(str(k + 1) for k in picks)})")
    base = [r["ranker"] for r in rows]
    lines += ["", f"ROUGE-L(char), mean of {len(rows)} articles, 3 of the ranker's {args.candidates} candidates:"]
    for name in ("ranker", "oracle", "random", "ask"):
        lines.append(f"  {name:11} {statistics.mean(r[name] for r in rows):.4f}")
    lines.append(f"  likelihood  {statistics.mean(out_of_fold(rows)):.4f} (weight chosen on the other articles)")
    lines.append("  likelihood by weight, on all articles (in sample): " + ", ".join(
        f"{w:g}: {statistics.mean(combined(r, w) for r in rows):.4f}" for w in WEIGHTS))
    for name, values in (("ask", [r["ask"] for r in rows]), ("likelihood", out_of_fold(rows))):
        lines.append("  Δ {} vs ranker: {:+.4f} [{:+.4f}, {:+.4f}] (paired bootstrap, 1,000 resamples, seed 12345)"
                     .format(name, *scores.paired_bootstrap(base, values)))
    lines.append(signature(f"rouge {scores.rouge_signatures('zh')['rougeL']}", "ranker extractive-learned, out of fold",
                           "model qwen2.5-coder-1.5b-instruct-q4_k_m, temperature 0"))
    emit(lines, args.out)


if __name__ == "__main__":
    main()
