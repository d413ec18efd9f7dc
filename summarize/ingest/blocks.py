"""HTML and Markdown bodies to a flat list of blocks (paragraphs, headings, list items, captions).

Anchors (36kr's project links included) become their text; images, scripts and styles are dropped;
text outside any paragraph tag still becomes a block.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from summarize.textutil import normalize_space

BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "address",
              "ul", "ol", "table", "tr", "td", "th", "figure", "figcaption", "header", "footer", "pre", "dd", "dt"}
SKIP_TAGS = {"script", "style", "noscript", "iframe", "svg", "head", "title", "template"}
BOLD_TAGS = {"strong", "b"}
# page furniture, not the article: these tags, and elements a class or id of which is one of these names (whole:
# "has-sidebar", "share-price" and "navbar-brand" are not; "top-menu" and "site-footer" are)
REGION_TAGS = {"nav": "navigation", "aside": "navigation", "footer": "footer"}
_REGION_NAME = [
    ("navigation", re.compile(r"(?:(?:main|top|site|primary|global)[-_]?)?(?:nav|navbar|navigation|menu)(?:[-_]?(?:bar|list|"
                              r"links|wrap|wrapper|container))?|breadcrumbs?|sidebar|share[-_]?(?:bar|box|links)|social[-_]share",
                              re.I)),
    ("footer", re.compile(r"(?:(?:site|page|global)[-_]?)?footer(?:[-_]?(?:wrap|wrapper|container|inner))?|copyright|"
                          r"site[-_]info", re.I)),
]


@dataclass(frozen=True)
class Block:
    text: str
    kind: str = "p"  # "p" | "heading" | "li" | "caption"
    bold: bool = False  # the whole block is bold
    quote: bool = False  # inside a blockquote
    region: str = ""  # "navigation" or "footer": inside <nav>, <footer>, <aside> or a menu / copyright element


class _BlockParser:
    """Blocks from a stream of start tags, end tags and text (see :func:`html_blocks`)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[tuple[str, bool]] = []  # (text, bold)
        self.kind = "p"
        self.skip = self.bold = self.quote = 0
        self.open: list[tuple[str, str]] = []  # the open block and region elements, each with its region

    @property
    def region(self) -> str:
        return next((r for _, r in self.open if r), "")

    def handle_starttag(self, tag: str, attrs: str) -> None:
        if tag in REGION_TAGS or tag in BLOCK_TAGS:
            self.flush()  # the text so far belongs to the region it was in
            self.open.append((tag, REGION_TAGS.get(tag) or _region_of(attrs)))
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.flush()
        elif tag in BOLD_TAGS:
            self.bold += 1
        elif tag in BLOCK_TAGS:
            classes = _attr(attrs, 'class')
            if tag == "blockquote":
                self.quote += 1
            elif re.fullmatch(r"h[1-6]", tag):
                self.kind = "heading"
            elif tag == "li":
                self.kind = "li"
            elif tag == "figcaption" or "img-desc" in classes or "caption" in classes:
                self.kind = "caption"

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BOLD_TAGS:
            self.bold = max(0, self.bold - 1)
        elif tag in BLOCK_TAGS or tag in REGION_TAGS:
            self.flush()
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
        if tag in BLOCK_TAGS or tag in REGION_TAGS:
            k = next((k for k in range(len(self.open) - 1, -1, -1) if self.open[k][0] == tag), None)
            if k is not None:  # an end tag with no start is ignored; one that closes others closes them too
                del self.open[k:]

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append((data, self.bold > 0))

    def flush(self) -> None:
        text = normalize_space("".join(t for t, _ in self.parts))
        if text:
            bold_chars = sum(len(t.strip()) for t, b in self.parts if b)
            bold = bold_chars >= len(re.sub(r"\s", "", text)) * 0.9
            self.blocks.append(Block(text, self.kind, bold, self.quote > 0, self.region))
        self.parts = []
        self.kind = "p"


