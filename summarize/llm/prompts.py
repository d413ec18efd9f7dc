"""Prompts for instruct LLMs, the parsing of their answers, and number protection.

Every prompt can be replaced from a card's ``[prompts]`` table (same keys, ``str.format`` fields).
Chinese prompts ask for Chinese key points; English prompts ask for English output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from summarize.bounds import bound_spans
from summarize.numbers import Quantity, find_zh, render_en

DEFAULT_PROMPTS = {
    "system_zh": "你是一名资深的中文新闻编辑，擅长提炼文章要点。",
    "points_zh": ("请阅读下面的新闻文章，写出{n}条中文要点。要求：每条只写一个事实，不超过60个字，保留原文中的数字和单位。"
                  "只输出编号列表，每行一条，格式为“1. 要点”，不要输出其他内容。\n\n标题：{title}\n\n正文：\n{text}"),
    "reduce_zh": ("下面是同一篇文章各部分的要点。请合并成最重要的{n}条中文要点，每条不超过60个字，保留数字。"
                  "只输出编号列表，格式为“1. 要点”。\n\n标题：{title}\n\n{text}"),
    "retry_zh": "只输出{n}行，每行以“1.”“2.”这样的编号开头，每行不超过60个字。",
    "system_en": "You are a professional Chinese-to-English news translator and editor. You always answer in English.",
    "translate": ("Translate the numbered Chinese sentences into fluent, accurate English. Output exactly one line "
                  "per sentence in the form [n] translation, keeping each number [n]. Copy figures exactly; figures "
                  "already written in English (such as $185 billion) must stay as they are. Add no year, date, name "
                  "or figure that a sentence does not state. Output English only."
                  "\n\n{context}{text}"),
    "context": "Earlier in the article (already translated; do not output it):\n{text}\n\n",
    "translate_one": "Translate this Chinese text into English. Output only the English translation.\n\n{text}",
    # one sentence, then its notes (rules, glossary line, names it must hold): notes before the sentence were
    # translated as if they were the text (chrF 45.5 vs 46.0, eval/results/wmt21-zhen-server-layout)
    "translate_sentence": "Translate this Chinese text into English. Output only the English translation.\n\n"
                          "{text}\n{notes}",
    # terms_in = "system": the instruction and the article's glossary in the system prompt, the sentence alone
    "translate_system": "Translate each Chinese text the user sends into English. Output only the English translation.",
    "sentence_after_system": "{text}\n{notes}",
    "points_en": ("Read the Chinese news article below and write {n} key points in English. Each point states one "
                  "fact in at most 30 words and keeps every number. Output only a numbered list, one point per "
                  "line, in the form '1. point'.\n\nTitle: {title}\n\n{text}"),
    # grounded key points: the model picks the sentences that sum the article up and compresses each, keeping its
    # words (ROUGE-L 0.213 against 0.193 for "write N points from these sentences" in a diagnostic run on 36kr dev;
    # the suite's figures, with the other prompts tried as eval cards: eval/results/keypoints-36kr-grounded*)
    "grounded_points": ("标题：{title}\n下面是从文章中选出的句子，每句前有编号：\n{candidates}\n\n请从中选出最能概括全文的{n}句，"
                        "把每句压缩成一条不超过60个字的中文要点，每条一行：尽量照抄原句的词语，只删去次要的词语和从句，不要改写，"
                        "不要加入句子里没有的内容；每条末尾用方括号注明所依据的句子编号，如 [2]。"),
    "english_only": "Answer in English only: do not write any Chinese characters.",
    "faithful": "Add no year, date, name or figure that the text does not state.",
    "terms": "Write these names and terms exactly so: {text}\n\n",
    "names_again": "Your translation must contain these names exactly as written here: {text}.",
}

_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）:：]|[-*•●]|\[\d{1,2}\])\s*(.+?)\s*$")
_TAGGED = re.compile(r"^\s*\[(\d{1,3})\]\s*(.*?)\s*$")


# Chat-template control strings that a tokenizer with special tokens enabled would read as real control tokens
# (<|im_start|>, <|im_end|>, <|endoftext|>, <|eot_id|>, …; Llama's [INST], <<SYS>>, <s>, </s>).
_CONTROL = re.compile(r"<\|[^<>|\n]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>", re.IGNORECASE)


_INERT = str.maketrans({"<": "‹", ">": "›", "|": "｜", "[": "［", "]": "］"})


def neutralise(text: str) -> str:
    """Article text made inert inside a prompt: control-token strings lose their angle brackets and bars
    (``<|im_end|>`` → ``‹｜im_end｜›``, ``[INST]`` → ``［INST］``), so pasted or archived text can never close the user turn."""
    return _CONTROL.sub(lambda m: m.group(0).translate(_INERT), text)


def prompt(prompts: dict[str, str], key: str, **fields: object) -> str:
    """A prompt from the card's template (trusted) and its fields (article or model text: neutralised)."""
    safe = {k: neutralise(v) if isinstance(v, str) else v for k, v in fields.items()}
    return (prompts.get(key) or DEFAULT_PROMPTS[key]).format(**safe)


