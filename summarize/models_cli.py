"""``summarize models list``: every card, whether it can run here, how to get what it lacks, what `auto` picks."""

from __future__ import annotations

import json

from summarize.cards import available_cards, load_card
from summarize.errors import SummarizeError
from summarize.registry import pick_auto, status


def install_model(name: str) -> int:
    from summarize.models_install import install  # noqa: PLC0415

    install(load_card(name))
    return 0


def auto_picks() -> dict[str, str]:
    """task → the card `auto` picks here."""
    picks = {}
    for task in ("summarize", "translate"):
        try:
            picks[task] = pick_auto(task)[0].name
        except SummarizeError:
            continue
    return picks


def _row(name: str) -> dict:
    """A card's status, or for a card file that cannot be read, what is wrong with it (the others still list)."""
    try:
        return status(load_card(name))
    except SummarizeError as e:
        return {"name": name, "backend": "?", "tasks": [], "ready": False, "description": f"cannot be read: {e}",
                "weights": "-", "how_to_get": "fix or remove the card file"}


def list_models(as_json: bool = False) -> int:
    picks = auto_picks()
    rows = [_row(name) | {"auto": [t for t, c in picks.items() if c == name]} for name in available_cards()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "ready" if r["ready"] else "NOT AVAILABLE"
        auto = f"  ← auto ({', '.join(r['auto'])})" if r["auto"] else ""
        print(f"{r['name']:<28} {r['backend']:<12} {'+'.join(r['tasks']):<20} {state}{auto}")
        if r["description"]:
            print(f"    {r['description']}")
        print(f"    weights: {r['weights']}")
        if r["how_to_get"]:
            print(f"    to get it: {r['how_to_get']}")
    return 0
