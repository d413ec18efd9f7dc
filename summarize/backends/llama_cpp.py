"""GGUF instruct models through llama.cpp (llama-cpp-python, the optional ``llama`` extra)."""

from __future__ import annotations

import os
import time
from functools import lru_cache

from summarize.cards import ModelCard, require_weights
from summarize.errors import BackendUnavailableError, ModelError
from summarize.llm.engine import ChatRequest, ChatResult, SerialEngine, looping, sampled, stream_piece
from summarize.llm.grounded import GroundedSummarizer
from summarize.llm.stages import bind


class LlamaCppEngine(SerialEngine):
    constrains = True  # GBNF through llama.cpp's sampler
    def __init__(self, card: ModelCard) -> None:
        super().__init__()
        try:
            from llama_cpp import Llama  # noqa: PLC0415
        except ImportError:
            raise BackendUnavailableError("llama-cpp", "llama-cpp-python", "pip install -e '.[llama]'") from None
        path = require_weights(card)
        self.context_length = int(card.options.get("n_ctx", 4096))
        self.temperature = float(card.generation.get("temperature", 0.0))
        # the cores this process may use: all of them, or its share when batch workers split them
        threads = int(card.options.get("n_threads") or os.environ.get("SUMMARIZE_THREADS") or os.cpu_count() or 1)
        self.threads = threads
        try:
            self.llm = Llama(model_path=str(path), n_ctx=self.context_length, n_threads=threads,
                             n_batch=int(card.options.get("n_batch", 512)), seed=0, verbose=False)
        except (ValueError, RuntimeError) as e:
            raise ModelError(f"card {card.name!r}: llama.cpp cannot load {path} ({e})",
                             f"check the file, or reinstall it with `summarize models install {card.name}`") from None

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def chat_one(self, request: ChatRequest) -> ChatResult:
        """One chat completion, streamed to the request's callback; called under the engine's lock. Token
        counts are llama.cpp's own: prompt tokens evaluated, prompt tokens reused from the previous call's
        KV cache (the shared prefix), tokens generated."""
        start = time.perf_counter()
        first = None
        text = ""
        self._perf_reset()
        stream = self.llm.create_chat_completion(messages=list(request.messages), max_tokens=request.max_tokens,
                                                 temperature=sampled(request, self.temperature), seed=request.seed, stream=True,
                                                 grammar=_grammar(request.grammar) if request.grammar else None)
        looped = False
        for item in stream:
            delta = item["choices"][0]["delta"].get("content")
            if delta:
                first = first or time.perf_counter() - start
                text += delta
                stream_piece(request.call, delta)
                if looped := request.one_line and looping(text):
                    stream.close()  # the generator stops: no more tokens are decoded
                    break
        evaluated, generated = self._perf()
        in_context = int(getattr(self.llm, "n_tokens", 0))
        prompt = max(in_context - generated, evaluated)
        return ChatResult(text, prompt, generated, time.perf_counter() - start, first or 0.0,
                          evaluated_prompt_tokens=evaluated, reused_prompt_tokens=max(0, prompt - evaluated),
                          looped=looped)

    def _context(self):
        return getattr(getattr(self.llm, "_ctx", None), "ctx", None)

    def _perf_reset(self) -> None:
        import llama_cpp  # noqa: PLC0415

        if self._context() is not None:
            llama_cpp.llama_perf_context_reset(self._context())

    def _perf(self) -> tuple[int, int]:
        """(prompt tokens evaluated, tokens generated) since the last reset, from llama.cpp's counters."""
        import llama_cpp  # noqa: PLC0415

        if self._context() is None:
            return 0, 0
        data = llama_cpp.llama_perf_context(self._context())
        return int(data.n_p_eval), int(data.n_eval)


@lru_cache(maxsize=64)
def _grammar(text: str):
    """A compiled GBNF grammar (compiling costs milliseconds; the same few are used over and over)."""
    from llama_cpp import LlamaGrammar  # noqa: PLC0415

    return LlamaGrammar.from_string(text, verbose=False)


engine, LlamaCppSummarizer, LlamaCppTranslator = bind(LlamaCppEngine)


class LlamaCppGroundedSummarizer(GroundedSummarizer):
    """Grounded key points (extract, then abstract) from a GGUF model: see summarize/llm/grounded.py."""

    def __init__(self, card: ModelCard) -> None:
        super().__init__(card, engine(card.file, card.text))
