"""The English fields of a digest with their sources, and the last-resort repair of Chinese left in them.

Every English field is checked against the Chinese it renders: the title, each key point (its Chinese, or
its source sentences when the model wrote the English directly), each sentence. Chinese a model left in an
English field is replaced span by span with its glossary, CC-CEDICT or pinyin rendering, and each repair is
listed in the checks: repair is the last resort (the grammar and the glossary come first), not the method.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from summarize.data import AlignedSentence, Article, KeyPoint, Repair

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def english_fields(article: Article, points: Sequence[KeyPoint], title_en: str, points_en: Sequence[str],
                   translation: Sequence[AlignedSentence], reference_en: Sequence[str] = ()
                   ) -> dict[str, tuple[str, str, str]]:
    """place → (language, text, source text) for every output the checks read."""
    by_id = {s.id: s.analysis_text for s in article.sentences}
    out = {f"key_points_zh[{i}]": ("zh", p.text, p.text) for i, p in enumerate(points)}
    if article.title:
        out["title_en"] = ("en", title_en, article.title)
    for i, (p, en) in enumerate(zip(points, points_en, strict=True)):
        source = "".join(by_id.get(k, "") for k in p.source_sentence_ids) if p.en else p.text
        out[f"key_points_en[{i}]"] = ("en", en, source)
    out |= {f"translation[{a.id}]": ("en", a.en, by_id.get(a.id, a.zh)) for a in translation}
    out |= {f"reference_points_en[{k}]": ("en", en, zh)
            for k, (zh, en) in enumerate(zip(article.reference_points, reference_en, strict=True))}
    return out


def repair(text: str, where: str, glossary: Mapping[str, str]) -> tuple[str, list[Repair]]:
    """``text`` with every run of Chinese replaced by its English; the repairs made."""
    if not CJK_RUN.search(text):
        return text, []
    from summarize import registry  # noqa: PLC0415 - the gloss tables load only when a repair is needed

    gloss = registry.load("gloss", "translate")
    repairs: list[Repair] = []

    def replace(m: re.Match[str]) -> str:
        english = glossary.get(m.group(0)) or gloss.gloss(m.group(0), glossary).rstrip(".")
        repairs.append(Repair(where, m.group(0), english))
        start, end = m.span()
        before = " " if start and text[start - 1].isalnum() else ""
        after = " " if end < len(text) and text[end].isalnum() else ""
        return before + english + after

    return CJK_RUN.sub(replace, text), repairs
