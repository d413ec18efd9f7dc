"""Training documents: articles with references, read from folders (the editor's points the ingester finds)
or JSONL/CSV/datasets pairs (``PATH[1000:]`` keeps records 1,000 on), turned into feature rows and labels."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summarize.bullets import spans
from summarize.data import Article
from summarize.errors import InputError, SummarizeError
from summarize.learn.features import Candidates, candidates
from summarize.learn.labels import oracle, span_target, units
from summarize.learn.spans import Context, span_matrix

MOST_POINTS = 3  # oracle sentences per document, at most
MAX_CHARS = 60
SPAN_FIRST, SPAN_DRAWN = 4, 4  # in a long article, the spans of the first 4 sentences and of 4 drawn ones
_RANGE = re.compile(r"^(?P<path>.*?)\[(?P<start>\d*):(?P<end>\d*)\]$")


@dataclass(frozen=True)
class Doc:
    """One training document: its candidates' features and oracle labels, its spans' features and targets."""

    id: str
    source: str
    shape: str  # the reference's shape: keypoints_list, editor_note_summary, … or "summary" for pairs
    article: Article
    references: tuple[str, ...]
    points: int  # how many points its reference asks for (oracle size)
    x: np.ndarray
    y: np.ndarray
    span_x: np.ndarray
    span_y: np.ndarray  # ROUGE-L (characters) of each span against its nearest reference unit
    span_of: np.ndarray  # the candidate sentence of each span


@dataclass
class Corpus:
    docs: list[Doc] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def shapes(self) -> dict[str, int]:
        return dict(Counter(d.shape for d in self.docs).most_common())

    def signature(self) -> str:
        """sha256 (first 16 hex) of every document's id, text and references, in order."""
        h = hashlib.sha256()
        for d in self.docs:
            h.update("\x00".join([d.id, d.article.text, *d.references]).encode("utf-8") + b"\x01")
        return h.hexdigest()[:16]


def read_sources(specs: list[str], document_field: str = "document", reference_field: str = "summary") -> Corpus:
    """Every usable document of every ``PATH`` or ``PATH[start:end]`` in ``specs``."""
    corpus = Corpus()
    for spec in specs:
        path, start, end = parse_spec(spec)
        total, chosen = _records(path, document_field, reference_field, corpus, start, end)
        before = len(corpus.docs)
        for article, refs, shape in chosen:
            doc = make_doc(article, refs, shape, spec)
            if doc is None:
                corpus.skipped["no candidate sentence"] += 1
            else:
                corpus.docs.append(doc)
        corpus.sources.append({"data": spec, "records": total, "used": len(corpus.docs) - before,
                               "range": [start, end]})
    return corpus


def parse_spec(spec: str) -> tuple[str, int, int | None]:
    m = _RANGE.match(spec)
    if not m:
        return spec, 0, None
    return m["path"], int(m["start"] or 0), int(m["end"]) if m["end"] else None


def _records(path: str, doc_field: str, ref_field: str, corpus: Corpus, start: int,
             end: int | None) -> tuple[int, list[tuple[Article, tuple[str, ...], str]]]:
    from summarize.evaluation.data import load_records  # noqa: PLC0415 - the eval readers, shared
    from summarize.ingest import load, parse  # noqa: PLC0415

    try:
        dataset = load_records(path, doc_field, ref_field)
    except InputError as e:
        raise InputError(f"no training data in {path}: {e.message}", e.hint) from None
    corpus.skipped.update(dataset.skipped)
    out = []
    for r in dataset.records[start:end]:
        try:
            article = load(r.document) if isinstance(r.document, Path) else parse(r.document, article_id=r.id)
        except SummarizeError as e:
            corpus.skipped[f"unreadable ({e.message[:30]})"] += 1
            continue
        out.append((article, r.references, article.reference_style or "summary"))
    return len(dataset.records), out


def make_doc(article: Article, references: tuple[str, ...], shape: str, source: str, seed: int = 13) -> Doc | None:
    cands = candidates(article)
    if not cands.sentences:
        return None
    ref_units = units(references)
    points = max(1, min(MOST_POINTS, len(ref_units)))
    y = np.zeros(len(cands.sentences))
    picked = oracle([s.text for s in cands.sentences], references, points)
    y[picked] = 1.0
    rows = _span_sentences(len(cands.sentences), picked, cands.long, seed)
    span_x, span_y, span_of = _span_rows(article, cands, rows, ref_units)
    return Doc(article.id, source, shape, article, references, points, cands.x, y, span_x, span_y, span_of)


def _span_sentences(n: int, picked: list[int], long: bool, seed: int) -> list[int]:
    """Whose spans the span scorer learns from: every sentence of a short post; in a long article the
    oracle's, the first few and a few drawn at random (seeded)."""
    if not long:
        return list(range(n))
    drawn = np.random.default_rng(seed + n).choice(n, size=min(n, SPAN_DRAWN), replace=False).tolist()
    return sorted({*picked, *range(min(n, SPAN_FIRST)), *drawn})


def _span_rows(article: Article, cands: Candidates, rows: list[int], ref_units: list[list[str]]):
    """The span features and targets (ROUGE-L against the nearest reference unit) of the sentences
    ``rows``, and the sentence of each span."""
    context = Context(article.title, article.text)
    xs, ys, of = [], [], []
    for i in rows:
        sentence = cands.sentences[i].text
        options = spans(sentence, MAX_CHARS)
        ys += [span_target(text, ref_units) for _, _, text in options]
        xs.append(span_matrix(sentence, options, context))
        of += [i] * len(options)
    return np.vstack(xs), np.array(ys), np.array(of, dtype=np.int64)
