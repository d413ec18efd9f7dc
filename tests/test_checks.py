"""The checks a reader trusts: numbers traced by value (and years exactly, relative years resolved against the
article's date), glossary names present in each English field, Chinese left in English reported and repaired."""

import pytest

from summarize.checks import check_names, mentions, run_checks
from summarize.data import Term
from summarize.ingest import parse
from summarize.number_checks import check_numbers
from summarize.pipeline import Pipeline
from summarize.textutil import has_cjk

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


def names_flagged(terms, source, english):
    checked, issues = check_names(terms, {"translation[0]": en(english, source)})
    return checked, [i.zh for i in issues]


@pytest.mark.parametrize(("term", "source", "english", "flagged"), [
    # spelling the reader would not call wrong: accents, one letter off in a long name, syllables, a member
    (Term("乌鲁木齐", "Ürümqi", "cedict"), "乌鲁木齐下雨了。", "It rained in Urumqi.", []),
    (Term("休斯敦", "Houston", "cedict"), "休斯敦下雨了。", "It rained in Huston.", []),
    (Term("休斯敦", "Houston", "cedict"), "休斯敦下雨了。", "It rained in Boston.", ["休斯敦"]),
    (Term("文汇报", "Wen Wei Po", "cedict", aliases=("Wenhuibao",)), "来源：文汇报", "Source: Wen Hui Bao", []),
    (Term("沙河", "Shahe", "cedict"), "水流进沙河。", "The water flows into the Sha River.", []),
    (Term("美国国会", "US Congress", "cedict"), "美国国会议员发言。", "A US Congressman spoke.", []),
    # adjectives of places
    (Term("罗马", "Rome", "cedict"), "罗马天主教会", "the Roman Catholic Church", []),
    (Term("远东", "Far East", "cedict"), "远东工厂", "the Far Eastern factory", []),
    (Term("远东", "Far East", "cedict"), "远东工厂", "the Eastern factory", ["远东"]),
    # a hyphen inside a word, a company's .com
    (Term("沃尔玛", "Wal-Mart", "cedict"), "沃尔玛开了新店。", "Walmart opened a store.", []),
    (Term("京东", "JD.com", "lexicon"), "阿里巴巴和京东", "Alibaba and JD", []),
    (Term("京东", "JD.com", "lexicon"), "阿里巴巴和京东", "Alibaba and Jade", ["京东"]),
    (Term("王小明", "Wang Xiaoming", "user"), "王小明带领的团队", "The Wang Xiaoming-led team won.", []),
])
def test_a_name_is_there_in_any_spelling_a_reader_accepts(term, source, english, flagged):
    assert names_flagged([term], source, english)[1] == flagged


def test_a_place_before_the_place_inside_it_may_be_left_out():
    terms = [Term("安徽省", "Anhui", "cedict"), Term("合肥市", "Hefei", "cedict")]
    assert names_flagged(terms, "安徽省合肥市将开放公园。", "Hefei will open the park.") == (1, [])
    assert names_flagged(terms, "安徽省合肥市将开放公园。", "Anhui will open the park.") == (1, ["合肥市"])
    assert names_flagged(terms, "安徽省将开放公园。", "The province will open the park.") == (1, ["安徽省"])


@pytest.mark.parametrize(("source", "english", "flagged"), [
    ("他获得英国爱丁堡大学博士学位。", "He holds a PhD from the University of Edinburgh.", []),
    ("他在美国斯坦福大学任教。", "He teaches at Stanford University.", []),
    ("他考察了英国顶尖大学。", "He visited top universities.", ["英国"]),  # the country is the point here
    ("英国将限制留学生进入大学。", "It will restrict students from universities.", ["英国"]),
    ("英国国家科学院发布报告。", "The National Academy released a report.", ["英国"]),
    ("英国两所大学参与研究。", "Two universities took part.", ["英国"]),
    ("英国的研究院发布报告。", "The institute released a report.", ["英国"]),
])
def test_a_country_before_a_university_named_after_its_place_may_be_left_out(source, english, flagged):
    assert names_flagged([Term("英国", "Britain", "lexicon")], source, english)[1] == flagged


def test_a_dictionary_name_that_is_not_the_name_here_is_not_checked():
    inside = Term("苏尔", "Sol", "cedict")  # inside a longer transliterated name
    assert names_flagged([inside], "主席班邦·苏尔约诺说。", "Chairman Bambang Suryono said.") == (0, [])
    assert names_flagged([inside], "苏尔说。", "Someone said.") == (1, ["苏尔"])
    river = Term("北江", "Beijiang", "cedict", aliases=("Beijiang River",))  # a river; 北江省 is a province
    assert names_flagged([river], "北江省将吸引投资。", "Bac Giang Province will attract investment.") == (0, [])
    assert names_flagged([river], "北江水位上涨。", "The river rose.") == (1, ["北江"])


