import re
from itertools import accumulate

import jieba
import pytest

from summarize.backends.extractive import ExtractiveSummarizer
from summarize.bullets import clean, overlap, same_point, shorten, spans, tidy
from summarize.cards import load_card
from summarize.ingest import load, parse


def summarizer():
    return ExtractiveSummarizer(load_card("extractive"))


def test_three_points_from_body_not_from_editor_points(fixture_path):
    article = load(fixture_path("keypoints-top.md"))
    points = summarizer().key_points(article, 3).points
    assert len(points) == 3
    ids = [p.source_sentence_ids[0] for p in points]
    assert ids == sorted(ids)  # in source order
    texts = {s.id: s.analysis_text for s in article.sentences}
    for p in points:
        (sid,) = p.source_sentence_ids
        assert p.text.rstrip("。")[:8] in texts[sid]  # each point comes from the sentence it names
        assert p.text not in article.reference_points


def test_points_are_short_and_clean(fixture_path):
    article = load(fixture_path("keypoints-top.md"))
    for p in summarizer().key_points(article, 5).points:
        assert len(p.text) <= 60
        assert not p.text.startswith(("此外", "不过", "同时"))


def test_n_points_and_no_duplicates():
    text = "。".join(f"示例公司第{i}个产品在城市{i}上市销售情况良好" for i in range(1, 12)) + "。"
    points = summarizer().key_points(parse(text), 4).points
    assert len(points) == 4 and len({p.text for p in points}) == 4


def test_short_article_gives_what_it_has():
    points = summarizer().key_points(parse("只有一句话的文章。"), 3).points
    assert [p.text for p in points] == ["只有一句话的文章。"]


def test_clean_drops_connectives_and_datelines():
    assert clean("此外，公司还发布了新产品。") == "公司还发布了新产品。"
    assert clean("不过同时，市场仍在增长。") == "市场仍在增长。"
    assert clean("示例日报 3月2日消息，星河科技发布芯片。") == "星河科技发布芯片。"


def test_a_point_never_points_at_a_figure_the_reader_cannot_see():
    assert clean("如图2所示，主体部分是文件系统接口。") == "主体部分是文件系统接口。"
    assert clean("此外，如下表所示：收入增长了三成。") == "收入增长了三成。"
    assert clean("如图1、图2所示，收入逐季上升。") == clean("图2显示，收入逐季上升。") == "收入逐季上升。"
    assert clean("如果图片太多，页面就会变慢。") == "如果图片太多，页面就会变慢。"  # 如果 is no figure
    assert clean("如表决未通过，方案将重新提交。") == "如表决未通过，方案将重新提交。"  # 表决 is no table


def test_shorten_cuts_at_clause_boundaries():
    long = "第一分句写得比较长一些内容，" * 3 + "最后一个分句在这里结束。"
    out = shorten(long, 60)
    assert len(out) <= 60 and out.endswith("。") and long.startswith(out[:-1])
    assert shorten("短句。", 60) == "短句。"


def test_a_sentence_with_no_clause_boundary_is_cut_between_words():
    uncuttable = "这是一个没有任何逗号所以无法在分句处切开的非常非常长的句子" * 3 + "。"
    out = shorten(uncuttable, 60)
    assert len(out) <= 60 and out.endswith("…") and uncuttable.startswith(out[:-1])
    assert len(out) - 1 in _word_ends(uncuttable)


def _word_ends(text: str) -> set[int]:
    return set(accumulate(len(w) for w in jieba.lcut(text)))


@pytest.mark.parametrize("limit", range(8, 61))
def test_a_cut_never_splits_a_latin_word_or_a_number(limit):
    text = "公司在2021年发布了名为SuperComputerX的产品其售价为1,850美元约合3.5%的市场份额并计划推出iPhone12竞品" * 2
    out = shorten(text, limit)[:-1]
    assert len(out) < limit and text.startswith(out)
    assert re.search(r"[A-Za-z0-9.,%]$", out) is None or re.match(r"[^A-Za-z0-9.,%]", text[len(out)])


def test_key_points_are_capped_even_for_a_giant_unpunctuated_sentence():
    giant = "示例公司今年推出的新产品在多个城市同时上市销售并且受到了消费者的广泛欢迎" * 550  # 20,000 characters
    article = parse(f"这是开头的一段话，介绍了示例公司的基本情况。\n\n{giant}\n\n结尾的一段话总结了全文的内容。")
    points = summarizer().key_points(article, 3).points
    assert len(points) == 3 and all(len(p.text) <= 60 for p in points)


