"""A translated line that leaves out glossary names of its source is asked again with the names written in
English in the source itself; where the model still leaves a name out (it dropped the clause that held it),
a few sampled answers are asked for, and the one that leaves out fewest names (then the closest to the first
English) replaces the line. The names check is the judge: an answer that drops another name is no better."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from summarize.checks import check_names
from summarize.data import Term
from summarize.glossary import lexicon
from summarize.llm.align import much_shorter, tidy
from summarize.llm.engine import ChatRequest, ChatResult
from summarize.llm.grammars import english_grammar, holding_grammar
from summarize.llm.prompts import prompt
from summarize.llm.stages import Tally
from summarize.textutil import HAN, has_cjk

SAMPLES = 4  # sampled answers at most for a line the greedy re-ask left without a name
TEMPERATURE = 0.7  # (names_samples and sample_temperature in a card's [options] change them)


class NamesAgain:
    """The names follow-up of :class:`~summarize.llm.translator.LLMTranslator` (a mixin: it uses the
    translator's engine, options, prompts, ``ask_results``, ``line_request``, ``line_budget``, ``numbers_of`` and
    ``rules``)."""

    def ask_names_again(self, tally: Tally, pieces: list[str], english: list[str]) -> list[str]:
        """Each line that leaves out names (as ``checks.names`` would report them, 3 at most) asked again with
        them all inline and, when several are missing, with each alone too (a name that does not fit must not
        sink the others): of the answers that are candidates, the one that leaves out fewest names (then the
        closest to the first English) replaces the line if it leaves out fewer; then :meth:`sample_names`."""
        names = tally.call.names if self.options.get("names_again", True) else ()
        missing = {i: m for i, (p, e) in enumerate(zip(pieces, english, strict=True))
                   if names and e and 0 < len(m := {issue.zh: issue.en for issue in self.names_left_out(names, p, e)})
                   <= 3}  # the grammar holds 3 at most
        asks = [(i, held, None) for i, m in missing.items()
                for held in ([m] + ([{zh: en} for zh, en in m.items()] if len(m) > 1 else []))]
        out, left = self.best_answers(tally, pieces, english, asks, {i: len(m) for i, m in missing.items()})
        out = self.sample_names(tally, pieces, english, out, left)
        tally.info |= {"names_asked_again": len(missing),
                       "names_fixed": sum(a != b for a, b in zip(out, english, strict=True))}
        return out

    def sample_names(self, tally: Tally, pieces: list[str], first: list[str], out: list[str],
                     left: dict[int, int]) -> list[str]:
        """The lines that still leave out names asked again sampled, one answer a round (seeds 1, 2, … up to
        ``names_samples``, at the card's ``sample_temperature``), each round only the lines that still leave
        one out: an answer replaces its line if it leaves out fewer names (the first to hold them all ends the
        line's rounds; the same prompt again reuses the server's cached prefix)."""
        rounds = int(self.options.get("names_samples", SAMPLES))
        still = [i for i in left if left[i]]
        tally.info["names_sampled"] = len(still) if rounds > 0 else 0
        for seed in range(1, rounds + 1):
            asks = [(i, {issue.zh: issue.en for issue in self.names_left_out(tally.call.names, pieces[i], out[i])},
                     seed) for i in still]
            out, left = self.best_answers(tally, pieces, first, asks, left, out)
            if not (still := [i for i in still if left[i]]):
                break
        return out

    def best_answers(self, tally: Tally, pieces: list[str], first: list[str],
                     asks: list[tuple[int, dict[str, str], int | None]], left: dict[int, int],
                     out: list[str] | None = None) -> tuple[list[str], dict[int, int]]:
        """The lines with the best answers to ``asks`` (line, names held, sampling seed or None) in place, and
        the names each still leaves out. An empty, Chinese, cut-off or much shorter answer is no candidate, nor
        one that brings in a known name the source does not state (:func:`invented`), nor a sampled one that
        brings in any capitalised word of its own (:func:`unstated`)."""
        out, left = list(out or first), dict(left)
        requests = [self.names_request(tally, pieces[i], held, self.names_budget(pieces[i], first[i],
                                                                                  list(held.values())), seed)
                    for i, held, seed in asks]
        best: dict[int, tuple[int, float]] = {}
        for (i, held, seed), request, result in zip(asks, requests, self.ask_results(tally, requests) if asks else [],
                                              strict=True):
            answer = tidy(result.text, pieces[i])
            if not answer or has_cjk(answer) or not finished(request, result) or much_shorter(pieces[i], answer) \
                    or invented(answer, first[i], pieces[i], list(held.values())) \
                    or (seed is not None and unstated(answer, first[i], pieces[i], [*names_in(tally, pieces[i]).values()])):
                continue
            score = (len(self.names_left_out(tally.call.names, pieces[i], answer)),
                     -SequenceMatcher(None, answer.split(), first[i].split()).ratio())
            if score[0] < left[i] and score < best.get(i, (left[i], 0.0)):
                out[i], best[i] = answer, score
        return out, left | {i: score[0] for i, score in best.items()}

    def names_request(self, tally: Tally, piece: str, held: dict[str, str], budget: int,
                      seed: int | None = None) -> ChatRequest:
        """The line asked again with each name it left out written in English in the source itself (the model
        copies a Latin name where it would drop or respell a Chinese one); sampled where ``seed`` is given, with
        every glossary name of the line in English (a sample left 张伯伦集团 in Chinese to become "Telenor"). No
        grammar holds the names unless the card asks (``names_grammar = true``): made to, the model ran on to
        its budget where a name did not fit, or wrote "… The names Tencent must be used exactly as written
        here." (a probe of 9 dev lines)."""
        numbers = self.numbers_of(tally, piece)
        notes = self.rules() + prompt(self.prompts, "names_again", text="; ".join(held.values()))
        grammar = holding_grammar(list(held.values()), numbers) if self.options.get("names_grammar", False) \
            else english_grammar(numbers)
        inlined = held if seed is None else names_in(tally, piece) | held
        request = self.line_request(tally, inline(piece, inlined, [t.zh for t in tally.call.names]), notes, budget,
                                    grammar)
        if seed is None:
            return request
        return replace(request, temperature=float(self.options.get("sample_temperature", TEMPERATURE)), seed=seed)

    def names_budget(self, piece: str, english: str, held: list[str]) -> int:
        """Tokens for a line asked again for its names: half as much again as the first answer (which may have
        left out a clause with the name) or as the source (the first answer may be no translation at all: "The
        names are already provided in English."), and the names'. A model that has written the sentence but
        cannot fit a name the grammar holds runs on to this budget unless it repeats itself word for word (the
        answer is then dropped), so it is less than the line's full budget."""
        count = self.engine.count_tokens
        longest = max(count(english), count(piece))
        return min(self.line_budget(piece), longest * 3 // 2 + count(" ".join(held)) + 16)

    @staticmethod
    def names_left_out(names: Sequence[Term], piece: str, english: str) -> list:
        return check_names(names, {"line": ("en", english, piece)})[1]


def names_in(tally: Tally, piece: str) -> dict[str, str]:
    """The glossary names of ``piece`` with their English."""
    return {t.zh: t.en for t in tally.call.names if t.zh in piece}


_INVENTED_KINDS = ("person", "company", "brand", "product", "org")  # not places: 中美 is "China-US", 国内 "China"


@lru_cache(maxsize=1)
def _known_names() -> dict[str, frozenset[str]]:
    """The shipped lexicon's people, companies, brands, products and organisations by each English spelling,
    with every Chinese form that has it (Didi: 滴滴, 滴滴出行)."""
    names: dict[str, set[str]] = {}
    for zh, (spellings, kind) in lexicon().items():
        for en in spellings.split("|") if kind in _INVENTED_KINDS else ():
            names.setdefault(en, set()).add(zh)
    return {en: frozenset(forms) for en, forms in names.items()}


def invented(answer: str, first: str, source: str, held: Sequence[str] = ()) -> str:
    """A known name (a person, company, brand, product or organisation of the shipped lexicon) that ``answer``
    writes and neither its source (in Chinese or Latin letters), the line's first English nor the names asked
    for do: a sampled answer once began "Baidu's ambition …" for 字节跳动的雄心…. Returns the name, or ""."""
    for en, forms in _known_names().items():
        if en in source or en in first or en in held or any(zh in source for zh in forms):
            continue
        if re.search(rf"\b{re.escape(en)}\b", answer):
            return en
    return ""


_ABBREVIATION = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|[A-Z])\.$")
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def unstated(answer: str, first: str, source: str, allowed: Sequence[str] = ()) -> str:
    """A capitalised word that does not open a sentence of ``answer`` and that neither its source (in Latin
    letters), the line's first English nor ``allowed`` (the line's glossary English) has, or "": a sampled
    answer brings in a name of its own ("Mr. Cameron has tasked Elizabeth Lindmulder …", "the Telenor Group"
    for 张伯伦集团)."""
    known = {w.lower() for w in re.findall(r"[A-Za-z]+", " ".join([first, source, *allowed]))} | _CALENDAR
    for m in re.finditer(r"[A-Z][A-Za-z]*", answer):
        before = answer[:m.start()].rstrip()
        opens = not before or (before[-1] in ".!?\"”’'" and not _ABBREVIATION.search(before.rstrip("\"”’'")))
        if not opens and m.group(0).lower() not in known:
            return m.group(0)
    return ""


def finished(request: ChatRequest, result: ChatResult) -> bool:
    """The answer ended before its token budget (one that reached it was cut off) and did not loop."""
    return result.completion_tokens < request.max_tokens and not result.looped


# No space beside a Chinese character or full-width punctuation, as Chinese text writes Latin words: the model's
# tokenizer spends a token on most (the seed article's sentences with their names inline: 2,022 tokens with such
# spaces, 1,894 without). Where a name written in English meets a curly quote or a full-width letter, no space
# either; the text's own spaces there (“Think Different” and, iPhone １３) stay, and Latin words stay apart.
_HAN_SIDE = f"{HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_SPACE_BY_HAN = re.compile(f"(?<=[{_HAN_SIDE}]) +| +(?=[{_HAN_SIDE}])")
_JOINT = re.compile("[ \x00]*\x00[ \x00]*")  # the marks around an inlined name, with the spaces beside them
_WIDE_RE = re.compile(f"[{_HAN_SIDE}\uff00-\uffef\u2018\u2019\u201c\u201d]")


def _joint(m: re.Match[str]) -> str:
    """The space (or none) where an inlined name meets the text beside it."""
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    return " " if before and after and not _WIDE_RE.match(before) and not _WIDE_RE.match(after) else ""


def inline(text: str, held: dict[str, str], names: Sequence[str]) -> str:
    """``text`` with each name of ``held`` written in English where it stands as a name of its own (longest
    names first: 张伟 inside 张伟明 stays), and once where the source gives it in brackets (伊丽莎白·林德姆德(Elizabeth
    …)); spaces only between Latin words, as Chinese text writes them (雷军说 → "Lei Jun说")."""
    every = sorted({*names, *held}, key=len, reverse=True)
    found = re.compile("(" + "|".join(map(re.escape, every)) + r")(\s*[(（][^()（）]{1,60}[)）])?")

    def english(m: re.Match[str]) -> str:
        en = held.get(m.group(1))
        if en is None:
            return m.group(0)
        bracket = m.group(2) or ""
        return f"\x00{en}\x00" + ("" if en.lower() in bracket.lower() else bracket)

    return _SPACE_BY_HAN.sub("", _JOINT.sub(_joint, " ".join(found.sub(english, text).split())))
