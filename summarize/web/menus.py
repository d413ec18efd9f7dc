"""What the page's card menus offer: the cards that can run on this server, each labelled with what it costs
a visitor (instant, or about N s per sentence). The cards that cannot run here are for the operator: they go
to the server log with how to get them, never to the page."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarize.cards import AUTO, ModelCard, available_cards, load_card
from summarize.errors import SummarizeError
from summarize.models_cli import auto_picks
from summarize.registry import spec
from summarize.registry import status as card_status

log = logging.getLogger("summarize.web")
TASKS = ("summarize", "translate")


@dataclass(frozen=True)
class Offer:
    """One card in a menu: ``value`` is what the page sends (the card's name: an operator's card file is never
    shown by its path), ``ref`` what the run config is built from (a shipped card's name, or that path)."""

    value: str
    name: str
    task: str
    ref: str = ""
    llm: bool = False
    gloss: bool = False
    extractive: bool = False
    seconds_per_sentence: float = 0.0  # the card's estimate; 0 when it has none

    @property
    def label(self) -> str:
        return f"{self.name} ({self.cost})"

    @property
    def cost(self) -> str:
        """What the card is and how long a visitor waits for it, in a few words."""
        if self.gloss or self.extractive:
            return "word by word, instant" if self.gloss else "instant"
        kind = "AI model" if self.llm else "translation model" if self.task == "translate" else "summary model"
        per = self.seconds_per_sentence
        return f"{kind}, " + (f"about {per:g} s a sentence" if per else
                              "minutes an article" if self.llm else "seconds an article")


@dataclass(frozen=True)
class Menus:
    offers: dict[str, tuple[Offer, ...]] = field(default_factory=dict)  # task → ready cards, best first
    defaults: dict[str, str] = field(default_factory=dict)  # task → the value picked when the page opens

    def choices(self, task: str) -> list[tuple[str, str]]:
        return [(o.label, o.value) for o in self.offers.get(task, ())]

    def offer(self, task: str, value: str) -> Offer | None:
        return next((o for o in self.offers.get(task, ()) if o.value == value), None)

    def ref(self, task: str, value: str) -> str:
        """The card to build the run with, for what the page sent (anything not offered is passed on as is,
        and refused there if it is no card)."""
        offer = self.offer(task, value)
        return offer.ref or offer.value if offer else value

    def real_translator(self) -> Offer | None:
        """The translator to suggest for real English (not the gloss): the default if it is one, else the
        fastest."""
        real = [o for o in self.offers.get("translate", ()) if not o.gloss]
        return next((o for o in real if o.value == self.defaults.get("translate")), real[0] if real else None)


def card_menus(extra_cards: Sequence[str] = ()) -> Menus:
    """The shipped cards that can run here, plus the operator's own card files (``extra_cards``)."""
    offers: dict[str, list[Offer]] = {task: [] for task in TASKS}
    for ref in [*available_cards(), *extra_cards]:
        card = _ready_card(ref)
        for task in card.tasks if card else ():
            offers.setdefault(task, []).append(_offer(card, ref, task))
    picks = auto_picks()
    defaults = {}
    for task in TASKS:
        offers[task].sort(key=_fastest_first)
        values = [o.value for o in offers[task]]
        pick = picks.get(task, AUTO)
        defaults[task] = pick if pick in values else (values[0] if values else "")
    return Menus({task: tuple(o) for task, o in offers.items()}, defaults)


def _fastest_first(o: Offer) -> tuple[bool, bool, float, str]:
    """Instant cards first, then by the time per sentence (cards without an estimate last)."""
    return (not (o.gloss or o.extractive), not o.seconds_per_sentence, o.seconds_per_sentence, o.name)


def _ready_card(value: str) -> ModelCard | None:
    """The card if it can run here; else None, and the operator learns from the log how to get it."""
    try:
        card = load_card(value)
        status = card_status(card)
    except SummarizeError as exc:
        log.warning("card %s cannot be offered: %s", value, exc)
        return None
    if not status["ready"]:
        log.info("card %s is not installed here (%s): %s", card.name, ", ".join(card.tasks), status["how_to_get"])
        return None
    return card


def _offer(card: ModelCard, ref: str, task: str) -> Offer:
    backend = spec(card.backend)
    per = card.options.get("estimate_s_per_sentence", 0)
    return Offer(card.name, card.name, task, ref=ref, llm=backend.llm, gloss=card.backend == "gloss",
                 extractive=card.backend in ("extractive", "learned"),
                 seconds_per_sentence=float(per) if isinstance(per, int | float) else 0.0)
