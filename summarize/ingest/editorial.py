"""Set apart what is not the article's own body: boilerplate, and the editor's key points or summary.

The editor's summary (numbered key points, a 划重点 list, a 【导读】 paragraph, an editor's note, a lead
blockquote, or a bulleted list of principles at the end) is removed from the body so that no summarizer
can copy it, and kept as the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.data import Boilerplate
from summarize.ingest.blocks import Block
from summarize.segment import split_sentences

_BOILERPLATE = [
    ("attribution", re.compile(r"^(编者按[：:]\s*)?(本文|文章)?(来自|转载自|转自|原载于).{0,80}(授权|转载|发布)")),
    ("attribution", re.compile(r"经授权(发布|转载)。?$|^原文链接[：:]|^本文为.{0,30}原创")),
    ("about", re.compile(r"^神译局是36氪旗下编译团队|^(欢迎|点击).{0,20}关注")),
    ("byline", re.compile(r"^(文|作者|编辑|撰文|译者|编译|校对|来源|责编|编校|出品|策划|记者|审校|整理)\s*[｜|丨:：/]")),
    ("byline", re.compile(r"^[^。，,]{1,30}[｜|丨]\s*(文|译|编校|编辑|作者)(\S{0,12}[｜|丨]\s*(文|译|编校|编辑))?$")),
    ("byline", re.compile(r"^\S{1,12}(报道|讯)$|^关键词[：:]")),
    ("caption", re.compile(r"^(图片来源|题图来源|图源|来源)[：:]|^△|^图\s?\d+[：:]|^(头图|封面)来[自源]")),
    ("related", re.compile(r"^(关联阅读|相关阅读|延伸阅读|推荐阅读|往期回顾)")),
    ("link", re.compile(r"^(地址|链接|论文地址|项目地址|网址)?[：:]?\s*https?://\S+\s*$")),
    ("footer", re.compile(r"^(?:版权所有|Copyright\b|©)|ICP[备证]\s*\d{6,}", re.IGNORECASE)),  # a licence number
    ("navigation", re.compile(r"^[^。，,；！？\d%]{1,10}(?:\s*[|｜]\s*[^。，,；！？|｜\d%]{1,10}){2,}$")),  # 首页 | 科技
]
_MAX_CHARS = {"byline": 60, "footer": 100}  # a longer block that matches is a sentence of the article
_SUMMARY_LABEL = re.compile(r"^(划重点|要点|核心提示|本文要点|文章要点|内容提要|摘要|导读|太长不看版)[：:]?$")
_LEAD_LABEL = re.compile(r"^(?:【[^】]{0,8}(导读|摘要|导语|提要)】|(?:摘要|导读|导语|内容提要|核心提示|本文摘要)[：:](?=.{10}))\s*")
_END_LABEL = re.compile(r"^(?:总结|要点|要点回顾|本文要点|全文要点|核心要点|划重点|内容提要|摘要|太长不看版?|一句话总结|"
                        r"TL;?DR)[：:]?$", re.IGNORECASE)
_NOTE_LABEL = re.compile(r"^编者按[：:]\s*")
_NOTE_META = re.compile(r"本文译自|原标题|原文标题|标题是|原文发表|希望对您?有所启发|本文来自|原文链接|经授权")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[、.．)）]\s*")
_BULLET = re.compile(r"^\s*[●•·▪◆■○◎\-]\s*")
_BIO = re.compile(r"^[^，。]{2,24}是.{0,60}(记者|作家|作者|编辑|讲师|教授|研究员|撰稿人|分析师|创始人)")


@dataclass(frozen=True)
class Editorial:
    body: list[Block]
    reference_points: list[str]
    reference_style: str
    boilerplate: list[Boilerplate]


def boilerplate_kind(block: Block) -> str | None:
    if block.region:  # inside <nav>, <footer>, <aside> or a menu / copyright element of a page
        return block.region
    if block.kind == "caption":
        return "caption"
    text = block.text
    for kind, pattern in _BOILERPLATE:
        if pattern.search(text) and len(text) <= _MAX_CHARS.get(kind, len(text)):
            return kind
    return None


def split_editorial(blocks: list[Block]) -> Editorial:
    """Take boilerplate and the editor's summary out of ``blocks``."""
    body: list[Block] = []
    boiler: list[Boilerplate] = []
    in_related = False
    for block in blocks:
        kind = boilerplate_kind(block)
        if not kind and in_related and len(block.text) <= 60 and not block.text.endswith("。") \
                and not _SUMMARY_LABEL.match(block.text):
            kind = "related"  # the titles listed under a related-reading label
        in_related = kind == "related"
        if kind:
            boiler.append(Boilerplate(kind, block.text))
        else:
            body.append(block)
    while len(body) > 2 and len(body[-1].text) <= 150 and _BIO.search(body[-1].text) \
            and len(split_sentences(body[-1].text)) == 1:  # a closing one-sentence note about the author
        boiler.append(Boilerplate("author_bio", body.pop().text))
    for finder in (_numbered_top, _labelled_points, _labelled_lead, _editor_note, _lead_quote, _bullets_at_end,
                   _summary_at_end):
        labels = list(boiler)  # what the finder sets apart counts only if its finding is kept
        found = finder(body, labels)
        if found and found[2]:  # a summary with no article after it is the article itself
            points, style, rest = found
            return Editorial(rest, points, style, labels)
    return Editorial(body, [], "", boiler)


