"""Model cards: small TOML files in ``models/`` that name a backend and its settings.

    name = "opus-mt-zh-en"
    backend = "hf-seq2seq"
    tasks = ["translate"]
    model = "Helsinki-NLP/opus-mt-zh-en"    # hub id, looked up in the local Hugging Face cache
    path = ""                               # or a local folder (relative paths: from the card's folder)
    revision = "main"
    [generation]
    num_beams = 4

Weights are looked for in ``path``, then ``$SUMMARIZE_MODELS_DIR/<name>`` (default
``~/.cache/summarize/models/<name>``), then the Hugging Face hub cache; never downloaded at run time.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.errors import ConfigError, ModelNotFoundError, UnknownModelError

TASKS = ("summarize", "translate")
AUTO = "auto"  # a card name that means: the best card that can run here (see ``pick_auto``)


@dataclass(frozen=True)
class ModelCard:
    name: str
    backend: str
    tasks: tuple[str, ...]
    model: str = ""
    path: str = ""
    revision: str = ""
    description: str = ""
    get: str = ""  # how to obtain the weights, shown when they are missing
    generation: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    prompts: dict[str, str] = field(default_factory=dict)
    install: dict[str, Any] = field(default_factory=dict)  # how `summarize models install` gets the weights
    auto: dict[str, int] = field(default_factory=dict)  # task → rank when ``auto`` picks (higher first)
    file: str = ""
    text: str = ""  # the card file's contents: what the run fingerprint hashes

    @property
    def needs_weights(self) -> bool:
        from summarize.registry import spec  # noqa: PLC0415 - the registry imports this module

        return spec(self.backend).needs_weights

    def describe(self) -> dict[str, Any]:
        """What provenance records about the card."""
        return {"card": self.name, "backend": self.backend, "model": self.model or self.path or None,
                "revision": self.revision or None, "generation": dict(self.generation)}


def cards_dir() -> Path:
    """The shipped cards (package data, so an installed wheel has them too), or ``$SUMMARIZE_CARDS_DIR``."""
    env = os.environ.get("SUMMARIZE_CARDS_DIR")
    return Path(env) if env else Path(__file__).resolve().parent / "models"


def models_dir() -> Path:
    env = os.environ.get("SUMMARIZE_MODELS_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "summarize" / "models"


def available_cards() -> list[str]:
    return sorted(p.stem for p in cards_dir().glob("*.toml"))


def load_card(name_or_path: str) -> ModelCard:
    """A card by name (``models/<name>.toml``) or by the path of a TOML file."""
    path = Path(name_or_path)
    if path.suffix != ".toml" or not path.is_file():
        path = cards_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            raise UnknownModelError(name_or_path, available_cards())
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"model card {path} is not valid TOML ({e})", "fix the file's syntax") from None
    return _card_from_dict(data, path.resolve(), text)


def _card_from_dict(data: dict[str, Any], path: Path, text: str) -> ModelCard:
    for key in ("name", "backend", "tasks"):
        if key not in data:
            raise ConfigError(f"model card {path} has no {key!r}", "see models/*.toml for the fields a card needs")
    _shaped(data, path)
    tasks = tuple(data["tasks"])
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ConfigError(f"model card {path}: unknown task {unknown[0]!r}", f"tasks are {', '.join(TASKS)}")
    fields = {k: data[k] for k in ("model", "path", "revision", "description", "get") if k in data}
    return ModelCard(name=data["name"], backend=data["backend"], tasks=tasks,
                     generation=dict(data.get("generation", {})), options=dict(data.get("options", {})),
                     prompts=dict(data.get("prompts", {})), install=dict(data.get("install", {})),
                     auto={str(k): int(v) for k, v in dict(data.get("auto", {})).items()}, file=str(path), text=text, **fields)


_TABLES = ("generation", "options", "prompts", "install", "auto")


def _shaped(data: dict[str, Any], path: Path) -> None:
    """The card's fields of the right kinds: text where text is due, a list of tasks, tables, whole-number
    auto ranks (a card of the wrong shape is one line, never a traceback in a later stage)."""
    wrong = next((k for k in ("name", "backend") if not isinstance(data[k], str) or not data[k].strip()), None)
    wrong = wrong or ("tasks" if not isinstance(data["tasks"], list) or not all(isinstance(t, str) for t in
                                                                                   data["tasks"]) else None)
    wrong = wrong or next((k for k in _TABLES if not isinstance(data.get(k, {}), dict)), None)
    auto = data.get("auto", {}) if isinstance(data.get("auto", {}), dict) else {}
    wrong = wrong or ("auto" if any(isinstance(v, bool) or not isinstance(v, int) for v in auto.values()) else None)
    if wrong:
        raise ConfigError(f"model card {path}: {wrong!r} is not of the right kind",
                          'see models/*.toml: name and backend are text, tasks = ["summarize", …], '
                          "[options] and [generation] are tables, auto ranks are whole numbers")


def candidate_paths(card: ModelCard) -> list[Path]:
    paths = []
    if card.path:
        p = Path(card.path).expanduser()
        paths.append(p if p.is_absolute() else Path(card.file).parent / p)
    paths.append(models_dir() / card.name)
    if card.options.get("weights_of"):  # a card that reads another card's installed files
        paths.append(models_dir() / card.options["weights_of"])
    if card.model:
        paths.append(_hf_cache_root() / f"models--{card.model.replace('/', '--')}")
    return paths


def _hf_cache_root() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    return home / "hub"


def find_weights(card: ModelCard) -> Path | None:
    """The local folder (or file) that holds the card's weights, or None. A card whose weights are one
    file (``options.filename``, e.g. a GGUF) needs that file in the folder."""
    filename = card.options.get("filename")
    for p in candidate_paths(card):
        found = _hub_snapshot(p, card.revision or "main") if p.name.startswith("models--") else p
        if found is None or not found.exists():
            continue
        if found.is_file():
            return found
        if (found / filename).is_file() if filename else any(found.iterdir()):
            return found / filename if filename else found
    return None


def _hub_snapshot(repo: Path, revision: str) -> Path | None:
    """The cached snapshot for ``revision`` (a branch or tag via refs/, or a commit hash)."""
    ref = repo / "refs" / revision
    commit = ref.read_text(encoding="utf-8").strip() if ref.is_file() else revision
    snapshot = repo / "snapshots" / commit
    return snapshot if snapshot.is_dir() else None


def require_weights(card: ModelCard) -> Path:
    found = find_weights(card)
    if found is None:
        raise ModelNotFoundError(card.name, [str(p) for p in candidate_paths(card)], how_to_get(card))
    return found


def how_to_get(card: ModelCard) -> str:
    if card.get:
        return card.get
    if card.install:
        return f"run `summarize models install {card.name}`"
    target = models_dir() / card.name
    if card.model:
        return (f"on a machine with internet run `huggingface-cli download {card.model} --local-dir {card.name}`, "
                f"copy that folder to {target}, or set path = \"...\" in {card.file}")
    return f"put the model files in {target}, or set path = \"...\" in {card.file}"


def weights_identity(card: ModelCard) -> str:
    """What identifies the weights a card runs (for the run fingerprint): the sha256 recorded at install, a
    Hugging Face snapshot's commit, else the names, sizes and times of the files."""
    found = find_weights(card) if card.needs_weights else None
    if found is None:
        return "none" if not card.needs_weights else "missing"
    if found.is_file():
        recorded = found.with_name(found.name + ".sha256")
        if recorded.is_file():
            return "sha256:" + recorded.read_text(encoding="utf-8").strip()
        files = [found]
    elif found.parent.name == "snapshots":
        return "hf-snapshot:" + found.name
    else:
        files = sorted(p for p in found.rglob("*") if p.is_file())
    listing = "\n".join(f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in files)
    return "files:" + hashlib.sha256(listing.encode()).hexdigest()[:16]
