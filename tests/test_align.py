"""A model that merges two sentences shifts every later numbered line; the translator notices by the lines'
anchors (figures, Latin words, glossary names) and asks for those lines again."""

import re

from fake_llm import ScriptedEngine, english
from test_llm import card

from summarize.llm.align import anchors, first_shifted
from summarize.llm.prompts import protect_numbers
from summarize.llm.stages import LLMTranslator
from summarize.stages import Call

SOURCES = ["示例公司营收增长了12%。", "王小明表示，公司将扩大招聘。", "公司新品售价为399元。", "分析人士看好前景。",
           "第二季度利润为88万元。"]
GLOSSARY = {"王小明": "Wang Xiaoming"}


def test_anchors_are_figures_latin_words_and_glossary_names():
    assert anchors("Apple公司营收增长了12%，王小明表示满意。", GLOSSARY) == {"12", "apple", "wang xiaoming"}


def test_a_line_holding_its_neighbours_anchors_and_none_of_its_own_is_shifted():
    right = ["Revenue rose 12%.", "Wang Xiaoming said it will hire.", "It sells for 399 yuan.", "Analysts agree.",
             "Profit was 880,000 yuan."]
    assert first_shifted(SOURCES, right, GLOSSARY) is None
    merged = ["Revenue rose 12%; Wang Xiaoming said it will hire.", "It sells for 399 yuan.", "Analysts agree.",
              "Profit was 880,000 yuan.", "Fine."]
    assert first_shifted(SOURCES, merged, GLOSSARY) == 1


class MergingEngine(ScriptedEngine):
    """Merges the first two numbered sentences of a chunk into one line the first time it sees the chunk."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    def answer(self, user):
        body = user.split("\n\n")[-1]
        lines = re.findall(r"^\[\d+\] (.*)$", body, re.M)
        if "numbered Chinese sentences" not in user or len(lines) < 3 or body in self.seen:
            return super().answer(user)
        self.seen.add(body)
        merged = [english(lines[0] + lines[1])] + [english(s) for s in lines[2:]] + ["EN[]"]
        return "\n".join(f"[{k}] {e}" for k, e in enumerate(merged, 1))


def test_shifted_lines_are_translated_again_and_come_back_aligned():
    texts = ["示例公司营收增长了12%。", "Apple发布了新品。", "公司新品售价为399元。", "第二季度利润为88元。"]
    result = LLMTranslator(card(), MergingEngine()).translate(texts, Call(glossary=GLOSSARY))
    assert result.texts == tuple(english(protect_numbers(t)) for t in texts)
    assert result.info["realigned"] >= 3
