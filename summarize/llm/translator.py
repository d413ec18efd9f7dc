"""The LLM translator: numbered chunks (in parallel on an engine with parallel sequences, realigned when a line
shifts) or sentence by sentence, every prompt with its glossary entries; a line with Chinese left is asked again
alone, and a line that leaves out a glossary name of its source is asked again with the name in English in it."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import replace

from summarize.llm.align import first_shifted, much_shorter, tidy
from summarize.llm.engine import ChatRequest, ChatResult
from summarize.llm.grammars import allowed_numbers, english_grammar, numbered_grammar
from summarize.llm.names_again import NamesAgain, finished, inline
from summarize.llm.prompts import (
    one_line,
    parse_tagged,
    prompt,
    protect_numbers,
    relative_years,
    terms_for,
)
from summarize.llm.stages import LLMStage, Tally
from summarize.segment import chunk, chunk_even, fit_to_budget
from summarize.stages import NO_CALL, Call, English
from summarize.textutil import cjk_count, has_cjk


class LLMTranslator(NamesAgain, LLMStage):
    is_gloss = False

    def translate(self, texts: Sequence[str], call: Call = NO_CALL) -> English:
        tally = Tally(call)
        protect = self.options.get("protect_numbers", True)
        budget = self.budget("chunk_tokens", 0.25)
        pieces, owners = [], []
        for i, text in enumerate(texts):
            for piece in fit_to_budget(one_line(text), budget, self.engine.count_tokens) if text.strip() else []:
                pieces.append(protect_numbers(piece) if protect else piece)
                owners.append(i)
        if self.options.get("zero_shot"):  # the baseline: each piece alone, plain prompt, no glossary or context
            requests = [self.request(tally, "system_en", prompt(self.prompts, "translate_one", text=p)) for p in pieces]
            english = [" ".join(answer.split()) for answer in self.ask_all(tally, requests)]
        elif self.options.get("unit") == "sentence":  # each piece alone, with its glossary entries and the grammar
            english = self.translate_sentences(tally, pieces)
            tally.info["unit"] = "sentence"
        else:
            english = self.follow_up(tally, pieces, self.translate_pieces(tally, pieces, budget))
        joined: list[list[str]] = [[] for _ in texts]
        for owner, en in zip(owners, english, strict=True):
            joined[owner].append(en)
        tally.info |= {"pieces": len(pieces), "protect_numbers": bool(protect)}
        return English(tuple(" ".join(parts) for parts in joined), tally.record(self.engine))

    def follow_up(self, tally: Tally, pieces: list[str], english: list[str]) -> list[str]:
        """Lines much shorter than their source asked again, then lines that leave out glossary names."""
        return self.ask_names_again(tally, pieces, self.ask_short_again(tally, pieces, english))

    def translate_sentences(self, tally: Tally, pieces: list[str]) -> list[str]:
        """Each piece alone. On an engine with parallel sequences, ``parallel`` pieces are in flight at a time,
        each through its own steps (translated, then asked again if much shorter or missing a name), so that
        the follow-ups of a few lines never leave the other sequences idle at the end; each piece keeps its
        own tally (merged in order) and only the first streams its tokens."""
        if self.parallel <= 1 or len(pieces) <= 1:
            return self.follow_up(tally, pieces, self.translate_each(tally, pieces, [""] * len(pieces)))
        tallies = [Tally(tally.call if k == 0 else replace(tally.call, on_token=None)) for k in range(len(pieces))]

        def one(k: int) -> str:
            return self.follow_up(tallies[k], [pieces[k]], self.translate_each(tallies[k], [pieces[k]], [""]))[0]

        pool = ThreadPoolExecutor(self.parallel)
        futures = [pool.submit(one, k) for k in range(len(pieces))]
        try:  # the first failed or cancelled piece stops the call: the pieces not started yet are never sent
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            if failed := next((f.exception() for f in futures if f in done and f.exception()), None):
                raise failed
            english = [f.result() for f in futures]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        for t in tallies:
            tally.merge(t)
        return english

    def translate_pieces(self, tally: Tally, pieces: list[str], budget: int) -> list[str]:
        """Chunk by chunk. Prompts keep a stable prefix (system, instructions, the glossary of the whole call)
        so that a KV cache reuses it; the chunk comes last. An engine with parallel sequences gets every chunk
        at once, with no previous chunk as context (the glossary keeps names consistent); otherwise each
        chunk sees the end of the previous one. A line missing or with Chinese left is asked again alone."""
        parallel = self.parallel if self.options.get("parallel_chunks", True) else 1
        groups = chunk(pieces, budget, self.engine.count_tokens)
        if parallel > 1:  # chunks of equal length, at least one per sequence, a multiple of the sequences
            parts = max(len(groups), min(parallel, len(pieces)))
            groups = chunk_even(pieces, -(-parts // parallel) * parallel if parts > parallel else parts,
                                self.engine.count_tokens)
        together = parallel > 1
        tally.info = {"chunks": len(groups), "chunk_tokens": budget, "retried_one_by_one": 0,
                      "parallel_chunks": together, "realigned": 0}
        terms = "" if together else self.terms(tally, "".join(pieces))  # one stable prefix for a KV cache
        out = [""] * len(pieces)
        for batch in ([groups] if together else [[g] for g in groups]):
            self.translate_chunks(tally, pieces, batch, out, terms)
            shifted = [g[s:] for g in batch if (s := self.shifted_from(tally, pieces, g, out)) is not None]
            for g in [g for g in shifted if g in batch and (together or g[0] == 0)]:  # asked again it would be
                shifted.remove(g)  # the very same request: its lines go one by one instead
                for i in g:
                    out[i] = ""
            if shifted:  # a merged or skipped sentence shifted the lines after it: those lines again, as a chunk
                tally.info["realigned"] += sum(len(g) for g in shifted)
                self.translate_chunks(tally, pieces, shifted, out, terms)
                for g in shifted:
                    for i in g[s:] if (s := self.shifted_from(tally, pieces, g, out)) is not None else ():
                        out[i] = ""  # still shifted: one by one below
            retry = [i for group in batch for i in group if not out[i] or has_cjk(out[i])]
            for i, en in zip(retry, self.translate_each(tally, [pieces[i] for i in retry], [out[i] for i in retry]),
                             strict=True):
                out[i] = en
            tally.info["retried_one_by_one"] += len(retry)
        return out

    def translate_chunks(self, tally: Tally, pieces: list[str], batch: list[list[int]], out: list[str],
                         terms: str) -> None:
        answers = self.ask_all(tally, [self.chunk_request(tally, pieces, group, out, terms) for group in batch])
        for group, answer in zip(batch, answers, strict=True):
            tagged = parse_tagged(answer)
            if len(group) == 1 and 1 not in tagged:
                tagged = {1: " ".join(answer.split())}
            for k, i in enumerate(group, 1):
                out[i] = tagged.get(k, "")

    @staticmethod
    def shifted_from(tally: Tally, pieces: list[str], group: list[int], out: list[str]) -> int | None:
        """Where in ``group`` the lines stop matching their sources (from the line before the first shifted
        one, which may hold two sentences), or None."""
        first = first_shifted([pieces[i] for i in group], [out[i] for i in group], tally.call.glossary)
        return None if first is None else max(0, first - 1)

    def chunk_request(self, tally: Tally, pieces: list[str], group: list[int], out: list[str],
                      terms: str) -> ChatRequest:
        previous = [f"{pieces[i]} => {out[i]}" for i in range(max(0, group[0] - 2), group[0]) if out[i]]
        numbered = "\n".join(f"[{k}] {pieces[i]}" for k, i in enumerate(group, 1))
        terms = terms or self.terms(tally, numbered)  # in parallel, each chunk's own entries (no shared cache)
        context = terms + (prompt(self.prompts, "context", text="\n".join(previous)) if previous else "")
        source_tokens = sum(self.engine.count_tokens(pieces[i]) for i in group)
        numbers = self.numbers_of(tally, "\n".join(pieces[i] for i in group))  # its sentences, not the [k] tags
        return self.request(tally, "system_en", prompt(self.prompts, "translate", context=context, text=numbered),
                            min(self.max_tokens, 2 * source_tokens + 64), grammar=numbered_grammar(len(group), numbers))

    def translate_each(self, tally: Tally, texts: list[str], first: list[str]) -> list[str]:
        """Texts one by one, with the stricter English-only prompt (all at once on a parallel engine); of the
        two answers for each, the one with less Chinese left in it (the check reports what remains)."""
        requests = [self.line_request(tally, t, self.rules() + self.terms(tally, t)) for t in texts]
        answers = self.unstuck(tally, requests, self.ask_results(tally, requests) if self.parallel > 1 else
                               [self.ask_results(tally, [r])[0] for r in requests])
        return [min((a for a in (tidy(answer, text), f) if a), key=cjk_count, default="")
                for answer, f, text in zip(answers, first, texts, strict=True)]

    def unstuck(self, tally: Tally, requests: list[ChatRequest], results: list[ChatResult]) -> list[str]:
        """Answers; one cut off at its budget under a numbers grammar (the model wanted a number the source
        does not spell in digits, 万米 before it was read as 10,000, and wrote "1, 1, 1, …") is asked again with
        any digits allowed: the numbers check then reports what it wrote instead of the reader getting a loop."""
        free = english_grammar(None)
        stuck = [k for k, (q, r) in enumerate(zip(requests, results, strict=True))  # where the engine follows
                 if self.constrained and not finished(q, r) and q.grammar != free]  # grammars
        tally.info["unstuck"] = tally.info.get("unstuck", 0) + len(stuck)
        again = self.ask_results(tally, [replace(requests[k], grammar=free) for k in stuck]) if stuck else []
        answers = [r.text for r in results]
        for k, result in zip(stuck, again, strict=True):
            if finished(requests[k], result):
                answers[k] = result.text
        return answers

    def ask_short_again(self, tally: Tally, pieces: list[str], english: list[str]) -> list[str]:
        """A line empty or much shorter than its source (the model listed the glossary line's names, stopped
        early, or wrote only "Here is the translation:") is asked again alone without the glossary line; the
        longer answer stays (names are asked for after)."""
        short = [i for i, (p, e) in enumerate(zip(pieces, english, strict=True)) if p and (not e or much_shorter(p, e))]
        tally.info["short_asked_again"] = len(short)
        requests = [self.line_request(tally, pieces[i], self.rules()) for i in short]
        out = list(english)
        for i, request, result in zip(short, requests, self.ask_results(tally, requests) if short else [],
                                      strict=True):
            answer = tidy(result.text, pieces[i])
            if len(answer) > len(out[i]) and not has_cjk(answer) and finished(request, result):
                out[i] = answer
        return out

    def line_request(self, tally: Tally, text: str, notes: str, budget: int = 0, grammar: str = "") -> ChatRequest:
        """One piece to translate alone, as one line: the sentence prompt with its notes, the line's budget and
        the English grammar with its numbers unless given others; an answer that repeats itself is stopped."""
        return self.request(tally, "system_en", self.sentence_prompt(tally, text, notes), budget or self.line_budget(text),
                            grammar=grammar or english_grammar(self.numbers_of(tally, text)), one_line=True)

    def sentence_prompt(self, tally: Tally, text: str, notes: str) -> str:
        """One piece to translate alone, then its notes (rules, glossary line, names it must hold). With
        ``terms_in = "inline"`` the piece's glossary names and relative years are written in English inside it
        (雷军说 → "Lei Jun说"), with no glossary line: the sentence's own tokens, no more."""
        key = "sentence_after_system" if self.shared_prefix else "translate_sentence"
        if self.inline_terms:
            held = relative_years(text) | {zh: en for zh, en in tally.call.glossary.items() if zh in text}  # a
            # user's own entry for 今年 wins, as in the glossary line
            text = inline(text, held, list(held)) if held else text
        return prompt(self.prompts, key, notes=notes, text=text)

    @property
    def shared_prefix(self) -> bool:
        """``terms_in = "system"``: the instruction and the call's glossary in the system prompt, one prefix that
        every sentence of an article shares (a server's prompt cache evaluates it once per slot), and each
        sentence's prompt only the sentence and its own notes."""
        return self.options.get("terms_in") == "system"

    @property
    def inline_terms(self) -> bool:
        """``terms_in = "inline"`` in the sentence unit: each sentence's names and relative years in English
        inside it (numbered chunks keep the glossary line)."""
        return self.options.get("terms_in") == "inline" and self.options.get("unit") == "sentence"

    def terms(self, tally: Tally, text: str) -> str:
        """With the glossary in the system prompt, a sentence's own notes are only its relative years; with
        the names inline, there are none."""
        if self.inline_terms:
            return ""  # in the sentence itself
        if not self.shared_prefix:
            return super().terms(tally, text)
        line = terms_for({}, text)
        return prompt(self.prompts, "terms", text=line) if line else ""

    def system_prompt(self, tally: Tally, system: str) -> str:
        text = super().system_prompt(tally, system)
        if not self.shared_prefix or system != "system_en":
            return text
        glossary = "; ".join(f"{zh} = {en}" for zh, en in tally.call.glossary.items())
        return f"{text} {prompt(self.prompts, 'translate_system')}" + \
            (f"\n\n{prompt(self.prompts, 'terms', text=glossary).strip()}" if glossary else "")

    def line_budget(self, text: str) -> int:
        """Tokens for one line of English: twice its source's and a little more (a model stuck under a grammar
        stops there instead of at the card's max_tokens)."""
        return min(self.max_tokens, 2 * self.engine.count_tokens(text) + 32)

    def numbers_of(self, tally: Tally, text: str) -> list[str] | None:
        """The numbers the English of ``text`` may write (its grammar allows no other digits), or None (any)
        where the card sets ``numbers_grammar = false``."""
        if not self.options.get("numbers_grammar", True):
            return None
        return allowed_numbers(text, [en for zh, en in tally.call.glossary.items() if zh in text])

    def rules(self) -> str:
        """English only, no added figures: said in the prompt only where no grammar enforces them; under the
        grammars the prompt is the zero-shot one plus the glossary line (eval/results/wmt21-zhen-server-*)."""
        if self.constrained:
            return ""
        return prompt(self.prompts, "english_only") + " " + prompt(self.prompts, "faithful") + "\n"
