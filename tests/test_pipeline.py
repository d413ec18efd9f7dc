from summarize.ingest import load
from summarize.pipeline import Pipeline


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