# Markup, found in one left-to-right pass that never rescans: a comment (to its end, or the end of the
# text), a tag (no "<" or ">" inside), or a declaration / processing instruction. Any other "<" is text.
_MARKUP = re.compile(r"<!--.*?(?:--\s*>|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*+)([^<>]*+)>|<[!?][^<>]*+>", re.DOTALL)
_ATTR = {name: re.compile(rf"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
         for name in ("class", "id")}
RAW_TEXT_TAGS = {"script", "style"}  # their content is not markup


def _region_of(attrs: str) -> str:
    """"navigation" or "footer" for an element whose class or id says it is one (class="nav", id="footer")."""
    names = f"{_attr(attrs, 'class')} {_attr(attrs, 'id')}".split()
    return next((region for region, pattern in _REGION_NAME if any(pattern.fullmatch(n) for n in names)), "")


def html_title(text: str) -> str:
    """The page's <title>, without the site name after a separator ("新芯片发布 - 示例网" → "新芯片发布")."""
    m = re.search(r"<title\b[^<>]*>([^<]{1,300})</title>", text[:50000], re.IGNORECASE)
    title = normalize_space(html.unescape(m.group(1))) if m else ""
    parts = [p.strip() for p in re.split(r"\s+[-–—_]\s+|\s*[｜|]\s*", title) if p.strip()]
    return max(parts, key=len) if parts else ""  # the title is the longer part: "示例网 | 新芯片发布" too


def _attr(attrs: str, name: str) -> str:
    """The value of the ``class`` or ``id`` attribute in a tag's attribute text ("" when it has none)."""
    m = _ATTR[name].search(attrs)
    return html.unescape(next(g for g in m.groups() if g is not None)) if m else ""


def html_blocks(text: str) -> list[Block]:
    """Blocks of an HTML body, in linear time whatever the markup (unclosed tags and comments included)."""
    parser = _BlockParser()
    pos = 0
    while m := _MARKUP.search(text, pos):
        if m.start() > pos:
            parser.handle_data(html.unescape(text[pos:m.start()]))
        pos = m.end()
        if not m.group(2):
            continue  # a comment or a declaration
        tag = m.group(2).lower()
        if m.group(1):
            parser.handle_endtag(tag)
            continue
        parser.handle_starttag(tag, m.group(3))
        if m.group(3).endswith("/"):  # <br/>, <p/>: opened and closed at once
            parser.handle_endtag(tag)
        elif tag in RAW_TEXT_TAGS:
            close = re.compile(rf"</{tag}(?![A-Za-z0-9:-])[^<>]*+>", re.IGNORECASE).search(text, pos)
            pos = close.end() if close else len(text)
            parser.handle_endtag(tag)
    if pos < len(text):
        parser.handle_data(html.unescape(text[pos:]))
    parser.flush()
    return parser.blocks


def looks_like_html(text: str) -> bool:
    return re.search(r"<(p|div|br|span|h[1-6]|blockquote|ul|li|strong|a|img|body|html|article)\b[^<>]*+>",
                     text[:20000], re.IGNORECASE) is not None


def markdown_blocks(text: str) -> list[Block]:
    """A Markdown (or plain text) body: blank lines or single newlines separate paragraphs."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _IMAGE.fullmatch(line) or re.fullmatch(r"[-*_]{3,}", line) or _TABLE_RULE.fullmatch(line):
            continue
        quote = line.startswith(">")
        line = line.lstrip("> ").strip() if quote else line
        kind = "p"
        if m := re.match(r"#{1,6}\s+", line):
            kind, line = "heading", line[m.end():]
        elif m := re.match(r"[-*+]\s+", line):
            kind, line = "li", line[m.end():]
        bold = bool(re.fullmatch(r"(\*\*|__)(.+)\1[。.]?", line))
        line = _strip_inline_markdown(line)
        if line:
            blocks.append(Block(normalize_space(line), kind, bold, quote))
    return blocks


_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?")  # a Markdown table's |---|---| row

# [text](url) and ![alt](url), the url with at most one level of parentheses; no "[" in the text and no "("
# in the url past that level, so that no match attempt scans beyond the next bracket (linear time).
_URL = r"\((?:[^()]|\([^()]*+\))*+\)"
_IMAGE = re.compile(rf"!\[[^\[\]]*+\]{_URL}")
_LINK = re.compile(rf"\[([^\[\]]*+)\]{_URL}")


def _strip_inline_markdown(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = re.sub(r"(\*\*|__|`)", "", line)
    return line.strip()
