"""The small interfaces every backend implements, one per stage, and the per-call context they are given.

Backends hold no per-request state: a call gets its :class:`Call` context (streaming callback, cancellation)
and returns its result together with its call info (chunks, retries, tokens) for provenance. One loaded
backend can then serve many requests at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from summarize.cards import ModelCard
from summarize.data import Article, KeyPoint, Term
from summarize.errors import Cancelled

OnToken = Callable[[str], None]


@dataclass(frozen=True)
class Call:
    """What one request brings to a backend call: where its streamed text goes, how it is cancelled, whom to
    tell when it must wait for a shared model, and the article glossary every English rendering follows."""

    on_token: OnToken | None = None
    cancel: threading.Event | None = None
    on_wait: Callable[[int], None] | None = None  # called with its place in the queue (1: next)
    glossary: Mapping[str, str] = field(default_factory=dict)  # the article's names and terms: zh → English
    names: tuple[Term, ...] = ()  # its glossary entries, which an English line is checked against
    use_cache: bool = True  # a model's answers may come from, and go to, the completion cache
    def check(self) -> None:
        """Raise :class:`Cancelled` once the request is cancelled (called between sentences, chunks, tokens)."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("the request was cancelled", "run it again, or with a faster card")


NO_CALL = Call()


@dataclass(frozen=True)
class Points:
    points: tuple[KeyPoint, ...]
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class English:
    texts: tuple[str, ...]
    info: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Summarizer(Protocol):
    card: ModelCard

    def key_points(self, article: Article, n: int, call: Call = NO_CALL) -> Points:
        """``n`` short Chinese key points, each with the ids of the sentences it rests on."""
        ...


@runtime_checkable
class Translator(Protocol):
    card: ModelCard
    is_gloss: bool  # True for a word-by-word gloss, which every output must say

    def translate(self, texts: Sequence[str], call: Call = NO_CALL) -> English:
        """English for each Chinese text, in order; batched by the backend as it sees fit."""
        ...


# Call info that describes how a call ran, not what it did: the first call's value stands for all.
SETTINGS = frozenset({"threads", "parallel", "chunk_tokens", "unit"})


def merge_info(infos: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Call info of several calls on one article: counts add up, lists join, settings and other values keep
    the first."""
    out: dict[str, Any] = {}
    for info in infos:
        for key, value in info.items():
            if key not in out:
                out[key] = list(value) if isinstance(value, list) else value
            elif key in SETTINGS:
                continue
            elif isinstance(value, bool):
                out[key] = out[key] or value
            elif isinstance(value, int | float | list):
                out[key] += value
    return out
