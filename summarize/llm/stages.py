"""Key points and translation with an instruct LLM, whatever runs it (transformers or llama.cpp).

Long articles are split by the model's budget: key points map-reduce over chunks; translation goes chunk
by chunk with the previous chunk's last sentences as context. Nothing is truncated, and ``run_info``
says how the article was split. Answers are parsed robustly, retried once, then fail clearly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from summarize.bullets import shorten
from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint
from summarize.errors import ModelError
from summarize.llm.prompts import parse_points, parse_tagged, prompt, protect_numbers
from summarize.ranking import best_source
from summarize.segment import chunk, fit_to_budget
from summarize.textutil import cjk_count, has_cjk

OnToken = Callable[[str], None]


@dataclass
class CallStats:
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    first_token_s: float


class Engine(Protocol):
    context_length: int
    stats: list[CallStats]

    def count_tokens(self, text: str) -> int: ...

    def chat(self, messages: list[dict[str, str]], max_tokens: int, on_token: OnToken | None = None) -> str: ...


class LLMStage:
    def __init__(self, card: ModelCard, engine: Engine) -> None:
        self.card = card
        self.engine = engine
        self.prompts = card.prompts
        self.options = card.options
        self.max_tokens = int(card.generation.get("max_tokens", 1024))
        self.on_token: OnToken | None = None  # set by a front end to stream text as it is written
        self.run_info: dict[str, object] = {}

    def ask(self, system: str, user: str, max_tokens: int | None = None) -> str:
        messages = [{"role": "system", "content": prompt(self.prompts, system)}, {"role": "user", "content": user}]
        return self.engine.chat(messages, max_tokens or self.max_tokens, on_token=self.on_token)

    def budget(self, key: str, share: float) -> int:
        return int(self.options.get(key, self.engine.context_length * share))


class LLMSummarizer(LLMStage):
    def key_points(self, article: Article, n: int) -> list[KeyPoint]:
        sentences = [s for s in article.sentences if s.analysis_text.strip()]
        texts = [s.analysis_text for s in sentences]
        groups = chunk(texts, self.budget("points_chunk_tokens", 0.5), self.engine.count_tokens)
        self.run_info = {"chunks": [[sentences[g[0]].id, sentences[g[-1]].id] for g in groups],
                         "map_reduce": len(groups) > 1}
        if len(groups) == 1:
            points = self.points_zh("points_zh", n, title=article.title, text="".join(texts))
        else:
            partial = [p for g in groups
                       for p in self.points_zh("points_zh", n, title=article.title, text="".join(texts[i] for i in g))]
            listing = "\n".join(f"{i}. {p}" for i, p in enumerate(partial, 1))
            points = self.points_zh("reduce_zh", n, title=article.title, text=listing)
        english = self.points_en(article, n) if self.options.get("english_points") == "direct" else [""] * n
        return [KeyPoint(shorten(p, 60), (sentences[best_source(p, texts)].id,), en=e) for p, e in zip(points, english)]

    def points_zh(self, key: str, n: int, **fields: object) -> list[str]:
        request = prompt(self.prompts, key, n=n, **fields)
        points = parse_points(self.ask("system_zh", request))
        if len(points) < n:
            points = parse_points(self.ask("system_zh", request + "\n" + prompt(self.prompts, "retry_zh", n=n)))
        if len(points) < n:
            raise ModelError(f"card {self.card.name!r} was asked for {n} key points and gave {len(points)} "
                             "after a retry", "try fewer --points, another card, or --summarizer extractive")
        return points[:n]

    def points_en(self, article: Article, n: int) -> list[str]:
        """English key points written directly from the Chinese article (cross-lingual summarization)."""
        text = protect_numbers(article.text) if self.options.get("protect_numbers", True) else article.text
        request = prompt(self.prompts, "points_en", n=n, title=protect_numbers(article.title), text=text)
        points = parse_points(self.ask("system_en", request))
        if len(points) < n or any(has_cjk(p) for p in points[:n]):
            points = parse_points(self.ask("system_en", request + "\n" + prompt(self.prompts, "english_only")))
        if len(points) < n:
            raise ModelError(f"card {self.card.name!r} gave {len(points)} English key points of {n} after a retry",
                             "set english_points = \"translate\" in the card, or use fewer --points")
        return points[:n]


class LLMTranslator(LLMStage):
    is_gloss = False

    def translate(self, texts: Sequence[str]) -> list[str]:
        protect = self.options.get("protect_numbers", True)
        budget = self.budget("chunk_tokens", 0.25)
        pieces, owners = [], []
        for i, text in enumerate(texts):
            for piece in fit_to_budget(text, budget, self.engine.count_tokens) if text.strip() else []:
                pieces.append(protect_numbers(piece) if protect else piece)
                owners.append(i)
        english, retried = self.translate_pieces(pieces, budget)
        joined: list[list[str]] = [[] for _ in texts]
        for owner, en in zip(owners, english):
            joined[owner].append(en)
        self.run_info |= {"pieces": len(pieces), "retried_one_by_one": retried, "protect_numbers": bool(protect)}
        return [" ".join(parts) for parts in joined]

    def translate_pieces(self, pieces: list[str], budget: int) -> tuple[list[str], int]:
        groups = chunk(pieces, budget, self.engine.count_tokens)
        self.run_info = {"chunks": len(groups), "chunk_tokens": budget}
        out = [""] * len(pieces)
        retried = 0
        for group in groups:
            previous = [f"{pieces[i]} => {out[i]}" for i in range(max(0, group[0] - 2), group[0])]
            context = prompt(self.prompts, "context", text="\n".join(previous)) if previous else ""
            numbered = "\n".join(f"[{k}] {pieces[i]}" for k, i in enumerate(group, 1))
            source_tokens = sum(self.engine.count_tokens(pieces[i]) for i in group)
            answer = self.ask("system_en", prompt(self.prompts, "translate", context=context, text=numbered),
                              min(self.max_tokens, 2 * source_tokens + 64))
            tagged = parse_tagged(answer)
            if len(group) == 1 and 1 not in tagged:
                tagged = {1: " ".join(answer.split())}
            for k, i in enumerate(group, 1):
                en = tagged.get(k, "")
                if not en or has_cjk(en):
                    en, retried = self.translate_one(pieces[i], en), retried + 1
                out[i] = en
        return out, retried

    def translate_one(self, text: str, first: str = "") -> str:
        """One sentence on its own, with the stricter English-only prompt; of the two answers, the one with
        less Chinese left in it (the check reports what remains)."""
        request = prompt(self.prompts, "translate_one", text=text) + "\n" + prompt(self.prompts, "english_only")
        answer = " ".join(self.ask("system_en", request).split())
        return min((a for a in (answer, first) if a), key=cjk_count, default="")


def bind(engine_class: Callable[[ModelCard], Engine]) -> tuple[Callable[[str], Engine], type, type]:
    """For a backend: a per-card-file engine cache (one model shared by the summarizer and the translator)
    and the summarizer and translator classes the registry instantiates with a card."""
    from summarize.cards import load_card  # noqa: PLC0415

    @lru_cache(maxsize=2)
    def engine(card_file: str) -> Engine:
        return engine_class(load_card(card_file))

    class Summarizer(LLMSummarizer):
        def __init__(self, card: ModelCard) -> None:
            super().__init__(card, engine(card.file))

    class Translator(LLMTranslator):
        def __init__(self, card: ModelCard) -> None:
            super().__init__(card, engine(card.file))

    return engine, Summarizer, Translator
