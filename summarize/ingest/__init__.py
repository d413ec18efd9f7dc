"""Ingest: a file, a string or a JSON record → :class:`~summarize.data.Article`.

Formats: plain text, HTML, Markdown (optionally with YAML front matter, as Hexo/Jekyll posts) and JSON
records (``{"title": …, "text"|"content"|"body"|"document": …}``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from summarize.data import Article, Paragraph, Sentence
from summarize.errors import InputError
from summarize.ingest.blocks import Block, html_blocks, html_title, looks_like_html, markdown_blocks
from summarize.ingest.decode import DEFAULT_MAX_BYTES, check_size, decode, read_bytes
from summarize.ingest.editorial import boilerplate_kind, split_editorial
from summarize.segment import split_sentences
from summarize.textutil import cjk_count, detect_traditional, normalize_space, to_simplified

__all__ = ["load", "parse", "DEFAULT_MAX_BYTES"]

# closed by '---' or YAML's '...'; may be empty ("---\n---")
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(?:(.*?)\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_BODY_FIELDS = ("text", "content", "body", "document", "article", "html")
_PARAGRAPH_KINDS = {"heading": "heading", "li": "list"}


def load(source: str | Path | bytes, *, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES,
         article_id: str = "", default_id: str = "") -> Article:
    """Load an article from a ``Path`` (a file), ``bytes``, or a ``str`` (the text itself: never taken for a
    path). Its id: ``article_id`` when given, else the front matter's or record's ``id``, else ``default_id``
    (a path's file stem), else ``sha1-…``."""
    if not isinstance(source, str | Path | bytes):
        raise InputError(f"an article must be text (str), bytes or a pathlib.Path, not {type(source).__name__}",
                         "pass the article's text, or pathlib.Path(...) to read a file")
    if isinstance(source, str) and _names_a_file(source):
        raise InputError(f"{source!r} is a file name, but a str is the article's text",
                         "pass pathlib.Path(...) to read a file")
    if isinstance(source, Path):
        path = Path(source)
        text = decode(read_bytes(path, max_bytes), str(path))
        return parse(text, article_id=article_id, default_id=default_id or path.stem, source_path=str(path),
                     name=str(path))
    if isinstance(source, bytes):
        check_size(len(source), max_bytes, name or "input")
        source = decode(source, name or "input")
    check_size(len(source.encode("utf-8")), max_bytes, name or "input")
    return parse(source, article_id=article_id, default_id=default_id, name=name or "input")


def _names_a_file(text: str) -> bool:
    """A one-line str that is the name of an existing file: almost surely meant as a path."""
    if "\n" in text or len(text) > 512 or not text.strip():
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


def parse(text: str, *, article_id: str = "", source_path: str = "", name: str = "input",
          default_id: str = "") -> Article:
    """Parse article text in any supported format (the id as in :func:`load`)."""
    if not text.strip():
        raise InputError(f"{name} is empty", "pass a Chinese article as text, HTML, Markdown or a JSON record")
    meta: dict[str, Any] = {}
    body = text
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        meta, body = _json_record(stripped, name)
    elif stripped.startswith("---"):
        meta, body = _front_matter(text, name)
    elif stripped[:1] in ('[', '"'):
        _not_a_record(stripped, name)
    is_html = looks_like_html(body)
    blocks = html_blocks(body) if is_html else markdown_blocks(body)
    title = normalize_space(_text_of(meta.get("title") or ""))
    first = next((k for k, b in enumerate(blocks) if not boilerplate_kind(b)), 0)  # after a page's menu
    if not title and len(blocks) > first + 1 and _title_like(blocks[first], is_html):
        title = blocks.pop(first).text
    title = title or (html_title(body) if is_html else "")
    article_id = article_id or _text_of(meta.get("id") or "") or default_id
    return _build(blocks, title, meta, article_id, source_path, name, text)


def _title_like(block: Block, is_html: bool) -> bool:
    """An opening heading; in plain text also a short first line with no sentence-final punctuation."""
    if block.kind == "heading":
        return True
    return not is_html and len(block.text) <= 50 and not re.search(r"[。！？.!?；：:]$", block.text)


def _json_record(text: str, name: str) -> tuple[dict[str, Any], str]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{name} starts with '{{' but is not valid JSON ({e.msg.removesuffix(' at')} at line {e.lineno})",
                         "fix the JSON, or pass the article as plain text") from None
    except (ValueError, RecursionError) as e:  # a number of over 4,300 digits; nesting too deep
        why = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]
        raise InputError(f"{name} is a JSON record that cannot be read ({why})",
                         "fix the JSON, or pass the article as plain text") from None
    if not isinstance(record, dict):
        raise InputError(f"{name} is JSON but not an object", 'pass a record like {"title": …, "text": …}')
    for key in _BODY_FIELDS:
        if isinstance(record.get(key), str):
            return {k: v for k, v in record.items() if k != key}, record[key]
    raise InputError(f"{name} is a JSON record with no article text",
                     f"put the article in one of these fields: {', '.join(_BODY_FIELDS)}")


