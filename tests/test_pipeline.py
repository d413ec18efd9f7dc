from summarize.pipeline import Pipeline


def test_each_distinct_text_is_translated_once():
    pipeline = Pipeline.from_cards()
    seen: list[str] = []
    original = pipeline.translator.translate
    pipeline.translator.translate = lambda texts: seen.extend(texts) or original(texts)
    try:
        digest = pipeline.run("示例公司发布了新产品。示例公司发布了新产品。市场反应很好。")
    finally:
        pipeline.translator.translate = original
    assert len(seen) == len(set(seen))
    assert [a.en for a in digest.translation][0] == [a.en for a in digest.translation][1]
