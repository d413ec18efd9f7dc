"""A model that merges two sentences shifts every later numbered line; the translator notices by the lines'
anchors (figures, Latin words, glossary names) and asks for those lines again."""

import re

from fake_llm import ScriptedEngine, english
from test_llm import card

from summarize.llm.align import anchors, first_shifted
from summarize.llm.prompts import protect_numbers
from summarize.llm.translator import LLMTranslator
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
    """Merges numbered sentences ``at`` and ``at + 1`` into one line the first time it sees a chunk."""

    def __init__(self, at):
        super().__init__()
        self.at, self.seen = at, set()

    def answer(self, user):
        body = user.split("\n\n")[-1]
        lines = re.findall(r"^\[\d+\] (.*)$", body, re.M)
        if "numbered Chinese sentences" not in user or len(lines) < self.at + 2 or body in self.seen:
            return super().answer(user)
        self.seen.add(body)
        at = self.at
        merged = [english(s) for s in lines[:at]] + [english(lines[at] + lines[at + 1])]
        merged += [english(s) for s in lines[at + 2:]] + ["EN[]"]
        return "\n".join(f"[{k}] {e}" for k, e in enumerate(merged, 1))


TEXTS = ["示例公司营收增长了12%。", "Apple发布了新品。", "公司新品售价为399元。", "第二季度利润为88元。", "公司有500名员工。"]


def test_lines_shifted_from_the_middle_of_a_chunk_are_asked_again_as_a_chunk():
    result = LLMTranslator(card(), MergingEngine(at=2)).translate(TEXTS, Call(glossary=GLOSSARY))
    assert result.texts == tuple(english(protect_numbers(t)) for t in TEXTS)
    assert result.info["realigned"] == 3 and result.info["retried_one_by_one"] == 0


def test_a_chunk_shifted_from_its_start_goes_one_by_one_since_asking_again_gives_the_same():
    result = LLMTranslator(card(), MergingEngine(at=0)).translate(TEXTS, Call(glossary=GLOSSARY))
    assert result.texts == tuple("ONE " + english(protect_numbers(t)) for t in TEXTS)
    assert result.info["retried_one_by_one"] == len(TEXTS)
