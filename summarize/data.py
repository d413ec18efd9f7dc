"""The data model: frozen dataclasses from the article in to the digest out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """One source sentence. ``id`` is its position in the article (0-based, body order)."""

    id: int
    text: str
    paragraph: int
    norm: str = ""  # Simplified-Chinese form used for analysis; "" when equal to text

    @property
    def analysis_text(self) -> str:
        return self.norm or self.text


@dataclass(frozen=True)
class Paragraph:
    index: int
    kind: str  # "text" | "heading" | "quote" | "list"
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class Boilerplate:
    """Text set apart from the body: attribution, byline, caption, related links, labels."""

    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    meta: dict[str, str] = field(default_factory=dict)
    reference_points: tuple[str, ...] = ()
    reference_style: str = ""
    boilerplate: tuple[Boilerplate, ...] = ()
    script: str = "simplified"  # or "traditional" (normalised to simplified for analysis)
    source_path: str = ""

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def analysis_texts(self) -> list[str]:
        """The title and every sentence as the analysis reads them (Simplified)."""
        return [self.analysis(self.title), *(s.analysis_text for s in self.sentences)]

    def analysis(self, text: str) -> str:
        """Text of this article as the analysis reads it: Traditional script as Simplified, else as it is."""
        if self.script != "traditional":
            return text
        from summarize.textutil import to_simplified  # noqa: PLC0415 - opencc only for Traditional input

        return to_simplified(text)


@dataclass(frozen=True)
class KeyPoint:
    text: str
    source_sentence_ids: tuple[int, ...]
    en: str = ""  # set when the summarizer writes English points itself (cross-lingual)


@dataclass(frozen=True)
class AlignedSentence:
    id: int
    paragraph: int
    zh: str
    en: str


@dataclass(frozen=True)
class NumberIssue:
    where: str  # e.g. "key_points_en[1]" or "translation[12]"
    text: str  # the number as written in the output
    value: float
    why: str = "matches no number of the source"  # or of the sentence it renders, or another currency


@dataclass(frozen=True)
class Term:
    """A glossary entry: a name or term of the article and its one English rendering in this digest."""

    zh: str
    en: str
    source: str  # "user" (a glossary file), "lexicon" (shipped), "article" (思科(Cisco)), "cedict", "pinyin"
    guess: bool = False  # a rendering nobody confirmed (pinyin of a name): shown as a guess
    kind: str = "name"  # "name" (checked in every English field) or "term" (a rendering offered, not enforced)
    aliases: tuple[str, ...] = ()  # other renderings a reader knows it by (US for United States, Sichuan)


@dataclass(frozen=True)
class NameIssue:
    where: str  # e.g. "translation[3]"
    zh: str  # the name or term in the source of that place
    en: str  # the English the glossary expects there, which the output lacks


@dataclass(frozen=True)
class BoundIssue:
    where: str  # e.g. "translation[3]"
    zh: str  # the bounded number in the source of that place: 超过3500万, 30多
    en: str  # the same number in the English, written with no bound or the other one
    bound: str  # what the English should say about it: "more than" or "less than"


@dataclass(frozen=True)
class Repair:
    where: str
    zh: str  # the Chinese that was left in the English
    en: str  # what replaced it (glossary, CC-CEDICT or pinyin)
    was: str = ""  # for a person's name the model misspelt ("Li Jun" for 雷军): what it wrote; zh is the name
    kind: str = ""  # "chinese" (left), "name" (misspelt), "currency" (5亿元 written "$500 million"); "": by ``was``

    @property
    def what(self) -> str:
        return self.kind or ("name" if self.was else "chinese")


@dataclass(frozen=True)
class Checks:
    numbers_checked: int
    number_issues: tuple[NumberIssue, ...]
    cjk_in_english: tuple[str, ...]  # places where English output still holds CJK characters
    translation_is_gloss: bool
    names_checked: int = 0
    name_issues: tuple[NameIssue, ...] = ()
    repaired: tuple[Repair, ...] = ()  # Chinese spans left by the model and replaced, a last resort
    bounds_checked: int = 0
    bound_issues: tuple[BoundIssue, ...] = ()  # numbers whose English drops the source's bound (超过, 不足, 多)

    @property
    def ok(self) -> bool:
        return not self.number_issues and not self.cjk_in_english and not self.name_issues and not self.bound_issues


@dataclass(frozen=True)
class Digest:
    id: str
    title: str
    title_en: str
    meta: dict[str, str]
    key_points: tuple[KeyPoint, ...]
    key_points_en: tuple[str, ...]
    translation: tuple[AlignedSentence, ...]
    reference_points: tuple[str, ...]
    boilerplate: tuple[Boilerplate, ...]
    checks: Checks
    provenance: dict[str, Any]
    source_path: str = ""
    glossary: tuple[Term, ...] = ()  # the article's names and terms, each with its one English rendering
    reference_points_en: tuple[str, ...] = ()  # the editor's own points in English, in the same order

    @property
    def key_points_zh(self) -> tuple[str, ...]:
        return tuple(k.text for k in self.key_points)
