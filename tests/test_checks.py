"""The checks a reader trusts: numbers traced by value (and years exactly, relative years resolved against the
article's date), glossary names present in each English field, Chinese left in English reported and repaired."""

import pytest

from summarize.checks import check_names, check_numbers, mentions, run_checks
from summarize.data import Term
from summarize.ingest import parse
from summarize.pipeline import Pipeline

ARTICLE = parse("字节跳动2020年售出价值260亿美元商品。到2022年，销售额有望超过1850亿美元，增长70%。")
DATED = parse("---\ntitle: 示例\ndate: 2021-05-10\n---\n今年公司营收增长三成。去年12月公司推出了新产品。")


def en(text, source=""):
    return ("en", text, source)


def test_scale_errors_are_reported_with_their_place():
    outputs = {"translation[0]": en("ByteDance sold $26 billion of goods in 2020."),
               "translation[1]": en("By 2022 sales may top $1,850 billion, up 70%.")}
    checked, issues = check_numbers(ARTICLE, outputs)
    assert checked == 5  # $26 billion, 2020, 2022, $1,850 billion, 70%
    assert [(i.where, i.text) for i in issues] == [("translation[1]", "$1,850 billion")]


def test_correct_numbers_and_chinese_points_pass():
    outputs = {"key_points_zh[0]": ("zh", "销售额有望超过1850亿美元。", ""),
               "key_points_en[0]": en("Sales may top $185 billion by 2022.")}
    checked, issues = check_numbers(ARTICLE, outputs)
    assert checked == 3 and issues == []


@pytest.mark.parametrize(("english", "flagged"), [
    ("This year revenue grew 30%.", []),
    ("In 2021 revenue grew 30%.", []),  # 今年 in an article of 2021
    ("In 2023 revenue grew 30%.", ["2023"]),  # an invented year, 0.1% from 2021 but not the same year
    ("In December 2020 the company launched a product.", []),  # 去年12月: inferred, and right
    ("In December 2019 the company launched a product.", ["2019"]),
    ("Revenue grew 35%.", ["35%"]),
])
def test_years_are_exact_and_relative_dates_resolve_against_the_article_date(english, flagged):
    _, issues = check_numbers(DATED, {"translation[0]": en(english)})
    assert [i.text for i in issues] == flagged


def test_chinese_left_in_english_is_reported():
    checks = run_checks(ARTICLE, {"key_points_en[0]": en("ByteDance 字节跳动 sold goods.")}, is_gloss=False)
    assert checks.cjk_in_english == ("key_points_en[0]",)
    assert not checks.ok


@pytest.mark.parametrize(("english", "ok"), [
    ("Lei Jun joined.", True), ("LEI JUN joined.", True), ("Lei Jun's company.", True),
    ("Li Yuan joined.", False), ("thunder army joined.", False), ("Leijun joined.", False),
])
def test_a_name_must_be_in_the_english_tolerant_of_case_and_possessive(english, ok):
    assert mentions(english, "Lei Jun") is ok


def test_names_are_checked_per_field_against_that_fields_source():
    glossary = (Term("雷军", "Lei Jun", "lexicon"), Term("网红", "influencer", "lexicon", kind="term"))
    outputs = {"title_en": en("Lai Yun joins", "拉雷军带货"), "translation[0]": en("Lei Jun spoke.", "雷军表示"),
               "translation[1]": en("Sales grew.", "销量增长"), "translation[2]": en("An internet star.", "网红")}
    checked, issues = check_names(glossary, outputs)
    assert checked == 2 and [(i.where, i.en) for i in issues] == [("title_en", "Lei Jun")]  # terms are not enforced


def test_gloss_digest_numbers_all_trace_to_source(fixture_path):
    digest = Pipeline.from_cards().run(fixture_path("keypoints-top.md"))
    assert digest.checks.numbers_checked > 5
    assert digest.checks.number_issues == ()


def test_the_editors_points_get_english_that_is_checked_like_the_rest(fixture_path):
    digest = Pipeline.from_cards().run(fixture_path("keypoints-top.md"))
    assert len(digest.reference_points_en) == len(digest.reference_points) > 0
    assert all(en and not any("\u4e00" <= c <= "\u9fff" for c in en) for en in digest.reference_points_en)


@pytest.mark.parametrize(("source", "english", "flagged"), [
    ("农场一天能喷施6000多亩耕地。", "The farm can spray more than 400 hectares a day.", []),  # 15 亩 a hectare
    ("家里有1000多斤粮食。", "There are more than 500 kilograms of grain at home.", []),  # 2 斤 a kilogram
    ("家里有1000多斤粮食。", "There are more than 700 kilograms of grain at home.", ["700"]),
])
def test_a_unit_converted_by_the_translator_is_the_same_number(source, english, flagged):
    _, issues = check_numbers(parse(source), {"translation[0]": en(english)})
    assert [i.text for i in issues] == flagged


@pytest.mark.parametrize(("english", "ok"), [
    ("The US Congress met.", True), ("Congress met on Monday.", True),  # the head of the name
    ("The Senate met.", False),
])
def test_a_name_of_several_words_is_there_by_its_head(english, ok):
    term = Term("美国国会", "US Congress", "cedict", kind="name")
    checked, issues = check_names([term], {"translation[0]": en(english, "美国国会开会。")})
    assert checked == 1 and (issues == []) is ok
