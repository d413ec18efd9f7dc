"""Hugging Face causal instruct LLMs with a chat template (Qwen2.5-Instruct and the like), on CPU.

dtype is bfloat16 or float32 (float16 is refused: slow or broken on CPU). A card may also point at a GGUF
file (``gguf_file``), which transformers dequantises to the chosen dtype.
"""

from __future__ import annotations

import time

from summarize.backends.hf_seq2seq import import_torch
from summarize.cards import ModelCard, require_weights
from summarize.errors import ConfigError, ModelError
from summarize.llm.engine import ChatRequest, ChatResult, SerialEngine, sampled, stream_piece
from summarize.llm.stages import bind
from summarize.stages import Call

DTYPES = ("bfloat16", "float32")


class HFCausalEngine(SerialEngine):
    def __init__(self, card: ModelCard) -> None:
        super().__init__()
        dtype = card.options.get("dtype", "bfloat16")
        if dtype not in DTYPES:
            raise ConfigError(f"card {card.name!r}: dtype {dtype!r} is not for CPU inference",
                              f"set dtype to one of {', '.join(DTYPES)} (float16 is slow or wrong on CPU)")
        self.torch, transformers = import_torch("hf-causal")
        path = require_weights(card)
        folder, extra = path, {}
        if card.options.get("gguf_file"):
            folder, extra = (path.parent if path.is_file() else path), {"gguf_file": card.options["gguf_file"]}
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True, **extra)
            self.model = transformers.AutoModelForCausalLM.from_pretrained(
                folder, local_files_only=True, dtype=getattr(self.torch, dtype), **extra)
        except (OSError, ValueError) as e:
            raise ModelError(f"card {card.name!r}: cannot load the model in {folder} ({e})",
                             "check that the folder holds config.json, the weights and the tokenizer") from None
        if not self.tokenizer.chat_template:
            raise ModelError(f"card {card.name!r}: the tokenizer has no chat template", "use an instruct model")
        self.model.eval()
        self.context_length = int(card.options.get("n_ctx") or getattr(self.model.config,
                                                                       "max_position_embeddings", 4096))
        self.streamer_class = _streamer_class(transformers)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def chat_one(self, request: ChatRequest) -> ChatResult:
        start = time.perf_counter()
        inputs = self.tokenizer.apply_chat_template(list(request.messages), add_generation_prompt=True,
                                                    return_tensors="pt", return_dict=True)
        streamer = self.streamer_class(self.tokenizer, request.call, start)
        temperature = sampled(request, 0.0)  # greedy unless the request asks to be sampled
        sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
        if request.seed is not None:
            self.torch.manual_seed(request.seed)  # process-wide; under this engine's lock, one request at a time
        with self.torch.inference_mode():
            out = self.model.generate(**inputs, max_new_tokens=request.max_tokens, **sampling, streamer=streamer,
                                      pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id)
        new = out[0, inputs["input_ids"].shape[1]:]
        return ChatResult(self.tokenizer.decode(new, skip_special_tokens=True), int(inputs["input_ids"].shape[1]),
                          int(new.shape[0]), time.perf_counter() - start, streamer.first or 0.0)


def _streamer_class(transformers):
    class Streamer(transformers.TextStreamer):
        """Passes text to a callback as it is generated, and notes when the first token came."""

        def __init__(self, tokenizer, call: Call, start: float) -> None:
            super().__init__(tokenizer, skip_prompt=True, skip_special_tokens=True)
            self.call, self.start, self.first = call, start, None

        def put(self, value) -> None:
            if self.next_tokens_are_prompt is False and self.first is None:
                self.first = time.perf_counter() - self.start
            super().put(value)

        def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
            stream_piece(self.call, text)

    return Streamer


engine, HFCausalSummarizer, HFCausalTranslator = bind(HFCausalEngine)