def _not_a_record(text: str, name: str) -> None:
    """Refuse a whole JSON list or string ([快讯] or a quotation that opens an article is text, not JSON)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return
    kind = "a list" if isinstance(value, list) else "a string"
    raise InputError(f"{name} is JSON ({kind}), not one record",
                     'pass a record like {"title": …, "text": …}; for many records, a JSONL file to `summarize batch`')


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    import yaml  # noqa: PLC0415 - only front-matter files need it

    m = _FRONT_MATTER.match(text)
    if not m:
        raise InputError(f"{name} opens a YAML front matter with '---' but never closes it",
                         "end the front matter with a line holding only '---'")
    try:
        meta = yaml.load(m.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" at line {where.line + 2}" if where else ""
        raise InputError(f"malformed YAML front matter in {name}{line}",
                         "fix the YAML between the '---' lines (quote titles that contain ':')") from None
    except (ValueError, RecursionError) as e:  # a date like 2021-13-45, a number of over 4,300 digits
        why = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]
        raise InputError(f"malformed YAML front matter in {name} ({why})",
                         "fix the YAML between the '---' lines (quote values that are not dates or numbers)") from None
    if not isinstance(meta, dict):
        raise InputError(f"front matter in {name} is not a mapping", "write it as 'key: value' lines")
    return meta, text[m.end():]


def _build(blocks: list[Block], title: str, meta: dict[str, Any], article_id: str, source_path: str,
           name: str, raw: str) -> Article:
    editorial = split_editorial(blocks)
    if not editorial.body and any(b.region for b in blocks):  # a page all of whose text a menu class wraps
        editorial = split_editorial([replace(b, region="") for b in blocks])
    if not editorial.body:
        raise InputError(f"{name} has no body text", "pass an article with paragraphs of text (HTML with a body)")
    text = "\n".join(b.text for b in editorial.body)
    if (han := cjk_count(text)) < 2:
        what = "has no Chinese text" if not han else "has one Chinese character, too little to digest"
        raise InputError(f"{name} {what}", "summarize digests Chinese articles; pass a Chinese text")
    traditional = detect_traditional(text)
    paragraphs, next_id = [], 0
    for block in editorial.body:
        sentences = []
        for s in split_sentences(block.text):
            sentences.append(Sentence(next_id, s, len(paragraphs), _norm(s) if traditional else ""))
            next_id += 1
        kind = "quote" if block.quote else _PARAGRAPH_KINDS.get(block.kind, "text")
        paragraphs.append(Paragraph(len(paragraphs), kind, tuple(sentences)))
    return Article(
        id=article_id or "sha1-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12],
        title=title,
        paragraphs=tuple(paragraphs),
        meta=_clean_meta(meta),
        reference_points=tuple(editorial.reference_points),
        reference_style=editorial.reference_style,
        boilerplate=tuple(editorial.boilerplate),
        script="traditional" if traditional else "simplified",
        source_path=source_path,
    )


def _norm(text: str) -> str:
    simplified = to_simplified(text)
    return "" if simplified == text else simplified


def _clean_meta(meta: dict[str, Any]) -> dict[str, str]:
    keep = ("date", "author", "source", "url", "categories", "tags")
    out = {}
    for key in keep:
        value = meta.get(key)
        if value and (text := _text_of(value)):
            out[key] = text
    return out


_SCALARS = (str, int, float, datetime.date)


def _text_of(value: Any) -> str:
    """A metadata value as text: a scalar, or a list of scalars joined; anything nested is ignored (a YAML
    alias bomb, a few hundred bytes, would expand exponentially when printed)."""
    try:
        if isinstance(value, _SCALARS):
            return str(value)
        if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
            return ", ".join(map(str, value))
    except ValueError:  # an integer too long to print (YAML 0x… of thousands of digits)
        pass
    return ""
