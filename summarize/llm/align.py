"""Is each numbered English line the translation of its own source line? A model that merges or skips a
sentence shifts every later line of the chunk by one, and a grammar that numbers the lines hides it. The
anchors of a sentence (its figures, its Latin-script words, the glossary's English for its names) must be
in its English; a line that has none of its own anchors but one of a neighbour's is shifted."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from summarize.textutil import cjk_count

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'-]{2,}")
_UNITS = {"billion", "million", "trillion", "thousand", "yuan", "usd", "rmb"}  # written by number protection


def anchors(source: str, glossary: Mapping[str, str]) -> set[str]:
    """What the English of ``source`` must contain: figures (commas dropped), Latin-script words, names."""
    figures = {f.replace(",", "") for f in _FIGURE.findall(source)}
    words = {w.lower() for w in _LATIN.findall(source)} - _UNITS
    names = {en.lower() for zh, en in glossary.items() if zh in source and en}
    return figures | words | names


def _holds(english: str, figures: set[str], anchor: str) -> bool:
    return anchor in figures if anchor[0].isdigit() else anchor in english.lower()


def first_shifted(sources: Sequence[str], english: Sequence[str], glossary: Mapping[str, str]) -> int | None:
    """The index of the first line that holds none of its own anchors and some of a neighbour's, or None."""
    own = [anchors(s, glossary) for s in sources]
    for i, en in enumerate(english):
        figures = {f.replace(",", "") for f in _FIGURE.findall(en)}
        if not own[i] or not en or any(_holds(en, figures, a) for a in own[i]):
            continue
        neighbours = set().union(*(own[j] for j in (i - 1, i + 1) if 0 <= j < len(own))) - own[i]
        if any(_holds(en, figures, a) for a in neighbours):
            return i
    return None


def much_shorter(source: str, english: str) -> bool:
    """English too short to hold its source: under 1.2 characters per Chinese character (human translations of
    WMT21 zh→en never go under 2.38), as when a model lists a prompt's glossary names instead of translating."""
    chinese = cjk_count(source)
    return chinese >= 10 and len(english) < 1.2 * chinese


# What a chat model puts before its answer: "Here is the English translation of the given Chinese text, with the
# names and terms exactly as specified:" (seen as the whole answer for a sentence with four glossary entries).
_PREAMBLE = re.compile(r"^(?:(?:Sure|Certainly|OK|Okay)[,!.]?\s*)?(?:Here(?:\s+is|'s)|Below\s+is)\s+(?:the|an|a|my)\s+"
                       r"(?:English\s+)?translat(?:ion|ed\s+text)\b[^:\n]{0,120}:\s*", re.IGNORECASE)


# A name the source gives in brackets, copied twice: "蒂姆·费里斯(Tim Ferriss)" → "Tim Ferriss (Tim Ferriss)".
_TWICE = re.compile(r"(?<![\w-])([A-Z][\w.&'’ -]{0,48}?)\s*[(（]\1[)）]")


# The prompt's notes said back instead of a translation: "These names and terms are exactly as follows: e-commerce
# = e-commerce; influencer = influencer." (a whole answer in a dev run), "… must contain these names exactly as
# written here: Amazon."
_ECHO = re.compile(r"\bnames(?: and terms)? (?:are )?exactly as (?:follows|written here)\b|\bmust contain these names\b",
                   re.IGNORECASE)
_ENTRY = re.compile(r"\S = \S")


def tidy(answer: str, source: str = "") -> str:
    """A model's one-line answer as the reader gets it: on one line, without a chat model's "Here is the
    translation …:" before it (all of it, if that is all), a name it copied twice written once; "" if it says
    the prompt's notes back (glossary entries "x = y" that ``source`` does not hold, "names … exactly as …")."""
    text = " ".join(answer.split())
    text = _TWICE.sub(r"\1", text if "译" in source else _PREAMBLE.sub("", text, count=1))  # 翻译: a real "translation"
    echo = _ECHO.search(text) or (_ENTRY.search(text) and "=" not in source.replace("＝", "="))
    return "" if echo else text
