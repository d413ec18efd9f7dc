import threading

from summarize.ingest import load
from summarize.pipeline import Pipeline
from summarize.stages import merge_info


def test_each_distinct_text_is_translated_once():
    pipeline = Pipeline.from_cards()
    seen: list[str] = []
    original = pipeline.translator.translate
    pipeline.translator.translate = lambda texts, call=None: seen.extend(texts) or original(texts)
    try:
        digest = pipeline.run("示例公司发布了新产品。示例公司发布了新产品。市场反应很好。")
    finally:
        pipeline.translator.translate = original
    assert len(seen) == len(set(seen))
    assert [a.en for a in digest.translation][0] == [a.en for a in digest.translation][1]


def test_stream_gives_the_digest_in_steps_translating_each_text_once():
    text = ("星河公司发布财报\n\n星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元。\n\n"
            "公司共交付新车12.6万辆。海外交付首次超过国内。\n")
    pipeline = Pipeline.from_cards()
    whole = pipeline.run(text.encode("utf-8"))
    seen: list[str] = []
    original = pipeline.translator.translate
    pipeline.translator.translate = lambda texts, call=None: seen.extend(texts) or original(texts)
    steps = []
    try:
        pipeline.run(load(text.encode("utf-8")), on_step=steps.append, step_sentences=2)
    finally:
        pipeline.translator.translate = original
    assert steps[0].points and not steps[0].points_en and steps[-1].digest is not None
    assert [len(s.english) for s in steps[2:-1]] == [2, 4]
    streamed = steps[-1].digest
    assert streamed.translation == whole.translation and streamed.key_points_en == whole.key_points_en
    assert len(seen) == len(set(seen))  # a key point that is also a body sentence: translated once


def test_a_translator_of_parallel_sequences_translates_the_body_while_the_key_points_are_written():
    pipeline = Pipeline.from_cards()
    body_started, order = threading.Event(), []
    summarize, translate = pipeline.summarizer.key_points, pipeline.translator.translate

    def key_points(article, n, call=None):
        assert body_started.wait(10), "the body was not sent before the key points were done"
        order.append("points")
        return summarize(article, n, call)

    def translating(texts, call=None):
        order.append(list(texts))
        body_started.set()
        return translate(texts, call)

    pipeline.summarizer.key_points, pipeline.translator.translate = key_points, translating
    pipeline.translator.parallel = 4  # as an engine serving 4 sequences says
    digest = pipeline.run("# 示例公司的新产品\n\n示例公司发布了新产品。市场反应很好。公司还在招聘。")
    assert order[0] == [s.zh for s in digest.translation] and order[1] == "points"
    assert order[2] == ["示例公司的新产品"] and digest.title_en  # the title after; the points are body sentences


def test_call_info_of_several_calls_adds_up_counts_and_keeps_settings():
    merged = merge_info([{"model_calls": 3, "threads": 2, "parallel": 4, "grammar": False, "chunks": [[0, 1]]},
                         {"model_calls": 2, "threads": 2, "parallel": 4, "grammar": True, "chunks": [[2, 3]]}])
    assert merged == {"model_calls": 5, "threads": 2, "parallel": 4, "grammar": True, "chunks": [[0, 1], [2, 3]]}


def test_a_traditional_article_has_its_title_and_key_points_translated_as_its_sentences_are():
    text = "標題：星河電子擴產\n\n星河電子宣布在美國亞利桑那州的工廠將投資400億美元。董事長劉德音表示，工廠明年投產。\n"
    digest = Pipeline.from_cards(translator="gloss").run(text)
    assert digest.key_points[0].text.startswith("星河電子宣布")  # the reader's own script kept
    assert "Arizona" in digest.key_points_en[0] and "$40 billion" in digest.key_points_en[0]  # not "sharp sauna"
    assert "Arizona" in digest.translation[0].en
    assert digest.checks.ok and not digest.checks.number_issues  # 400億美元 is $40 billion in every field
