"""A number the source bounds (超过, 不足, 30多) keeps its bound in the English: "35 million" for 超过3500万 is a
figure the source does not state, though the numbers check finds 35 million in it."""

import pytest

from summarize.bounds import check_bounds, zh_bounds
from summarize.checks import run_checks
from summarize.ingest import parse


def one(source: str, english: str) -> list:
    return check_bounds({"translation[0]": ("en", english, source)})[1]


@pytest.mark.parametrize(("source", "english"), [
    ("直播人气峰值超过3500万。", "The live stream peaked at more than 35 million viewers."),
    ("直播人气峰值超过3500万。", "Viewers topped 35 million at the peak."),
    ("每天有30多名巡护员。", "Every day, 30-odd rangers patrol."),
    ("每天有30多名巡护员。", "Every day over 30 rangers patrol."),
    ("有的人已经30多岁。", "Some are already in their 30s."),
    ("回收率不足30%。", "The recycling rate is less than 30%."),
    ("回收率不足30%。", "Only about 30% is recycled."),  # an approximation: read as no contradiction
    ("回收率低于30%。", "The rate is under 30%."),
    ("销售额达5万元以上。", "Sales reached 50,000 yuan or more."),
    ("年收入9000多万元。", "Annual revenue is more than 90 million yuan."),
    ("年初收益率高于2%。", "It fell from higher than 2% at the start of the year."),
    ("利率不高于3%。", "The rate is at most 3%."),  # a negated bound word is the other side
    ("每周不超过5次。", "No more than 5 times a week."),
    ("年龄不小于18岁。", "Applicants must be at least 18."),
    ("至少5人。", "A minimum of 5 people."),
    ("收益率30%以上。", "A yield of 30% or higher."),
    ("60岁以上的老人", "People aged 60 and over."),  # a bound after a measure word
    ("用户达3000人以上", "More than 3,000 users."),
    ("收治50岁以下的患者", "Patients under the age of 50."),
    ("入住60岁以上的老人", "Residents 60 or older."),
    ("公司有员工300人。", "The company has 300 employees."),  # no bound in the source: nothing to keep
    ("每天有30多名巡护员。", "Rangers patrol every day."),  # the number itself left out: the numbers check's
    ("每天有30多名巡护员。", "There were 30 professional rangers every day."),  # soft: translators write it bare
    ("较去年同期超2019年同期水平。", "It exceeded the level of 2019."),  # a year is compared, not bounded
])
def test_a_bound_kept_or_a_number_without_one_passes(source, english):
    assert one(source, english) == []


@pytest.mark.parametrize(("source", "english", "zh", "bound"), [
    ("直播人气峰值超过3500万。", "The live stream reached a peak of 35 million viewers.", "超过3500万", "more than"),
    ("每天有30多名巡护员。", "There were fewer than 30 rangers every day.", "30多", "more than"),
    ("年初收益率高于2%。", "The yield was 2% at the start of the year.", "高于2%", "more than"),
    ("回收率不足30%。", "The recycling rate is over 30%.", "不足30%", "less than"),
    ("飞行次数低于11次的客机。", "Airliners that have flown 11 times.", "低于11", "less than"),
    ("回收率不到30%。", "Only 30% is recycled.", "不到30%", "less than"),  # "only" states the figure itself
    ("收治50岁以下的患者", "Patients aged 50 are admitted.", "50岁以下", "less than"),
    ("用户达3000人以上", "It has 3,000 users.", "3000人以上", "more than"),
])
def test_a_bound_dropped_or_turned_round_is_reported_with_its_place(source, english, zh, bound):
    issues = one(source, english)
    assert [(i.where, i.zh, i.bound) for i in issues] == [("translation[0]", zh, bound)]


@pytest.mark.parametrize("text", ["iPhone 13多少钱", "账户里还有100元余额", "超过3月份的水平", "高于6月12日的峰值",
                                  "超过二〇一九年", "不足五六百米", "两人多次参加",
                                  "3家公司以上述价格出售", "100人以下简称", "未来3天多云转晴", "5家以上海企业",
                                  "10家以下属公司"])
def test_what_is_no_bound_a_question_a_balance_a_date_a_year_a_range(text):
    assert zh_bounds(text) == []


def test_the_bounds_a_chinese_text_states():
    text = "超过3500万人，不足30%，30多名，十余家，共300人，60岁以上，10公里以内，3年多"
    assert [(b.side, text[b.start:b.end]) for b in zh_bounds(text)] == [
        ("more", "超过3500万"), ("less", "不足30%"), ("more", "30多"), ("more", "十余"), ("more", "60岁以上"),
        ("less", "10公里以内"), ("more", "3年多")]


def test_a_dropped_bound_fails_the_digest_checks():
    article = parse("直播人气峰值超过3500万。")
    outputs = {"translation[0]": ("en", "The stream peaked at 35 million viewers.", "直播人气峰值超过3500万。")}
    checks = run_checks(article, outputs, is_gloss=False)
    assert checks.bounds_checked == 1 and not checks.ok
    kept = {"translation[0]": ("en", "The stream peaked at over 35 million viewers.", "直播人气峰值超过3500万。")}
    assert run_checks(article, kept, is_gloss=False).ok


def test_a_dropped_bound_is_shown_to_the_reader_in_json_markdown_and_the_web_page():
    from dataclasses import replace

    from summarize.data import BoundIssue
    from summarize.pipeline import Pipeline
    from summarize.render import to_dict, to_markdown
    from summarize.render_html import checks_html

    digest = Pipeline.from_cards().run("直播人气峰值超过3500万。")
    issue = BoundIssue("translation[0]", "超过3500万", "35 million", "more than")
    digest = replace(digest, checks=replace(digest.checks, bounds_checked=1, bound_issues=(issue,)))
    assert to_dict(digest)["checks"]["bounds"] == {"checked": 1, "dropped": [
        {"where": "translation[0]", "zh": "超过3500万", "en": "35 million", "bound": "more than"}]}
    assert "超过3500万 is more than 35 million" in to_markdown(digest)
    assert "超过3500万 is more than <code>35 million</code>" in checks_html(digest)
