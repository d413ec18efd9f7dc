"""Backends found by name, imported only when used: ``import summarize`` never imports torch."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from summarize.cards import ModelCard, load_card
from summarize.errors import ConfigError

BACKENDS: dict[tuple[str, str], str] = {
    ("extractive", "summarize"): "summarize.backends.extractive:ExtractiveSummarizer",
    ("gloss", "translate"): "summarize.backends.gloss:GlossTranslator",
    ("hf-seq2seq", "translate"): "summarize.backends.hf_seq2seq:Seq2SeqTranslator",
    ("hf-seq2seq", "summarize"): "summarize.backends.hf_seq2seq:Seq2SeqSummarizer",
    ("hf-causal", "summarize"): "summarize.backends.hf_causal:HFCausalSummarizer",
    ("hf-causal", "translate"): "summarize.backends.hf_causal:HFCausalTranslator",
    ("llama-cpp", "summarize"): "summarize.backends.llama_cpp:LlamaCppSummarizer",
    ("llama-cpp", "translate"): "summarize.backends.llama_cpp:LlamaCppTranslator",
}


def backend_class(backend: str, task: str) -> type:
    target = BACKENDS.get((backend, task))
    if target is None:
        known = sorted({b for b, t in BACKENDS if t == task})
        raise ConfigError(f"backend {backend!r} cannot {task}", f"backends that can: {', '.join(known)}")
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def check_task(card: ModelCard, task: str) -> None:
    if task not in card.tasks:
        raise ConfigError(f"model card {card.name!r} cannot {task} (its tasks: {', '.join(card.tasks)})",
                          f"pick a card that can {task}: see `summarize models list`")


@lru_cache(maxsize=8)
def load(name_or_path: str, task: str) -> Any:
    """A ready backend for ``task`` from a card; loaded once per process and shared."""
    card = load_card(name_or_path)
    check_task(card, task)
    return backend_class(card.backend, task)(card)