@pytest.mark.parametrize("source", ["新华社记者张三、李四", "暴雨袭击城市-新华网"])
def test_bylines_and_the_site_a_headline_ends_with_are_not_checked(source):
    assert names_flagged([Term("新华社", "Xinhua", "lexicon"), Term("新华网", "Xinhua", "lexicon")], source,
                         "By Zhang San and Li Si; Rainstorm hits the city") == (0, [])


@pytest.mark.parametrize(("source", "english", "flagged"), [
    ("他走了五六百米。", "He walked 500 to 600 meters.", []),  # a range: both ends are numbers of the source
    ("路面裂开四五厘米。", "The road cracked 4-5 cm.", []),
    ("他走了五六百米。", "He walked 700 meters.", ["700"]),
    ("用户大多是90后。", "Most users were born in the 1990s.", []),  # a generation
    ("床抬高了半米。", "The bed was raised by 0.5 meters.", []),
    ("病人分成三组。", "The patients were split into 3 groups.", []),
    ("二十世纪八十年代的工厂。", "A factory of the 1980s, in the 20th century.", []),  # a decade, a century
    ("二十世纪八十年代的工厂。", "A factory of the 1970s.", ["1970"]),
    ("十九世纪五六十年代的工厂。", "A factory of the 1950s, in the 19th century.", []),
    ("三分之二的用户。", "66.7% of users.", []),
    ("观众5至10万人。", "Between 50,000 and 100,000 viewers.", []),  # the range's scale is its bottom's too
])
def test_vague_chinese_amounts_are_numbers_of_the_source(source, english, flagged):
    _, issues = check_numbers(parse(source), {"translation[0]": en(english)})
    assert [i.text for i in issues] == flagged


@pytest.mark.parametrize(("terms", "source", "english"), [
    ([Term("拜登", "Biden", "lexicon")], "美国总统拜登对记者说，经济正在复苏。", "Trump told reporters the economy grows."),
    ([Term("雷军", "Lei Jun", "lexicon"), Term("小米", "Xiaomi", "lexicon")], "雷军小米发布", "Li Yuan of Xiaomi said"),
    ([Term("长江", "Yangtze River", "cedict")], "暴雨袭击长江", "Rainstorm hits the Yellow River"),
    ([Term("陕西", "Shanxi", "cedict")], "陕西下雨了。", "It rained in Shaanxi."),  # one letter off, another name
    ([Term("彝族", "Yi", "cedict")], "彝族的风俗", "an old custom"),
    ([Term("黄河", "Yellow River", "cedict")], "黄河边", "a yellow car by the water"),
])
def test_a_tolerance_never_lets_a_wrong_name_pass(terms, source, english):
    assert names_flagged(terms, source, english)[1]


@pytest.mark.parametrize("english", ["Japan の company", "Samsung 회사", "The 𠀀 company", "Li 㐀 works"])
def test_kana_hangul_and_rare_chinese_characters_in_english_are_reported_never_repaired_in_name(english):
    from summarize.faithful import repair

    text, repairs = repair(english, "translation[0]", {})
    assert has_cjk(text) and repairs == []  # no dictionary English for them: left for the check, not "repaired"
    assert run_checks(parse("公司员工在工作。"), {"translation[0]": en(english)}, is_gloss=False).cjk_in_english == (
        "translation[0]",)


def test_a_traditional_title_is_checked_as_its_simplified_analysis():
    digest = Pipeline.from_cards(translator="gloss").run("臺灣營收達三萬億元\n\n星河公司的營收達到三萬億元，創下新高。")
    assert not [i for i in digest.checks.number_issues if i.where == "title_en"]


def test_a_number_inside_a_names_rendering_is_the_names_not_a_figure():
    article = parse("星海科技发布新产品。")
    english = {"translation[0]": en("360 Security released a new product.", "星海科技发布新产品。")}
    assert check_numbers(article, english)[1]  # no glossary: 360 is a figure the source does not state
    assert not check_numbers(article, english, (Term("星海科技", "360 Security", "user"),))[1]


def test_a_names_digits_excuse_only_the_name_not_the_same_figure_elsewhere():
    article = parse("星海科技发布新产品。")
    english = {"translation[0]": en("360 Security's sales rose 360%.", "星海科技发布新产品。")}
    issues = check_numbers(article, english, (Term("星海科技", "360 Security", "user"),))[1]
    assert [i.text for i in issues] == ["360%"]


