"""Key points and translation with an instruct LLM, whatever runs it (transformers or llama.cpp).

Long articles are split by the model's budget: key points map-reduce over chunks; translation goes chunk
by chunk with the previous chunk's last sentences as context. Nothing is truncated. Answers are parsed
robustly, retried once, then fail clearly. Stages hold no per-request state: each call keeps its own
:class:`Tally` (chunks, retries, the engine's token counts) and returns it as call info.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from summarize.bullets import same_point, shorten, tidy
from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint, Sentence
from summarize.errors import ModelError
from summarize.llm import cache as completions
from summarize.llm.engine import ChatRequest, ChatResult, Engine
from summarize.llm.grammars import points_grammar
from summarize.llm.prompts import (
    parse_points,
    prompt,
    protect_numbers,
    terms_for,
)
from summarize.number_checks import source_values, text_values, unmatched
from summarize.numbers import find_zh
from summarize.ranking import best_source, by_similarity
from summarize.segment import chunk
from summarize.stages import NO_CALL, Call, Points, merge_info
from summarize.textutil import has_cjk


@dataclass
class Tally:
    """What one call did, for provenance: model calls, tokens, seconds, and how the article was split."""

    call: Call
    info: dict[str, Any] = field(default_factory=dict)
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    evaluated_tokens: int = 0  # prompt tokens the engine evaluated (the rest came from its KV cache)
    reused_tokens: int = 0
    seconds: float = 0.0

    def add(self, result: ChatResult) -> None:
        self.calls += 1
        self.evaluated_tokens += max(0, result.evaluated_prompt_tokens)
        self.reused_tokens += result.reused_prompt_tokens
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens
        self.seconds += result.seconds

    def merge(self, other: Tally) -> None:
        """Add what another tally of the same call did (counts summed, flags or-ed, settings kept)."""
        for key in ("calls", "prompt_tokens", "completion_tokens", "evaluated_tokens", "reused_tokens", "seconds"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.info = merge_info([self.info, other.info])

    def record(self, engine: object = None) -> dict[str, Any]:
        threads = {"threads": engine.threads} if hasattr(engine, "threads") else {}
        threads |= {"parallel": engine.parallel} if getattr(engine, "parallel", 1) > 1 else {}
        reuse = {"evaluated_tokens": self.evaluated_tokens, "reused_tokens": self.reused_tokens} \
            if self.evaluated_tokens else {}
        return self.info | threads | reuse | {"model_calls": self.calls, "prompt_tokens": self.prompt_tokens,
                            "completion_tokens": self.completion_tokens, "model_s": round(self.seconds, 3)}


class LLMStage:
    def __init__(self, card: ModelCard, engine: Engine) -> None:
        self.card = card
        self.engine = engine
        self.prompts = card.prompts
        self.options = card.options
        self.max_tokens = int(card.generation.get("max_tokens", 1024))

    def request(self, tally: Tally, system: str, user: str, max_tokens: int | None = None,
                grammar: str = "", one_line: bool = False) -> ChatRequest:
        """One model call's request; ``grammar`` (GBNF) constrains the answer when the card allows it
        (``grammar = true``, the default) and the engine can."""
        messages = ({"role": "system", "content": self.system_prompt(tally, system)}, {"role": "user", "content": user})
        grammar = grammar if self.options.get("grammar", True) else ""
        tally.info["grammar"] = bool(grammar) or tally.info.get("grammar", False)
        return ChatRequest(messages, max_tokens or self.max_tokens, tally.call, grammar, one_line)

    def ask(self, tally: Tally, system: str, user: str, max_tokens: int | None = None, grammar: str = "") -> str:
        return self.ask_all(tally, [self.request(tally, system, user, max_tokens, grammar)])[0]

    def ask_all(self, tally: Tally, requests: Sequence[ChatRequest]) -> list[str]:
        return [result.text for result in self.ask_results(tally, requests)]

    def ask_results(self, tally: Tally, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        """Answers to several requests, from the completion cache where it has them; the rest go to the engine
        together (an engine that decodes parallel sequences runs them at once). Only the first streams."""
        tally.call.check()
        use_cache = tally.call.use_cache and bool(self.card.file)
        identity = str(getattr(self.engine, "identity", ""))
        found = [completions.lookup(self.card, r, identity) if use_cache else None for r in requests]
        todo = [r if not k else replace(r, call=replace(r.call, on_token=None))
                for k, r in enumerate(r for r, hit in zip(requests, found, strict=True) if hit is None)]
        fresh = iter(self.engine.generate(todo) if todo else [])
        answers = []
        for request, hit in zip(requests, found, strict=True):
            if hit is not None:
                tally.info["cached_calls"] = tally.info.get("cached_calls", 0) + 1
                if tally.call.on_token:
                    tally.call.on_token(hit.text)
            result = hit or next(fresh)
            if hit is None and use_cache and result.text.strip() and not result.looped:  # nor one stopped looping
                completions.store(self.card, request, result, identity)
            tally.add(result)
            answers.append(result)
        return answers

    @property
    def constrained(self) -> bool:
        """The card allows grammars (``grammar = true``, the default) and the engine follows them."""
        return bool(self.options.get("grammar", True)) and bool(getattr(self.engine, "constrains", False))

    @property
    def parallel(self) -> int:
        """Sequences the engine decodes together (1 for an in-process engine)."""
        return int(getattr(self.engine, "parallel", 1))

    def terms(self, tally: Tally, text: str) -> str:
        """The glossary line for a prompt that writes English about ``text`` ("" when no entry occurs)."""
        if not self.options.get("prompt_terms", True):  # an ablation: the glossary stays out of the prompts
            return ""
        line = terms_for(tally.call.glossary, text)
        return prompt(self.prompts, "terms", text=line) if line else ""

    def system_prompt(self, tally: Tally, system: str) -> str:
        """The system message of a request (a stage may add what every request of its call shares)."""
        return prompt(self.prompts, system)

    def budget(self, key: str, share: float) -> int:
        return int(self.options.get(key, self.engine.context_length * share))


class LLMSummarizer(LLMStage):
    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        tally = Tally(call)
        sentences = [s for s in article.sentences if s.analysis_text.strip()]
        texts = [s.analysis_text for s in sentences]
        groups = chunk(texts, self.budget("points_chunk_tokens", 0.5), self.engine.count_tokens)
        tally.info = {"chunks": [[sentences[g[0]].id, sentences[g[-1]].id] for g in groups],
                      "map_reduce": len(groups) > 1}
        if len(groups) == 1:
            points = self.points_zh(tally, "points_zh", n, title=article.title, text="".join(texts))
        else:
            partial = [p for g in groups for p in
                       self.points_zh(tally, "points_zh", n, title=article.title, text="".join(texts[i] for i in g))]
            listing = "\n".join(f"{i}. {p}" for i, p in enumerate(partial, 1))
            points = self.points_zh(tally, "reduce_zh", n, title=article.title, text=listing)
        english = self.points_en(tally, article, n) if self.options.get("english_points") == "direct" else [""] * n
        return Points(tuple(sourced(points, english, article, sentences, tally)), tally.record(self.engine))

    def points_zh(self, tally: Tally, key: str, n: int, **fields: object) -> list[str]:
        request = prompt(self.prompts, key, n=n, **fields)
        points = parse_points(self.ask(tally, "system_zh", request))
        if len(points) < n:
            points = parse_points(self.ask(tally, "system_zh", request + "\n" + prompt(self.prompts, "retry_zh", n=n)))
        if len(points) < n:
            raise ModelError(f"card {self.card.name!r} was asked for {n} key points and gave {len(points)} "
                             "after a retry", "try fewer --points, another card, or --summarizer extractive")
        return points[:n]

    def points_en(self, tally: Tally, article: Article, n: int) -> list[str]:
        """English key points written directly from the Chinese article (cross-lingual summarization)."""
        text = protect_numbers(article.text) if self.options.get("protect_numbers", True) else article.text
        request = prompt(self.prompts, "points_en", n=n, title=protect_numbers(article.title), text=text)
        request += "\n" + self.terms(tally, article.title + article.text)
        points = parse_points(self.ask(tally, "system_en", request, grammar=points_grammar(n)))
        if len(points) < n or any(has_cjk(p) for p in points[:n]):
            points = parse_points(self.ask(tally, "system_en", request + "\n" + prompt(self.prompts, "english_only")))
        if len(points) < n:
            raise ModelError(f"card {self.card.name!r} gave {len(points)} English key points of {n} after a retry",
                             "set english_points = \"translate\" in the card, or use fewer --points")
        return points[:n]


def sourced(points: list[str], english: list[str], article: Article, sentences: Sequence[Sentence],
            tally: Tally) -> list[KeyPoint]:
    """Each point (with its English, if written directly) and the sentence it rests on, the most similar. A
    point with a figure the numbers check finds nowhere in the article (the 1.5B model wrote 同比增长1.56% beside
    18.56亿部; a bare 一 or 第三 is no figure) is replaced by the most similar sentence, as a bullet, that says
    what no other point says; the call info says which (``points_replaced``)."""
    texts = [s.analysis_text for s in sentences]
    values = source_values(article)
    out: list[KeyPoint] = []
    for k, (point, en) in enumerate(zip(points, english, strict=True)):
        invented = [q.text for q in unmatched(find_zh(point), values) if not _SMALL_COUNT.fullmatch(q.text)]
        if not invented:
            ids = _citing(point, texts, best_source(point, texts))
            out.append(KeyPoint(shorten(point, 60), tuple(sentences[i].id for i in ids), en=en))
            continue
        others = [p.text for p in out] + points[k + 1:]
        bullets = ((i, shorten(tidy(sentences[i].text), 60)) for i in by_similarity(point, texts))
        if found := next(((i, b) for i, b in bullets if not any(same_point(b, o) for o in others)), None):
            out.append(KeyPoint(found[1], (sentences[found[0]].id,)))
        tally.info.setdefault("points_replaced", []).append(f"{point} ({', '.join(invented)}: not in the article)")
    return out


_SMALL_COUNT = re.compile(r"[一二两三四五六七八九]")  # 一家, 两款, 第三: a count or an ordinal, not a figure


def _citing(point: str, texts: list[str], best: int) -> list[int]:
    """The sentence a point rests on (``best``), then the first sentence holding each figure of the point that
    ``best`` lacks (not a bare number under 100): a point that joins two sentences' facts cites both, so its
    figures trace to what it cites."""
    ids, held = [best], [None] * len(texts)
    for q in find_zh(point):
        if not q.unit and q.value == int(q.value) and q.value < 100:
            continue  # 3 or 15 is in many sentences: no citation from that
        for i in (best, *range(len(texts))):
            held[i] = held[i] if held[i] is not None else sorted(text_values([texts[i]]))
            if not unmatched([q], held[i]):
                ids += [i] if i not in ids else []
                break
    return ids


def bind(engine_class: Callable[[ModelCard], Engine]) -> tuple[Callable[[str, str], Engine],
                                                               Callable[[ModelCard], LLMSummarizer], type]:
    """For a backend: a per-card engine cache (one model shared by the summarizer and the translator of the
    same card), the summarizer the registry makes from a card (grounded where the card says ``grounded =
    true``: see summarize/llm/grounded.py) and the translator class it instantiates with a card."""
    from summarize.cards import load_card  # noqa: PLC0415
    from summarize.llm.grounded import GroundedSummarizer  # noqa: PLC0415 - they build on this module's stages
    from summarize.llm.translator import LLMTranslator  # noqa: PLC0415

    @lru_cache(maxsize=2)
    def engine(card_file: str, card_text: str) -> Engine:
        return engine_class(load_card(card_file))

    def summarizer(card: ModelCard) -> LLMSummarizer:
        if card.options.get("grounded") is True:
            return GroundedSummarizer(card, engine(card.file, card.text))
        return LLMSummarizer(card, engine(card.file, card.text))

    class Translator(LLMTranslator):
        def __init__(self, card: ModelCard) -> None:
            super().__init__(card, engine(card.file, card.text))

    return engine, summarizer, Translator
