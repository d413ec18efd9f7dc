"""Checks that make a digest trustworthy: every number in the outputs traced to a number of the source,
and no Chinese left in English output."""

from __future__ import annotations

from collections.abc import Iterable

from summarize.data import Article, Checks, NumberIssue
from summarize.numbers import Quantity, find_en, find_zh, same_value
from summarize.textutil import has_cjk


def source_values(article: Article) -> list[float]:
    texts = [article.title, *(s.analysis_text for s in article.sentences)]
    values = {q.value for t in texts for q in find_zh(t)}
    return sorted(values)


def unmatched(found: Iterable[Quantity], values: list[float]) -> list[Quantity]:
    return [q for q in found if not any(same_value(q.value, v) for v in values)]


def check_numbers(article: Article, outputs: dict[str, tuple[str, str]]) -> tuple[int, list[NumberIssue]]:
    """``outputs`` maps a place ("translation[3]") to (language, text); returns (numbers checked, issues)."""
    values = source_values(article)
    checked, issues = 0, []
    for where, (lang, text) in outputs.items():
        found = find_en(text) if lang == "en" else find_zh(text)
        checked += len(found)
        issues += [NumberIssue(where, q.text, q.value) for q in unmatched(found, values)]
    return checked, issues


def run_checks(article: Article, outputs: dict[str, tuple[str, str]], is_gloss: bool) -> Checks:
    checked, issues = check_numbers(article, outputs)
    cjk = tuple(where for where, (lang, text) in outputs.items() if lang == "en" and has_cjk(text))
    return Checks(checked, tuple(issues), cjk, is_gloss)