FUNDED = parse("---\ntitle: 示例\ndate: 2024-03-18\n---\n星河科技完成5亿元融资。公司预计明年第二季度量产。2023年市场规模约为1200亿元。")


@pytest.mark.parametrize(("where", "english", "flagged"), [
    ("translation[1]", "It expects mass production in the second quarter of 2025.", []),
    ("translation[1]", "It expects mass production in the second quarter of 2023.",  # 2023 is the next sentence's
     [("2023", "not in the text it renders (the article states it elsewhere)")]),
    ("translation[0]", "Star River raised 500 million yuan.", []),
    ("translation[0]", "Star River raised $500 million.", [("$500 million", "in another currency than the source's 5亿元")]),
    ("translation[0]", "Star River raised RMB 500 million.", []),
    ("translation[0]", "Star River raised $70 million.", [("$70 million", "matches no number of the source")]),
])
def test_each_field_s_numbers_trace_to_the_text_it_renders_in_its_currency(where, english, flagged):
    source = FUNDED.sentences[int(where[12:-1])].analysis_text
    _, issues = check_numbers(FUNDED, {where: en(english, source)})
    assert [(i.text, i.why) for i in issues] == flagged


@pytest.mark.parametrize(("source", "english"), [
    ("支付9000万美元（约合人民币1.2亿元）。", "It paid $90 million (about $120 million in Chinese yuan)."),  # says yuan
    ("加拿大新版5元纸币上印着总理肖像。", "Canada's new $5 note bears the prime minister's portrait."),  # a dollar land
    ("门票价格在2500日元到13万日元之间。", "Tickets cost ¥2,500 to ¥130,000."),  # ¥ is the yen's sign too
    ("该公司第三季营收新台币7596.9亿元。", "Its third-quarter revenue was NT$759.69 billion."),  # named before
    ("该公司募资5亿元港币。", "It raised HK$500 million."),  # named after
    ("臺積電第三季營收7596.9億元。", "TSMC's third-quarter revenue was $759.69 billion."),  # Traditional: any dollar
])
def test_a_currency_the_english_may_write_for_the_source_s_is_not_flagged(source, english):
    article = parse(source)
    assert check_numbers(article, {"translation[0]": en(english, article.sentences[0].analysis_text)})[1] == []


def test_a_dollar_land_anywhere_in_the_article_makes_a_bare_yuan_any_dollar():
    article = parse("加拿大央行发布新版纸币。新版5元纸币上印着总理肖像。")
    english = en("The new $5 note bears the prime minister's portrait.", article.sentences[1].analysis_text)
    assert check_numbers(article, {"translation[1]": english})[1] == []


def test_a_dated_article_s_own_year_may_be_named_where_the_source_implies_it():
    article = parse("---\ntitle: 示例\ndate: 2024-03-18\n---\n上半年营收增长20%。")
    english = en("Revenue grew 20% in the first half of 2024.", article.sentences[0].analysis_text)
    assert check_numbers(article, {"translation[0]": english})[1] == []


def test_a_figure_in_another_currency_is_written_in_the_source_s_and_listed():
    from summarize.faithful import recurrency

    text, made = recurrency("Star River raised $500 million, valued at over $5 billion.", "融资5亿元，估值超过50亿元。", "t")
    assert text == "Star River raised 500 million yuan, valued at over 5 billion yuan."
    assert [(r.zh, r.en, r.was) for r in made] == [("5亿元", "500 million yuan", "$500 million"),
                                                   ("50亿元", "5 billion yuan", "$5 billion")]


def test_a_chinese_key_point_s_numbers_trace_to_the_sentences_it_cites():
    from summarize.data import KeyPoint
    from summarize.faithful import english_fields

    point = KeyPoint("星河科技明年融资1200亿元。", (0,))  # a model's point that moved a figure into its sentence
    outputs = english_fields(FUNDED, [point], "", ["Star River will raise 120 billion yuan next year."], [])
    assert [(i.where, i.text) for i in check_numbers(FUNDED, outputs)[1]] == [("key_points_zh[0]", "1200亿元")]


def test_a_range_s_bottom_in_another_currency_is_named_with_the_whole_range():
    article = parse("公司投资5至10亿元建厂。")
    english = en("It invests $500 million to $1 billion.", article.sentences[0].analysis_text)
    assert [i.why for i in check_numbers(article, {"translation[0]": english})[1]] == [
        "in another currency than the source's 5至10亿元", "in another currency than the source's 10亿元"]
