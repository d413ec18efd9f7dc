"""Instruct LLMs behind an OpenAI-compatible HTTP server: llama.cpp's ``llama-server``, vLLM, TGI, Ollama.

Two backends share this engine. ``openai`` talks to a server that is already running (``base_url``, or
``$SUMMARIZE_LLM_URL``); ``llama-server`` starts llama.cpp's server on the card's GGUF, one per machine (see
:mod:`summarize.llm.server`). The stages, prompts, checks and streaming are the LLM stages' own; the server
does the batching (``parallel`` requests in flight, decoded together), the prompt cache and the grammar:

- ``constrain = "llama"``: GBNF in the request's ``grammar`` field (llama-server);
- ``constrain = "vllm"``: the same grammar as ``structured_outputs.grammar`` (vLLM's xgrammar reads GBNF);
- ``constrain = "none"``: free output, parsed and retried by the stages.

Token counts are the server's own (``usage``; llama-server's ``timings`` add prompt tokens reused from
its cache). The API key, if any, comes from the environment variable the card names (``api_key_env``).
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from summarize.cards import ModelCard
from summarize.errors import ConfigError, ModelError
from summarize.llm import cache as completions
from summarize.llm.engine import ChatRequest, ChatResult, looping, sampled, stream_piece
from summarize.llm.stages import bind
from summarize.stages import Call
from summarize.textutil import cjk_count

CONSTRAIN = ("llama", "vllm", "none")


class OpenAIEngine:
    """An engine over HTTP: up to ``slots`` requests in flight at once (one connection each), ``parallel`` of
    them from one call; the rest wait their turn (told through ``Call.on_wait``); a cancelled request closes
    its stream, which stops it."""

    def __init__(self, card: ModelCard, base_url: str | None = None, model: str = "") -> None:
        o = card.options
        url = (base_url or o.get("base_url") or os.environ.get("SUMMARIZE_LLM_URL") or "").rstrip("/")
        self.base_url = url
        if not url:
            raise ConfigError(f"card {card.name!r} (backend openai) names no server",
                              "set base_url in the card's [options], or SUMMARIZE_LLM_URL=http://host:port")
        self.constrain = str(o.get("constrain", "llama" if card.backend == "llama-server" else "none"))
        if self.constrain not in CONSTRAIN:
            raise ConfigError(f"card {card.name!r}: constrain = {self.constrain!r}", f"one of: {', '.join(CONSTRAIN)}")
        # requests in flight: the server's slots (this process's share: a batch of W workers gives each 1 / W);
        # one call's requests at once: ``parallel``, so that other requests (visitors, stages) find free slots
        self.slots = max(1, int(os.environ.get("SUMMARIZE_LLM_SLOTS") or o.get("slots") or o.get("parallel", 4)))
        self.parallel = max(1, min(int(o.get("parallel", 4)), self.slots))
        self.context_length = int(o.get("n_ctx", 4096))
        self.temperature = float(card.generation.get("temperature", 0.0))
        self.timeout = float(o.get("timeout_s", 600))
        key_env = str(o.get("api_key_env", "SUMMARIZE_LLM_API_KEY"))
        self.headers = {"Content-Type": "application/json"} | (
            {"Authorization": f"Bearer {os.environ[key_env]}"} if os.environ.get(key_env) else {})
        self.model = str(o.get("served_model") or card.model or model or self.served_model())
        self.identity = self.model  # the served model, in the completion cache's key
        self._slots = threading.BoundedSemaphore(self.slots)
        self._waiting = 0  # requests waiting for a slot
        self._count = threading.Lock()
        self._tokenize = self.constrain == "llama"  # llama-server's /tokenize; others: an estimate
        self.count_salt = ""  # a served model whose token counts may be kept on disk: its file's identity
        self.constrains = self.constrain != "none"

    def count_tokens(self, text: str) -> int:
        return _count_tokens(self, text)

    def generate(self, requests: Sequence[ChatRequest]) -> list[ChatResult]:
        if len(requests) == 1:
            return [self.chat(requests[0])]
        with ThreadPoolExecutor(min(len(requests), self.parallel)) as pool:
            return list(pool.map(self.chat, requests))

    def chat(self, request: ChatRequest) -> ChatResult:
        waited = self._wait_for_slot(request.call)
        try:
            return self._stream(request, waited)
        finally:
            self._slots.release()

    def _wait_for_slot(self, call: Call) -> float:
        start = time.perf_counter()
        if self._slots.acquire(blocking=False):
            return 0.0
        with self._count:
            self._waiting += 1
            place = self._waiting  # every slot is busy: its place in the queue (1: next)
        try:
            if call.on_wait:
                call.on_wait(place)
            while not self._slots.acquire(timeout=0.25):
                call.check()
        finally:
            with self._count:
                self._waiting -= 1
        return time.perf_counter() - start

    def body(self, request: ChatRequest) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": list(request.messages), "stream": True,
                                "max_tokens": request.max_tokens, "temperature": sampled(request, self.temperature),
                                "stream_options": {"include_usage": True}}
        if request.seed is not None:
            body["seed"] = request.seed
        if request.grammar and self.constrain == "llama":
            body |= {"grammar": request.grammar, "cache_prompt": True}
        elif request.grammar and self.constrain == "vllm":
            body["structured_outputs"] = {"grammar": request.grammar}
        return body

    def _stream(self, request: ChatRequest, waited: float) -> ChatResult:
        start, first, text, final, looped = time.perf_counter(), 0.0, "", {}, False
        connection = self._connect()
        try:
            connection.request("POST", self._path("/v1/chat/completions"), json.dumps(self.body(request)), self.headers)
            response = connection.getresponse()
            if response.status != 200:
                raise _http_error(self.base_url, response.status, response.read())
            for event in _events(response, self.base_url):
                choice = (event.get("choices") or [{}])[0] or {}
                delta = (choice.get("delta") or {}).get("content")
                if delta:
                    first = first or time.perf_counter() - start
                    text += delta
                    stream_piece(request.call, delta)  # raises Cancelled: the connection closes below
                    if looped := request.one_line and looping(text):  # closing the connection (below) stops
                        break  # the server's decoding
                final |= {k: event[k] for k in ("usage", "timings") if event.get(k)}
                final["finished"] = final.get("finished") or bool(choice.get("finish_reason"))
        except (OSError, http.client.HTTPException) as e:
            raise ModelError(f"the LLM server at {self.base_url} failed: {e}", "check that it is running") from None
        finally:
            connection.close()
        if looped:
            return self._looped(request, text, time.perf_counter() - start, first, waited)
        if not final.get("finished"):  # a stream cut short is no answer (and must not reach the cache)
            raise ModelError(f"the LLM server at {self.base_url} ended its answer before finishing it",
                             "check the server's log (out of context or memory?), then run again")
        return _result(text, final, time.perf_counter() - start, first, waited)

    def _looped(self, request: ChatRequest, text: str, seconds: float, first: float, waited: float) -> ChatResult:
        """An answer stopped because it repeats itself: the server sends no counts for it, so they are counted
        here (the prompt as its messages' tokens, none known to be reused)."""
        prompt = sum(self.count_tokens(m["content"]) for m in request.messages)
        return ChatResult(text, prompt, self.count_tokens(text), seconds, first, waited_s=waited,
                          evaluated_prompt_tokens=prompt, looped=True)

    def served_model(self) -> str:
        """The model id the server reports (``/v1/models``), for requests and provenance."""
        data = self._get("/v1/models")
        models = data.get("data") or data.get("models") or []
        return str(models[0].get("id") or models[0].get("name")) if models else "default"

    def _get(self, path: str) -> dict[str, Any]:
        connection = self._connect(timeout=30)
        try:
            connection.request("GET", self._path(path), headers=self.headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise _http_error(self.base_url, response.status, body)
            return json.loads(body or b"{}")
        except (OSError, http.client.HTTPException, ValueError) as e:
            raise ModelError(f"no OpenAI-compatible server answers at {self.base_url} ({e})",
                             "start it, or fix base_url / SUMMARIZE_LLM_URL") from None
        finally:
            connection.close()

    def _connect(self, timeout: float | None = None) -> http.client.HTTPConnection:
        parts = urlsplit(self.base_url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        return kind(parts.hostname or "127.0.0.1", parts.port, timeout=timeout or self.timeout)

    def _path(self, path: str) -> str:
        prefix = urlsplit(self.base_url).path.rstrip("/")
        return prefix.removesuffix("/v1") + path


def _events(response: http.client.HTTPResponse, url: str):
    """The JSON events of a server-sent-events stream, up to ``[DONE]``; an error event raises."""
    for raw in response:
        line = raw.decode("utf-8", "replace").strip()
        field, _, data = line.partition(":")
        data = data.strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data) if field in ("data", "error") else None
        except ValueError:
            continue
        if field == "error" or (isinstance(event, dict) and event.get("error")):
            detail = event.get("error", event) if isinstance(event, dict) else event
            message = detail.get("message", detail) if isinstance(detail, dict) else detail
            raise ModelError(f"the LLM server at {url} failed mid-answer: {message}", "check the server's log")
        if isinstance(event, dict):
            yield event


def _result(text: str, final: dict[str, Any], seconds: float, first: float, waited: float) -> ChatResult:
    usage, timings = final.get("usage") or {}, final.get("timings") or {}
    prompt = int(usage.get("prompt_tokens") or timings.get("prompt_n", 0) + timings.get("cache_n", 0))
    generated = int(usage.get("completion_tokens") or timings.get("predicted_n", 0))
    evaluated = int(timings["prompt_n"]) if "prompt_n" in timings else -1
    return ChatResult(text, prompt, generated, seconds, first, waited_s=waited, evaluated_prompt_tokens=evaluated,
                      reused_prompt_tokens=int(timings.get("cache_n", 0)))


def _http_error(url: str, status: int, body: bytes) -> ModelError:
    detail = body.decode("utf-8", "replace").strip().replace("\n", " ")[:200]
    return ModelError(f"the LLM server at {url} answered HTTP {status}: {detail}",
                      "check the card's served_model and options against the server")


@lru_cache(maxsize=4096)
def _count_tokens(engine: OpenAIEngine, text: str) -> int:
    salt = engine.count_salt
    kept = completions.lookup_count(salt, text) if salt else None
    if kept is not None:
        return kept
    count = _ask_count(engine, text)
    if salt and count is not None:
        completions.store_count(salt, text, count)
    return estimate_tokens(text) if count is None else count


def _ask_count(engine: OpenAIEngine, text: str) -> int | None:
    """The server's own count (llama-server's /tokenize), or None where it cannot say."""
    if engine._tokenize:
        connection = engine._connect(timeout=30)
        try:
            connection.request("POST", engine._path("/tokenize"), json.dumps({"content": text}), engine.headers)
            response = connection.getresponse()
            if response.status == 200:
                return len(json.loads(response.read()).get("tokens", []))
            if response.status in (404, 405, 501):  # the server has no /tokenize: estimate from now on
                engine._tokenize = False
        except (OSError, http.client.HTTPException, ValueError):
            pass  # a passing failure: this text is estimated, the next asks again
        finally:
            connection.close()
    return None


def estimate_tokens(text: str) -> int:
    """Tokens for a server that cannot count them: about one per Chinese character, one per 4 other characters."""
    cjk = cjk_count(text)
    return cjk + (len(text) - cjk + 3) // 4


class ServerEngine(OpenAIEngine):
    """The ``llama-server`` backend: llama.cpp's server on the card's GGUF, started here unless running, when
    the first request or token count needs it (a run whose answers and counts all come from the caches never
    starts it). It serves the model under the GGUF's name (``--alias``)."""

    def __init__(self, card: ModelCard) -> None:
        from summarize.llm import server  # noqa: PLC0415

        self._settings, self._url, self._starting = server.ServerSettings.of(card), "", threading.Lock()
        self._failed: Exception | None = None  # a start that failed is not tried again by every thread
        super().__init__(card, base_url="http://llama-server.invalid", model=self._settings.model.stem)
        self.threads = self._settings.threads
        info = self._settings.model.stat()
        self.count_salt = f"{self._settings.model.resolve()}:{info.st_size}:{info.st_mtime_ns}"

    @property
    def base_url(self) -> str:  # type: ignore[override]
        with self._starting:
            if self._failed is not None:
                raise self._failed
            if not self._url:
                from summarize.llm import server  # noqa: PLC0415

                try:
                    self._url = server.serve(self._settings)
                except Exception as e:
                    self._failed = e
                    raise
            return self._url

    @base_url.setter
    def base_url(self, value: str) -> None:
        """(The placeholder the base class stores: the address is the started server's.)"""


engine, OpenAISummarizer, OpenAITranslator = bind(OpenAIEngine)
server_engine, ServerSummarizer, ServerTranslator = bind(ServerEngine)