# Relative years stay words in the English (the digest may annotate the year; the checks flag a wrong one). Said
# in the prompt because the numbers grammar keeps out a year the source does not write in digits: a model that
# wanted "in 2021" for 今年 wrote "in ******" instead.
RELATIVE_YEARS_EN = {"今年": "this year", "本年": "this year", "去年": "last year", "上年": "last year",
                     "前年": "the year before last", "明年": "next year", "后年": "the year after next"}


def relative_years(text: str) -> dict[str, str]:
    """The relative years ``text`` says, as words of their own (说明年轻人 and 三年前年收入 say none)."""
    if not any(word in text for word in RELATIVE_YEARS_EN):
        return {}
    from summarize.glossary import words  # noqa: PLC0415 - jieba loads only where a relative year may be

    cut = words(text)
    return {zh: en for zh, en in RELATIVE_YEARS_EN.items() if any(w.startswith(zh) for w in cut)}


def terms_for(glossary: Mapping[str, str], text: str) -> str:
    """The glossary entries that occur in ``text``, then its relative years, as one line for a prompt ("雷军 =
    Lei Jun; 小米 = Xiaomi; 今年 = this year")."""
    entries = {zh: en for zh, en in glossary.items() if zh in text}
    years = {zh: en for zh, en in relative_years(text).items() if zh not in entries}  # a user's own entry wins
    return "; ".join(f"{zh} = {en}" for zh, en in (entries | years).items())


def one_line(text: str) -> str:
    """A piece as a single line, so that a ``[3] …`` line inside an article cannot pose as a numbered line."""
    return " ".join(text.split())


def parse_points(answer: str) -> list[str]:
    """Key points from an answer: numbered or bulleted lines, or a JSON list of strings."""
    text = answer.strip()
    if text.startswith("```"):
        text = re.sub(r"^```\w*\n?|\n?```$", "", text).strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
            if isinstance(items, list) and all(isinstance(i, str) for i in items):
                return [i.strip() for i in items if i.strip()]
        except json.JSONDecodeError:
            pass
    points = []
    for line in text.splitlines():
        m = _ITEM.match(re.sub(r"^\s*(\*\*|__|#+\s)", "", line))
        if m and m.group(1).strip("*_ "):
            points.append(m.group(1).strip("*_ "))
    return points


def parse_tagged(answer: str) -> dict[int, str]:
    """Lines of the form ``[n] text`` → {n: text}; the first line for each n wins."""
    out: dict[int, str] = {}
    for line in answer.splitlines():
        m = _TAGGED.match(line)
        if m and m.group(2) and int(m.group(1)) not in out:
            out[int(m.group(1))] = m.group(2)
    return out


def protect_numbers(text: str) -> str:
    """Render scaled amounts, percentages, money and bounded numbers into English inside Chinese text before it
    goes to a model that writes English: 1850亿美元 → $185 billion, so the model cannot get the 亿 scale wrong;
    超过3500万 → more than 35 million and 30多名 → more than 30名, so that it cannot drop the bound."""
    spans = bound_spans(text)
    for q in find_zh(text):
        if any(a <= q.start < b for a, b, _ in spans):
            continue
        if q.unit or (any(ch in q.text for ch in "万亿千百") and q.value >= 10_000) or _scaled_by_its_range(q):
            spans.append((q.start, q.end, render_en(q)))
        elif _count(text, q):  # 8000个 → 8,000个: the model can no longer take 8000 for 8 万
            spans.append((q.start, q.end, f"{int(q.text):,}"))
    out, last = [], 0
    for start, end, english in sorted(spans):
        if start < last:  # 30多于40: a number inside another's bound
            continue
        out += [text[last:start], english]
        last = end
    return "".join(out) + text[last:]


def _scaled_by_its_range(q: Quantity) -> bool:
    """5 in 5至10万人: written 5, worth 50,000 (the range's scale)."""
    digits = q.text.replace(",", "")
    return digits.isdigit() and float(digits) != q.value


def _count(text: str, q) -> bool:
    """A bare count of 1,000 or more (a number before 余/多 or a measure word), not a year, code or id."""
    if not q.text.isdigit() or int(q.text) < 1000 or (len(q.text) == 4 and 1900 <= int(q.text) <= 2100):
        return False
    return text[q.end:q.end + 1] in COUNT_FOLLOWERS


COUNT_FOLLOWERS = set("余多个位名家款次倍人部台辆件项条只张种座所场届吨户套亩")