_Found = tuple[list[str], str, list[Block]] | None


def _top(body: list[Block], limit: int = 8) -> range:
    return range(min(limit, len(body)))


def _numbered_top(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """Bold "1、… 2、… 3、…" points (optionally under a 划重点 label) opening the article."""
    start = 0
    if body and _SUMMARY_LABEL.match(body[0].text):
        boiler.append(Boilerplate("label", body[0].text))
        start = 1
    items: list[str] = []
    i = start
    while i < len(body) and body[i].kind != "heading":
        m = _NUMBERED.match(body[i].text)
        if not m or int(m.group(1)) != len(items) + 1:
            break
        items.append(body[i].text[m.end():].strip())
        i += 1
    labelled = start == 1
    if len(items) >= 2 and (labelled or all(b.bold for b in body[start:i])):
        return items, "keypoints_list", body[i:]
    return None


def _labelled_lead(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """A 【导读】/【新智元导读】 paragraph near the top."""
    for i in _top(body):
        m = _LEAD_LABEL.match(body[i].text)
        if m:
            boiler.append(Boilerplate("label", m.group(0).strip()))
            return [body[i].text[m.end():].strip()], "labelled_summary", body[:i] + body[i + 1:]
    return None


def _editor_note(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """An 编者按 note near the top; its sentences about the source (原标题…) are set apart."""
    for i in _top(body):
        m = _NOTE_LABEL.match(body[i].text)
        if m:
            sentences = split_sentences(body[i].text[m.end():])
            keep = [s for s in sentences if not _NOTE_META.search(s)]
            meta = [s for s in sentences if _NOTE_META.search(s)]
            if meta:
                boiler.append(Boilerplate("source_note", "".join(meta)))
            rest = body[:i] + body[i + 1:]
            return (["".join(keep)], "editor_note_summary", rest) if keep else None
    return None


def _lead_quote(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """A blockquote that opens the article, before any body paragraph."""
    if not body or not body[0].quote:
        return None
    n = 0
    while n < len(body) and body[n].quote:
        n += 1
    text = "".join(b.text for b in body[:n])
    if len(text) < 10 or n >= len(body):
        return None
    return ["".join(split_sentences(text))], "blockquote_summary", body[n:]


def _bullets_at_end(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """A closing list of bullets ("● …"), possibly grouped under short labels, after a heading."""
    i = len(body)
    backwards: list[str] = []  # the points from the last one up, so that nothing is inserted at the front
    pending: list[str] = []  # bullets (also from the last one up) not yet under a label
    while i > 0:
        block = body[i - 1]
        if _BULLET.match(block.text):
            pending.append(_BULLET.sub("", block.text, count=1))
        elif pending and len(block.text) <= 10 and not re.search(r"[。！？]$", block.text):
            backwards += [f"{block.text}：{p}" for p in pending]
            pending = []
        else:
            break
        i -= 1
    points = (backwards + pending)[::-1]
    if len(points) < 2:
        return None
    if i > 0 and body[i - 1].kind == "heading":
        boiler.append(Boilerplate("label", body[i - 1].text))
        i -= 1
    return points, "keypoints_list_at_end", body[:i]


def _items(blocks: list[Block]) -> list[str]:
    """The points of a run of list blocks: numbered in order (1、2、3), bulleted (●) or list items; stops
    at the first block that is none of these."""
    items: list[str] = []
    for block in blocks:
        numbered = _NUMBERED.match(block.text)
        if numbered and int(numbered.group(1)) == len(items) + 1:
            items.append(block.text[numbered.end():].strip())
        elif _BULLET.match(block.text):
            items.append(_BULLET.sub("", block.text, count=1).strip())
        elif block.kind == "li" and not numbered:
            items.append(block.text.strip())
        else:
            break
    return [i for i in items if i]


def _labelled_points(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """A 划重点/要点 label near the top (after an editor's note, links or other blocks), then its points as
    a list, or one short paragraph."""
    for i in _top(body):
        if not _SUMMARY_LABEL.match(body[i].text) or i >= len(body) // 2:  # near the top: the first half
            continue
        items = _items(body[i + 1:i + 11])
        end = i + 1 + len(items)
        if not items and i + 1 < len(body) and body[i + 1].kind != "heading" and len(body[i + 1].text) <= 200:
            items, end = [body[i + 1].text.strip()], i + 2
        if items:
            boiler.append(Boilerplate("label", body[i].text))
            return items, "keypoints_list", body[:i] + body[end:]
        return None
    return None


def _summary_at_end(body: list[Block], boiler: list[Boilerplate]) -> _Found:
    """A summary under its own heading (总结、本文要点 …, not 结语) closing the article: a list, or at most two
    short paragraphs."""
    for i in range(len(body) - 2, max(1, len(body) - 12) - 1, -1):
        block = body[i]
        if not ((block.kind == "heading" or block.bold) and _END_LABEL.match(block.text.strip())):
            continue
        rest = body[i + 1:]
        items = _items(rest)
        if len(items) != len(rest):
            short = len(rest) <= 2 and all(len(b.text) <= 300 and b.kind != "heading" for b in rest)
            items = [b.text.strip() for b in rest] if short else []
        if items:
            boiler.append(Boilerplate("label", block.text))
            return items, "summary_at_end", body[:i]
        return None
    return None
