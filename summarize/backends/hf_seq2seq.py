"""Hugging Face seq2seq models: Marian (opus-mt-zh-en), NLLB/M2M100 (language codes), mT5 summarizers.

Batched and length-sorted; inputs longer than the model's budget are cut at clause boundaries and the
pieces re-joined, so nothing is truncated. Weights are read from local folders only (see cards.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from summarize.cards import ModelCard, require_weights
from summarize.data import Article, KeyPoint
from summarize.errors import BackendUnavailableError, ConfigError, ModelError
from summarize.ranking import Weights as RankWeights
from summarize.ranking import best_source, choose
from summarize.segment import chunk, fit_to_budget, split_sentences
from summarize.stages import NO_CALL, Call, English, Points


def import_torch(backend: str) -> tuple[Any, Any]:
    """torch and transformers, or a clear error saying how to install them."""
    try:
        import torch  # noqa: PLC0415
        import transformers  # noqa: PLC0415
    except ImportError as e:
        raise BackendUnavailableError(backend, e.name or "transformers",
                                      "pip install torch==2.13.0 && pip install -e '.[hf]'") from None
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def quantize_dynamic_int8(torch: Any, model: Any) -> Any:
    """int8 weights for every Linear layer, activations quantised on the fly (CPU inference)."""
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch announces the move of this API to torchao
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class _Seq2Seq:
    def __init__(self, card: ModelCard) -> None:
        self.card = card
        self.torch, transformers = import_torch("hf-seq2seq")
        path = require_weights(card)
        opts = card.options
        tok_kwargs = {"src_lang": opts["src_lang"]} if opts.get("src_lang") else {}
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True, **tok_kwargs)
            self.model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                path, local_files_only=True, dtype=getattr(self.torch, opts.get("dtype", "float32")))
        except (OSError, ValueError) as e:
            raise ModelError(f"card {card.name!r}: cannot load the model in {path} ({e})",
                             "check that the folder holds config.json, the weights and the tokenizer files") from None
        self.model.eval()
        if opts.get("quantize") == "dynamic-int8":
            self.model = quantize_dynamic_int8(self.torch, self.model)
        elif opts.get("quantize"):
            raise ConfigError(f"card {card.name!r}: unknown quantize {opts['quantize']!r}", "use \"dynamic-int8\"")
        limit = getattr(self.model.config, "max_position_embeddings", None) or 512
        self.max_source = int(opts.get("max_source_tokens", min(limit, 512)))
        self.batch_size = int(opts.get("batch_size", 8))
        self.generation = dict(card.generation)
        if opts.get("tgt_lang"):
            self.generation["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(opts["tgt_lang"])
        self._lock = threading.Lock()  # one generate at a time: a shared model serves concurrent requests in turn

    def counter(self) -> Callable[[str], int]:
        """Token counts (special tokens included) memoised for one call: pieces are counted again to sort
        batches, and a shared model keeps no memo between calls."""
        memo: dict[str, int] = {}

        def count(text: str) -> int:
            if text not in memo:
                memo[text] = len(self.tokenizer(text, add_special_tokens=True)["input_ids"])
            return memo[text]

        return count

    def generate(self, texts: Sequence[str], count: Callable[[str], int], call: Call) -> tuple[list[str], list]:
        """Generate for each text, longest first in batches of ``batch_size``; results in input order, and the
        token lengths of each batch (call info)."""
        lengths = [count(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: lengths[i], reverse=True)
        out, batches = [""] * len(texts), []
        for start in range(0, len(order), self.batch_size):
            call.check()
            batch = order[start:start + self.batch_size]
            batches.append([lengths[i] for i in batch])
            enc = self.tokenizer([texts[i] for i in batch], return_tensors="pt", padding=True, truncation=True,
                                 max_length=self.max_source)
            with self._lock, self.torch.inference_mode():
                ids = self.model.generate(**enc, **self.generation)
            for i, text in zip(batch, self.tokenizer.batch_decode(ids, skip_special_tokens=True), strict=True):
                out[i] = text.strip()
        return out, batches


class Seq2SeqTranslator(_Seq2Seq):
    is_gloss = False

    def translate(self, texts: Sequence[str], call: Call = NO_CALL) -> English:
        count = self.counter()
        pieces, owners = [], []
        for i, text in enumerate(texts):
            for piece in fit_to_budget(text, self.max_source - 2, count) if text.strip() else []:
                pieces.append(piece)
                owners.append(i)
        joined: list[list[str]] = [[] for _ in texts]
        english, batches = self.generate(pieces, count, call)
        for owner, en in zip(owners, english, strict=True):
            joined[owner].append(en)
        return English(tuple(" ".join(parts) for parts in joined), {"pieces": len(pieces), "batches": batches})


class Seq2SeqSummarizer(_Seq2Seq):
    """Map: summarize groups of consecutive sentences (at least ``n``, each within the budget);
    reduce: rank the summary sentences by centrality and keep ``n`` that do not repeat each other."""

    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        count = self.counter()
        sentences = [s for s in article.sentences if s.analysis_text.strip()]
        texts = [s.analysis_text for s in sentences]
        groups = chunk(texts, max(1, self.max_source - 2), count)
        if len(groups) < n:
            size = max(1, -(-len(texts) // n))
            groups = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]
        summaries, batches = self.generate(["".join(texts[i] for i in g) for g in groups], count, call)
        candidates = list(dict.fromkeys(s for summary in summaries for s in split_sentences(summary)))
        if not candidates:
            raise ModelError(f"card {self.card.name!r} produced empty summaries", "check the model and its settings")
        chosen = choose(candidates, article.title, n, RankWeights(position=0, redundancy=0.5))
        return Points(tuple(KeyPoint(candidates[i], (sentences[best_source(candidates[i], texts)].id,)) for i in chosen),
                      {"chunks": len(groups), "batches": batches})