def test_a_short_article_still_gets_the_points_asked_for():
    article = parse("营收增长两成。利润翻倍。明年建新厂。")
    points = ExtractiveSummarizer(load_card("extractive")).key_points(article, 3).points
    assert [p.text for p in points] == ["营收增长两成。", "利润翻倍。", "明年建新厂。"]


@pytest.mark.parametrize("text, tidied", [
    ("据示例日报报道，星河公司今年营收增长两成。", "星河公司今年营收增长两成。"),
    ("记者从示例市交通局获悉，地铁三号线将于明年通车。", "地铁三号线将于明年通车。"),
    ("示例晚报报道称，星河公司将在明年上市。", "星河公司将在明年上市。"),
    ("星河公司（以下简称“星河”）将在明年上市。", "星河公司将在明年上市。"),
    ("苹果(Apple)发布了新款手机【组图】。", "苹果发布了新款手机。"),
    ("此外，据了解，利润翻倍，据示例社报道。", "利润翻倍。"),
    ("日前，星河公司发布了芯片。", "星河公司发布了芯片。"),
    ("星河公司表示，利润将翻倍。", "星河公司表示，利润将翻倍。"),  # who says it is content: kept
    ("据说这家公司很好。", "据说这家公司很好。"),  # not an attribution
])
def test_tidy_drops_attributions_connectives_and_parentheticals(text, tidied):
    assert tidy(text) == tidied


def test_spans_are_runs_of_whole_clauses_within_the_limit():
    sentence = "据示例社报道，星河公司今年营收增长两成，利润翻倍，明年将在示例市建设第二座工厂。"
    found = {text for _, _, text in spans(sentence, 24)}
    assert "星河公司今年营收增长两成。" in found and "利润翻倍，明年将在示例市建设第二座工厂。" in found
    assert all(len(t) <= 24 and t.endswith("。") for t in found)
    clauses = ["星河公司今年营收增长两成", "利润翻倍", "明年将在示例市建设第二座工厂"]
    for text in found:  # every span is whole clauses joined, never a piece of one
        assert all(part in clauses for part in re.split(r"[，。]", text) if part)


@pytest.mark.parametrize("sentence", ["星河科技董事长王小川表示，公司今年营收超过3亿元。",
                                      "他在接受采访时告诉记者，工厂明年投产，产能翻倍。", "报告显示，三成用户每天使用。"])
def test_a_point_never_says_who_speaks_without_what_is_said(sentence):
    found = [text for _, _, text in spans(sentence, 60)]
    assert found and not any(re.search(r"(?:表示|告诉记者|显示)。$", t) for t in found)
    assert shorten(sentence, 12).rstrip("。…") not in ("星河科技董事长王小川表示", "报告显示")


def test_a_word_that_ends_like_a_speech_verb_is_no_speaker():
    assert "他写了一部小说，销量过百万。" in {t for _, _, t in spans("他写了一部小说，销量过百万。", 60)}
    assert "他写了一部小说。" in {t for _, _, t in spans("他写了一部小说，销量过百万。", 60)}


def test_a_sentence_whose_clauses_are_all_too_long_is_cut_between_words():
    sentence = "这是一个没有任何逗号所以无法在分句处切开的非常非常长的句子" * 3 + "。"
    ((_, _, text),) = spans(sentence, 30)
    assert len(text) <= 30 and text.endswith("…") and len(text) - 1 in _word_ends(sentence)


def test_two_points_say_the_same_thing_when_they_share_most_words_and_all_numbers():
    assert same_point("星河公司今年营收增长两成。", "今年星河公司营收增长两成") and overlap("甲乙", "甲乙") == 1.0
    assert not same_point("星河公司今年营收增长两成。", "示例市地铁三号线明年通车。")
    assert not same_point("示例公司第1个产品在城市1上市。", "示例公司第2个产品在城市2上市。")
    assert same_point("营收增长20%。", "公司营收增长20%，创下新高。")


@pytest.mark.parametrize(("option", "value"), [("max_chars", 0), ("position_decay", 0), ("damping", 1.5),
                                               ("pool", "many"), ("title", True)])
def test_a_ranking_option_out_of_its_range_is_one_line_naming_it(option, value):
    from dataclasses import replace

    from summarize.errors import ConfigError

    card = replace(load_card("extractive"), options={option: value})
    with pytest.raises(ConfigError, match=f"option {option} = {value!r} is out of range"):
        ExtractiveSummarizer(card)  # max_chars = 0 had made empty key points, position_decay = 0 numpy warnings
