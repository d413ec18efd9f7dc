"""A completion cache: a model's answer to the same prompt, settings and weights is kept on disk, so eval
re-runs, batch resumes and repeated sentences (boilerplate) cost nothing the second time.

Keyed on the card's contents, its weights' identity, the messages, the token budget, the grammar and, for a
sampled answer, its temperature and seed; one small JSON file per answer under ``~/.cache/summarize/completions``
(or ``$SUMMARIZE_CACHE_DIR``), written whole by rename. ``--no-cache`` (``Call.use_cache = False``) bypasses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
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


def _count_path(salt: str, text: str) -> Path:
    key = hashlib.sha256(f"{salt}\0{text}".encode()).hexdigest()
    return cache_dir() / "token-counts" / key[:2] / key


def lookup_count(salt: str, text: str) -> int | None:
    """The kept token count of ``text`` for the tokenizer ``salt`` names (a served model's file), if any: a
    run whose answers all come from the cache needs no server to count its prompts' budgets either."""
    try:
        return int(_count_path(salt, text).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def store_count(salt: str, text: str, count: int) -> None:
    path = _count_path(salt, text)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs a count next time, nothing more
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(str(count), encoding="ascii")  # no fsync: a torn count reads as none and is counted again
        os.replace(tmp, path)
