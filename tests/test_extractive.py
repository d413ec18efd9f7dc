from summarize.backends.extractive import ExtractiveSummarizer
from summarize.bullets import clean, shorten
from summarize.cards import load_card
from summarize.ingest import load, parse


def summarizer():
    return ExtractiveSummarizer(load_card("extractive"))


def test_three_points_from_body_not_from_editor_points(fixture_path):
    article = load(fixture_path("keypoints-top.md"))
    points = summarizer().key_points(article, 3)
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
    for p in summarizer().key_points(article, 5):
        assert len(p.text) <= 60
        assert not p.text.startswith(("此外", "不过", "同时"))


def test_n_points_and_no_duplicates():
    text = "。".join(f"示例公司第{i}个产品在城市{i}上市销售情况良好" for i in range(1, 12)) + "。"
    points = summarizer().key_points(parse(text), 4)
    assert len(points) == 4 and len({p.text for p in points}) == 4


def test_short_article_gives_what_it_has():
    points = summarizer().key_points(parse("只有一句话的文章。"), 3)
    assert [p.text for p in points] == ["只有一句话的文章。"]


def test_clean_drops_connectives_and_datelines():
    assert clean("此外，公司还发布了新产品。") == "公司还发布了新产品。"
    assert clean("不过同时，市场仍在增长。") == "市场仍在增长。"
    assert clean("示例日报 3月2日消息，星河科技发布芯片。") == "星河科技发布芯片。"


def test_shorten_cuts_at_clause_boundaries():
    long = "第一分句写得比较长一些内容，" * 3 + "最后一个分句在这里结束。"
    out = shorten(long, 60)
    assert len(out) <= 60 and out.endswith("。") and long.startswith(out[:-1])
    assert shorten("短句。", 60) == "短句。"
    uncuttable = "这是一个没有任何逗号所以无法在分句处切开的非常非常长的句子" * 3 + "。"
    assert shorten(uncuttable, 60) == uncuttable


def test_a_short_article_still_gets_the_points_asked_for():
    article = parse("营收增长两成。利润翻倍。明年建新厂。")
    points = ExtractiveSummarizer(load_card("extractive")).key_points(article, 3)
    assert [p.text for p in points] == ["营收增长两成。", "利润翻倍。", "明年建新厂。"]
