from summarize.checks import check_numbers, run_checks
from summarize.ingest import parse

ARTICLE = parse("字节跳动2020年售出价值260亿美元商品。到2022年，销售额有望超过1850亿美元，增长70%。")


def test_scale_errors_are_reported_with_their_place():
    outputs = {
        "translation[0]": ("en", "ByteDance sold $26 billion of goods in 2020."),
        "translation[1]": ("en", "By 2022 sales may top $1,850 billion, up 70%."),
    }
    checked, issues = check_numbers(ARTICLE, outputs)
    assert checked == 5  # $26 billion, 2020, 2022, $1,850 billion, 70%
    assert [(i.where, i.text) for i in issues] == [("translation[1]", "$1,850 billion")]


def test_correct_numbers_and_chinese_points_pass():
    outputs = {"key_points_zh[0]": ("zh", "销售额有望超过1850亿美元。"),
               "key_points_en[0]": ("en", "Sales may top $185 billion by 2022.")}
    checked, issues = check_numbers(ARTICLE, outputs)
    assert checked == 3 and issues == []


def test_chinese_left_in_english_is_reported():
    checks = run_checks(ARTICLE, {"key_points_en[0]": ("en", "ByteDance 字节跳动 sold goods.")}, is_gloss=False)
    assert checks.cjk_in_english == ("key_points_en[0]",)
    assert not checks.ok


def test_gloss_digest_numbers_all_trace_to_source(fixture_path):
    from summarize.pipeline import Pipeline

    digest = Pipeline.from_cards().run(fixture_path("keypoints-top.md"))
    assert digest.checks.numbers_checked > 5
    assert digest.checks.number_issues == ()

