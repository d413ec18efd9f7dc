"""The engine contract: one loaded model behind a list API with its own lock.

``generate(requests)`` takes chat requests, each with its own streaming callback and cancellation, and returns
one result per request with llama.cpp's / transformers' own token counts. An engine serves one batch at a
time (a ``llama_cpp.Llama`` is one KV cache and not thread-safe); callers never hold its lock themselves,
so concurrent web visitors, batch workers and later parallel sequences or a served model plug in here.

Prompt layout contract: a stable prefix (system message + instructions + per-article context) first and the
variable part (the chunk) last, so that a KV cache can reuse the prefix between calls.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Protocol

from summarize.stages import NO_CALL, Call


@dataclass(frozen=True)
class ChatRequest:
    messages: tuple[dict[str, str], ...]
    max_tokens: int
    call: Call = NO_CALL
    grammar: str = ""  # a GBNF grammar the answer must follow, where the engine can constrain ("" : free)
    one_line: bool = False  # one line of prose: an answer that repeats itself is stopped (see ``looping``)
    temperature: float | None = None  # sampled at this temperature (None: the card's own generation settings)
    seed: int | None = None  # the sampler's seed, so that a sampled answer can be had again


@dataclass(frozen=True)
class ChatResult:
    text: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    first_token_s: float
    waited_s: float = 0.0  # time spent waiting for the model while another request had it
    evaluated_prompt_tokens: int = -1  # prompt tokens the engine evaluated (-1: it does not say)
    reused_prompt_tokens: int = 0  # prompt tokens taken from its KV cache (a prefix shared with the last call)
    looped: bool = False  # stopped early: the model was repeating itself (see ``looping``)


class Engine(Protocol):
    context_length: int
    constrains: bool  # follows a request's grammar (an engine that cannot ignores it)

    def count_tokens(self, text: str) -> int: ...

    def generate(self, requests: Sequence[ChatRequest]) -> list[ChatResult]: ...


class SerialEngine:
    """Base of in-process engines that decode one sequence at a time: ``generate`` waits for the model's turn
    (first come, first served, so concurrent requests take turns call by call), tells a waiting request so,
    lets it go when it is cancelled while waiting, and runs its requests in order."""

    constrains = False

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._queue: deque[object] = deque()  # the request holding the model first, then those waiting

    def generate(self, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        out = []
        for request in requests:
            with self._turn(request.call) as waited:
                result = self.chat_one(request)
            out.append(replace(result, waited_s=waited))
        return out

    def chat_one(self, request: ChatRequest) -> ChatResult:
        raise NotImplementedError

    @contextmanager
    def _turn(self, call: Call) -> Iterator[float]:
        start, me = time.perf_counter(), object()
        with self._turns:
            self._queue.append(me)
            if self._queue[0] is not me and call.on_wait:
                call.on_wait(len(self._queue) - 1)
            while self._queue[0] is not me:
                self._turns.wait(0.25)
                if call.cancel is not None and call.cancel.is_set():
                    self._leave(me)
                    call.check()
        try:
            call.check()
            yield time.perf_counter() - start
        finally:
            with self._turns:
                self._leave(me)

    def _leave(self, me: object) -> None:
        self._queue.remove(me)
        self._turns.notify_all()


LOOP_SPAN = 40


def looping(text: str, span: int = LOOP_SPAN, longest: int = 200) -> bool:
    """The answer ends in a repetition of ``span`` characters or more: the same stretch twice in a row, or a
    short one over and over ("1, 1, 1, …" under a numbers grammar that keeps out the number the model wants,
    or a clause again and again under a grammar that holds a name it has no room for); such a model runs on
    to its token budget. An engine stops a ``one_line`` request's answer there and marks it ``looped``. (A
    name said twice in a sentence is no loop: the words between the two break the repetition. A numbered
    chunk may repeat a clause, where a key point is a clause of the sentence beside it: chunks are not
    stopped.)"""
    for period in range(1, min(longest, len(text) // 2) + 1):
        length = max(span, period)
        if length + period <= len(text) and text[-length:] == text[-length - period:-period]:
            return True
    return False


def stream_piece(call: Call, piece: str) -> None:
    """Pass a generated piece to the request's callback; stop the model when the request is cancelled."""
    call.check()
    if call.on_token and piece:
        call.on_token(piece)


def sampled(request: ChatRequest, temperature: float) -> float:
    """The temperature ``request`` is answered at: its own where it asks to be sampled, else the card's."""
    return temperature if request.temperature is None else request.temperature
