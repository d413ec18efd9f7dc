"""A completion cache: a model's answer to the same prompt, settings and weights is kept on disk, so eval
re-runs, batch resumes and repeated sentences (boilerplate) cost nothing the second time.

Keyed on the card's contents, its weights' identity, the messages, the token budget, the grammar and, for a
sampled answer, its temperature and seed; one small JSON file per answer under ``~/.cache/summarize/completions``
(or ``$SUMMARIZE_CACHE_DIR``), written whole by rename. ``--no-cache`` (``Call.use_cache = False``) bypasses it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from summarize.backends.cedict import cache_dir
from summarize.cards import ModelCard, weights_identity
from summarize.fsutil import atomic_write
from summarize.llm.engine import ChatRequest, ChatResult


@lru_cache(maxsize=16)
def _salt(card_file: str, card_text: str, weights: str) -> str:
    return hashlib.sha256(f"{card_file}\0{card_text}\0{weights}".encode()).hexdigest()


def _path(card: ModelCard, request: ChatRequest, served: str) -> Path:
    salt = _salt(card.file, card.text, weights_identity(card) + served)
    sampling = [request.temperature, request.seed] if request.seed is not None or request.temperature is not None else []
    body = json.dumps([salt, request.messages, request.max_tokens, request.grammar, *sampling], ensure_ascii=False)
    key = hashlib.sha256(body.encode()).hexdigest()
    return cache_dir() / "completions" / key[:2] / f"{key}.json"


def lookup(card: ModelCard, request: ChatRequest, served: str = "") -> ChatResult | None:
    """The kept answer, if any; ``served`` names the model a server runs (a remote card's weights)."""
    try:
        data = json.loads(_path(card, request, served).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ChatResult(data["text"], data["prompt_tokens"], data["completion_tokens"], 0.0, 0.0)


def store(card: ModelCard, request: ChatRequest, result: ChatResult, served: str = "") -> None:
    atomic_write(_path(card, request, served), json.dumps({"text": result.text, "prompt_tokens": result.prompt_tokens,
                                                   "completion_tokens": result.completion_tokens}))
