"""Grounded LLM key points on the scripted engine: the model writes from the ranker's candidates, and a point
its cited sentences do not support is replaced by the extractive point, saying why."""

from fake_llm import ScriptedEngine

from summarize.cards import ModelCard
from summarize.data import KeyPoint
from summarize.ingest import parse
from summarize.llm.grounded import GroundedSummarizer

ARTICLE = parse("字节跳动挑战阿里巴巴，张一鸣计划进军电商。字节跳动在2020年，售出了价值260亿美元的商品。"
                "到2022年，销售额有望超过1850亿美元。公司还在招聘数千名新员工。")


class FirstSentences:
    """A stand-in ranker: the first sentences, each as its own extractive point."""

    def key_points(self, article, n):
        return [KeyPoint(f"提取{s.id}。", (s.id,)) for s in article.sentences[:n]]


def summarizer(points):
    card = ModelCard("scripted", "llama-cpp", ("summarize",), options={"candidates": 4})
    engine = ScriptedEngine(points_zh=points)
    return GroundedSummarizer(card, engine, ranker=FirstSentences()), engine


def test_supported_points_are_kept_with_the_sentences_they_cite():
    s, engine = summarizer(["字节跳动挑战阿里巴巴。 [1]", "字节跳动2020年售出价值260亿美元商品。 [2]"])
    result = s.key_points(ARTICLE, 2)
    assert [(p.text, p.source_sentence_ids) for p in result.points] == [
        ("字节跳动挑战阿里巴巴。", (0,)), ("字节跳动2020年售出价值260亿美元商品。", (1,))]
    assert result.info["grounding"] == ["kept", "kept"] and result.info["replaced"] == 0
    prompt = engine.calls[0][-1]["content"]
    assert "[1] 字节跳动挑战阿里巴巴，张一鸣计划进军电商。" in prompt and "[4] 公司还在招聘数千名新员工。" in prompt


def test_unsupported_points_are_replaced_by_extractive_ones_and_the_info_says_why():
    s, _ = summarizer(["字节跳动挑战阿里巴巴。 [1]", "张一鸣计划进军阿里巴巴。 [1]", "字节跳动2020年售出价值300亿美元商品。 [2]"])
    result = s.key_points(ARTICLE, 3)
    assert [p.text for p in result.points] == ["字节跳动挑战阿里巴巴。", "提取1。", "提取2。"]
    assert result.info["grounding"] == ["kept", "replaced: relation 进军 → 阿里巴巴 not stated",
                                        "replaced: number 300亿美元 not in the sources"]
    assert result.info["replaced"] == 2 and result.info["model_calls"] == 1


def test_a_point_without_a_citation_is_checked_against_its_nearest_candidate():
    s, _ = summarizer(["公司还在招聘数千名新员工。"])
    (point,) = s.key_points(ARTICLE, 1).points
    assert point.source_sentence_ids == (3,) and point.text == "公司还在招聘数千名新员工。"


def test_too_few_points_from_the_model_are_made_up_by_the_ranker():
    s, _ = summarizer(["字节跳动挑战阿里巴巴。 [1]"])
    result = s.key_points(ARTICLE, 3)
    assert [p.source_sentence_ids for p in result.points] == [(0,), (1,), (2,)]
    assert result.info["grounding"][1:] == ["extractive: the model gave too few points"] * 2


def test_a_point_is_never_given_twice():
    s, _ = summarizer(["字节跳动挑战阿里巴巴。 [1]", "字节跳动挑战阿里巴巴。 [1]", "提取0。 [2]"])
    result = s.key_points(ARTICLE, 3)
    texts = [p.text for p in result.points]
    assert len(set(texts)) == 3 and texts[0] == "字节跳动挑战阿里巴巴。"
    assert result.info["grounding"][1] == "replaced: it repeats an earlier point"
    assert len({i for p in result.points for i in p.source_sentence_ids}) == 3


def test_a_card_may_give_its_own_prompt_and_number_of_candidates():
    card = ModelCard("scripted", "llama-cpp", ("summarize",), options={"candidates": 2},
                     prompts={"grounded_points": "只压缩这些中文要点（{n}条）：\n{candidates}\n标题：{title}"})
    engine = ScriptedEngine(points_zh=["字节跳动挑战阿里巴巴。 [1]", "字节跳动2020年售出价值260亿美元商品。 [2]"])
    GroundedSummarizer(card, engine, ranker=FirstSentences()).key_points(ARTICLE, 2)
    asked = engine.calls[0][-1]["content"]
    assert asked.startswith("只压缩这些中文要点（2条）：\n[1] ") and "[2] " in asked and "[3] " not in asked
