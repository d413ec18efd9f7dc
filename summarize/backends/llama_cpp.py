"""GGUF instruct models through llama.cpp (llama-cpp-python, the optional ``llama`` extra)."""

from __future__ import annotations

import os
import time

from summarize.cards import ModelCard, require_weights
from summarize.errors import BackendUnavailableError, ModelError
from summarize.llm.stages import CallStats, OnToken, bind


class LlamaCppEngine:
    def __init__(self, card: ModelCard) -> None:
        try:
            from llama_cpp import Llama  # noqa: PLC0415
        except ImportError:
            raise BackendUnavailableError("llama-cpp", "llama-cpp-python", "pip install -e '.[llama]'") from None
        path = require_weights(card)
        self.context_length = int(card.options.get("n_ctx", 4096))
        self.temperature = float(card.generation.get("temperature", 0.0))
        threads = int(card.options.get("n_threads", os.cpu_count() or 1))
        try:
            self.llm = Llama(model_path=str(path), n_ctx=self.context_length, n_threads=threads,
                             n_batch=int(card.options.get("n_batch", 512)), seed=0, verbose=False)
        except (ValueError, RuntimeError) as e:
            raise ModelError(f"card {card.name!r}: llama.cpp cannot load {path} ({e})",
                             f"check the file, or reinstall it with `summarize models install {card.name}`") from None
        self.stats: list[CallStats] = []

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def chat(self, messages: list[dict[str, str]], max_tokens: int, on_token: OnToken | None = None) -> str:
        start = time.perf_counter()
        first = None
        parts: list[str] = []
        stream = self.llm.create_chat_completion(messages=messages, max_tokens=max_tokens,
                                                 temperature=self.temperature, stream=True)
        for item in stream:
            delta = item["choices"][0]["delta"].get("content")
            if delta:
                first = first or time.perf_counter() - start
                parts.append(delta)
                if on_token:
                    on_token(delta)
        text = "".join(parts)
        prompt_tokens = sum(self.count_tokens(m["content"]) + 5 for m in messages) + 3  # + chat-template tokens
        self.stats.append(CallStats(prompt_tokens, self.count_tokens(text), time.perf_counter() - start, first or 0.0))
        return text


engine, LlamaCppSummarizer, LlamaCppTranslator = bind(LlamaCppEngine)
