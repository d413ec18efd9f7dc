"""The article glossary: one English name per person, company and term, built before any English is written,
and followed by the gloss, every LLM prompt, the names check and the repair of Chinese left in English."""

import pytest
from fake_llm import ScriptedEngine

from summarize.cards import ModelCard
from summarize.checks import check_names
from summarize.config import RunConfig
from summarize.glossary import build, pinyin_name
from summarize.ingest import parse
from summarize.llm.stages import LLMSummarizer
from summarize.llm.translator import LLMTranslator
from summarize.pipeline import Pipeline
from summarize.render import to_markdown
from summarize.terms import read_glossary

ARTICLE = ("---\ntitle: 星河公司拉雷军带货\ndate: 2021-05-10\n---\n"
           "星河公司创始人张一鸣表示，公司将与思科（Cisco）合作。小米创始人雷军也加入了直播。\n\n"
           "分析师迈克尔·诺里斯（Michael Norris）认为，马化腾领导的腾讯会作出回应。顾客反应热烈。\n")


def terms(text=ARTICLE, **user):
    return {t.zh: t for t in build(parse(text), user)}


def test_names_come_from_the_lexicon_the_article_and_pinyin_in_that_order():
    found = terms()
    assert found["雷军"].en == "Lei Jun" and found["马化腾"].en == "Pony Ma" and found["小米"].en == "Xiaomi"
    assert found["思科"].en == "Cisco" and found["迈克尔·诺里斯"].en == "Michael Norris"  # the article's own
    assert "顾客" not in found  # a word, not a name


def test_a_user_glossary_wins_over_all(tmp_path):
    assert terms(雷军="Jun Lei")["雷军"].en == "Jun Lei"
    toml, csv = tmp_path / "g.toml", tmp_path / "g.csv"
    toml.write_text('"雷军" = "Jun Lei"\n', encoding="utf-8")
    csv.write_text("星河公司,Galaxy Corp\n", encoding="utf-8")
    assert read_glossary(toml) == {"雷军": "Jun Lei"} and read_glossary(csv) == {"星河公司": "Galaxy Corp"}
    digest = Pipeline.from_config(RunConfig.build("python", glossary=csv)).run(ARTICLE)
    assert "Galaxy Corp" in digest.translation[0].en and digest.glossary[0].source == "user"


@pytest.mark.parametrize(("name", "content", "entries"), [
    ("g.txt", "雷军\tLei Jun\n星河公司\tGalaxy Corp\n", {"雷军": "Lei Jun", "星河公司": "Galaxy Corp"}),  # tabs
    ("g.csv", '# a comment\n\n星河公司,"Galaxy Corp, Ltd"\n', {"星河公司": "Galaxy Corp, Ltd"}),
    ("g.csv", "# 中文\t英文\n雷军,Lei Jun\n", {"雷军": "Lei Jun"}),  # a comment with a tab decides nothing
    ("G.CSV", "\ufeff雷军,Lei Jun\n", {"雷军": "Lei Jun"}),  # Excel's byte-order mark is no part of the first entry
])
def test_a_glossary_file_is_read_as_written(tmp_path, name, content, entries):
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert read_glossary(tmp_path / name) == entries


@pytest.mark.parametrize(("name", "content", "message"), [
    ("g.csv", "雷军,Lei Jun\n星河公司\n", "line 2"),  # a line with no English
    ("g.toml", '"雷军" = 5\n', "is not text"),
    ("g.toml", '"雷军" = ""\n', "is empty"),  # it would take the name out of the English
    ("g.toml", 'terms = "x"\n', "terms are not a table"),
])
def test_a_glossary_entry_that_cannot_be_read_is_named_not_dropped(tmp_path, name, content, message):
    from summarize.errors import ConfigError

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_glossary(tmp_path / name)


@pytest.mark.parametrize(("name", "pinyin"), [
    ("张一鸣", "Zhang Yiming"), ("罗永浩", "Luo Yonghao"), ("单田芳", "Shan Tianfang"), ("曾小明", "Zeng Xiaoming"),
    ("仇大海", "Qiu Dahai"), ("解晓东", "Xie Xiaodong"), ("欧阳娜娜", "Ouyang Nana"), ("吕洞宾", "Lü Dongbin"),
])
def test_chinese_names_in_standard_pinyin_with_the_surname_readings(name, pinyin):
    assert pinyin_name(name) == pinyin


def test_pinyin_names_are_marked_as_guesses_and_foreign_names_get_none():
    found = terms("星河公司的张小帆表示，沃尔玛和约翰逊会跟进。")
    assert found["张小帆"].source == "pinyin" and found["张小帆"].guess
    assert all(t.source != "pinyin" for zh, t in found.items() if zh in ("沃尔玛", "约翰逊"))


def test_a_less_common_surname_makes_a_name_before_a_two_character_given_name_only():
    found = terms("电商主管康泽宇说，邢利斌和聂云鹏也在。他们游览了岳麓山，祝你们好运。")
    assert (found["康泽宇"].en, found["邢利斌"].en, found["聂云鹏"].en) == ("Kang Zeyu", "Xing Libin", "Nie Yunpeng")
    assert not {"岳麓山", "祝你们"} & set(found)  # a place and a wish, not "Yue Lushan" or "Zhu Nimen"
    words = terms("国际仲裁庭作出裁决，共计伍仟元。他的岳父母写好了祝福语，带着柯基犬看仲夏夜之梦。")
    assert all(t.source != "pinyin" for t in words.values())  # words of the dictionary, not "Zhong Caiting"


def test_a_plural_or_a_speech_verb_glued_to_a_word_makes_no_name():
    found = terms("派对上，高管们解释说，该公司会跟进。还有技术支持，黄周称，每当直播出现故障都有人帮忙。")
    assert "高管们" not in found and "黄周称" not in found  # not "Gao Guanmen", not "Huang Zhoucheng"
    assert found["黄周"].en == "Huang Zhou"


def test_yu_after_a_verb_that_takes_it_is_in_not_the_surname_yu():
    found = terms("星河公司专注于车规级芯片，记者于晓明表示，他们感谢于军，邀请于波参加。")
    assert "于车" not in found and found["于晓明"].en == "Yu Xiaoming"  # not "Yu Che"
    assert found["于军"].en == "Yu Jun" and found["于波"].en == "Yu Bo"


@pytest.mark.parametrize("text", ["输油管道发生泄漏，油管破裂。", "列车在原野上奔驰。", "串联电路和并联电路不同。",
                                  "今日资本市场表现平稳。", "中国石油需求上升，中国移动互联网用户增长。"])
def test_a_common_word_is_no_company_name(text):
    assert set(terms(text)) <= {"中国"}


@pytest.mark.parametrize(("name", "english"), [
    ("红杉中国", "Sequoia China"), ("华为海思", "HiSilicon"), ("深创投", "Shenzhen Capital Group"),
    ("宁德时代", "CATL"), ("流片", "tape-out"),
])
def test_investors_chip_makers_and_trade_terms_have_their_english_names(name, english):
    assert terms(f"据悉，{name}参与了本轮，星河公司表示满意。")[name].en == english


def test_the_more_than_of_a_count_makes_no_name():
    found = terms("昨天有2300余人到场，三千余人在线观看，张小帆主持。")
    assert "余人" not in found and found["张小帆"].en == "Zhang Xiaofan"  # not "Yu Ren"


def test_the_gloss_renders_names_as_the_glossary_does():
    digest = Pipeline.from_cards().run(ARTICLE)
    english = " ".join(a.en for a in digest.translation) + digest.title_en
    assert "Lei Jun" in english and "Pony Ma" in english and "Tencent" in english and "Xiaomi" in english
    assert "thunder" not in english.lower() and "millet" not in english.lower()
    assert digest.checks.name_issues == () and digest.checks.names_checked >= 6


def llm_pipeline(engine, **options):
    card = ModelCard("scripted", "llama-cpp", ("summarize", "translate"),
                     options={"english_points": "direct"} | options)
    return Pipeline(LLMSummarizer(card, engine), LLMTranslator(card, engine), RunConfig.from_cards(card, card))


def test_every_prompt_that_writes_english_carries_the_glossary_entries_that_occur_there():
    engine = ScriptedEngine(skip={"顾客反应热烈。"})  # that sentence is retried alone
    llm_pipeline(engine).run(ARTICLE)
    prompts = [c[-1]["content"] for c in engine.calls]
    numbered = [p for p in prompts if "numbered Chinese sentences" in p]
    direct = [p for p in prompts if "key points in English" in p]
    one = [p for p in prompts if p.startswith("Translate this Chinese text")]
    assert numbered and all("雷军 = Lei Jun" in p for p in numbered if "雷军" in p.split("\n\n")[-1])
    assert direct and "马化腾 = Pony Ma" in direct[0]
    assert one and "雷军" not in one[0]  # only the entries of that text
    assert not any("雷军 = Lei Jun" in p for p in prompts if "中文要点" in p)  # Chinese prompts: no English names


def test_chinese_left_by_the_model_is_repaired_listed_and_the_missing_name_flagged():
    stubborn = "小米创始人雷军也加入了直播。"
    engine = ScriptedEngine(chinese={stubborn}, stubborn={stubborn})  # the model keeps this sentence in Chinese
    digest = llm_pipeline(engine, names_again=False).run(ARTICLE)  # (a line asked again for its names is fixed)
    english = digest.translation[1].en
    assert "Lei Jun" in english and "Xiaomi" in english and not any("\u4e00" <= c <= "\u9fff" for c in english)
    assert {r.zh for r in digest.checks.repaired} >= {"小米创始人雷军也加入了直播"}
    assert digest.checks.cjk_in_english == ()
    missing = {(i.where, i.en) for i in digest.checks.name_issues}
    assert ("translation[0]", "Zhang Yiming") in missing  # the fake model's English drops every name
    assert not digest.checks.ok


def test_a_persons_name_the_model_misspelt_is_written_as_the_glossary_says_and_listed():
    engine = ScriptedEngine(misspell={"雷军": "Li Jun", "张一鸣": "Zhang Yimin"})
    digest = llm_pipeline(engine, names_again=False, unit="sentence").run(ARTICLE)
    english = " ".join(a.en for a in digest.translation)
    assert "Lei Jun" in english and "Li Jun" not in english and "Zhang Yiming" in english
    respelt = {(r.zh, r.was, r.en) for r in digest.checks.repaired if r.was}
    assert respelt == {("雷军", "Li Jun", "Lei Jun"), ("张一鸣", "Zhang Yimin", "Zhang Yiming")}
    assert "Li Jun → Lei Jun (雷军)" in to_markdown(digest)  # the reader is told
    assert not [i for i in digest.checks.name_issues if i.where.startswith("translation") and i.zh in ("雷军", "张一鸣")]


@pytest.mark.parametrize(("source", "english", "fixed"), [
    ("小米创始人雷军说。", "Xiaomi founder Li Jun said.", "Xiaomi founder Lei Jun said."),
    ("小米创始人雷军说。", "Xiaomi Founder Lai Yun Says", "Xiaomi Founder Lei Jun Says"),  # title case
    ("雷军和李军见面。", "Li Jun met Wang Li.", None),  # Li Jun is 李军's own name
    ("小米创始人雷军说。", "Xiaomi founder Larry Page said.", None),  # not close: a name is never made up
    ("小米创始人雷军说。", "Li Jun and Lai Jun said.", None),  # two spellings near it: which one is unknown
    ("小米创始人雷军说。", "Lei Joins Xiaomi Car Launch", None),  # a headline's words, not a name
    ("小米创始人雷军说。", "Conan O'Brian and Li Jun-led firms", None),  # parts of other words
    ("小米创始人雷军说。", "Xiaomi founder Li, Jun said.", None),  # not one run of words
    ("小米创始人雷军说。", "Xiaomi founder Li Jun's plan.", "Xiaomi founder Lei Jun's plan."),  # 's stays
])
def test_a_misspelling_is_replaced_only_where_it_is_certain(source, english, fixed):
    from summarize.data import Term
    from summarize.faithful import respell

    text, made = respell(english, source, "x", (Term("雷军", "Lei Jun", "lexicon"), Term("小米", "Xiaomi", "lexicon")))
    assert (text if made else None) == fixed


def test_a_figure_the_model_wrote_in_dollars_for_yuan_is_written_in_yuan_and_the_reader_told():
    from summarize.render import to_dict, to_html

    article = "---\ntitle: 星河公司融资\n---\n星河公司完成5亿元融资。顾客反应热烈。\n"
    engine = ScriptedEngine(misspell={"完成": "$500 million"})  # what the model adds to that sentence
    digest = llm_pipeline(engine, names_again=False, unit="sentence").run(article)
    assert "$500 million" not in digest.translation[0].en and "500 million yuan" in digest.translation[0].en
    assert [r for r in to_dict(digest)["checks"]["repaired"] if r["kind"] == "currency"] == [
        {"where": "translation[0]", "zh": "5亿元", "en": "500 million yuan", "was": "$500 million", "kind": "currency"}]
    assert "$500 million → 500 million yuan (5亿元)" in to_markdown(digest)
    assert "The model wrote “$500 million” for 5亿元, another currency" in to_html(digest)


def test_a_point_the_model_wrote_in_english_itself_is_written_in_the_source_s_currency_too():
    article = "---\ntitle: 星河公司融资\n---\n星河公司完成5亿元融资。顾客反应热烈。分析人士表示乐观。\n"
    engine = ScriptedEngine(points_zh=["星河公司完成5亿元融资。", "顾客反应热烈。", "分析人士表示乐观。"],
                            points_en=["Star River raised $500 million.", "Customers liked it.", "Analysts are upbeat."])
    digest = llm_pipeline(engine, names_again=False).run(article)
    assert digest.key_points_en[0] == "Star River raised 500 million yuan."
    assert ("key_points_en[0]", "currency") in {(r.where, r.what) for r in digest.checks.repaired}


def test_several_names_respelt_in_one_line_each_land_in_their_place():
    from summarize.data import Term
    from summarize.faithful import respell

    people = (Term("雷军", "Lei Jun", "lexicon"), Term("蒂姆·费里斯", "Tim Ferriss", "article"))
    text, made = respell("Li Jun and Tim Ferris met.", "雷军和蒂姆·费里斯见面。", "x", people)
    assert text == "Lei Jun and Tim Ferriss met." and [r.was for r in made] == ["Li Jun", "Tim Ferris"]


def test_a_translation_line_missing_a_name_is_asked_again_so_the_digest_holds_it():
    digest = llm_pipeline(ScriptedEngine()).run(ARTICLE)  # the fake model drops names unless made to hold them
    assert not [i for i in digest.checks.name_issues if i.where.startswith("translation")]
    assert digest.provenance["translator"]["run"]["names_asked_again"] >= 1


def test_a_foreign_name_rendered_in_brackets_is_whole_with_its_given_name():
    found = terms("项目经理伊丽莎白·卡特林(Elizabeth Catlin)表示，新产品很快上市。\n")
    assert found["伊丽莎白·卡特林"].en == "Elizabeth Catlin" and "·卡特林" not in found


@pytest.mark.parametrize(("text", "name"), [
    ("比如生活黑客蒂姆·费里斯(Tim Ferriss)也来了。", "蒂姆·费里斯"),  # 费 is a verb to jieba, 黑客 a surname
    ("首席执行官斯蒂芬妮·阮(Stephanie Nguyen)表示。", "斯蒂芬妮·阮"),
    ("公司创始人埃隆·马斯克(Elon Musk)表示。", "埃隆·马斯克"),  # 埃隆: a word jieba lacks
    ("特斯拉埃隆·马斯克(Elon Musk)表示。", "埃隆·马斯克"),  # another name before it
    ("公司里安娜·卡特(Anna Carter)表示。", "安娜·卡特"),  # a function word spelled in transliteration characters
    ("巴基斯坦总理夏巴兹·谢里夫(Shehbaz Sharif)表示。", "夏巴兹·谢里夫"),
])
def test_a_foreign_name_in_brackets_is_taken_whole_and_without_the_title_before_it(text, name):
    found = {zh for zh, term in terms(text).items() if term.source == "article"}
    assert found == {name}


def test_an_acronym_the_article_gives_also_accepts_the_dictionarys_words_for_it():
    (term,) = [t for t in terms("他是人工智能（AI）领域的专家。\n").values() if t.source == "article"]
    assert (term.en, term.aliases) == ("AI", ("artificial intelligence",))
    assert check_names([term], {"line": ("en", "An expert in artificial intelligence.", "人工智能（AI）")})[1] == []


def test_a_chinese_looking_head_of_a_transliterated_place_gets_no_pinyin():
    assert "查塔" not in terms("他们开车去了查塔努加和诺克斯维尔。\n")  # Chattanooga, not "Zha Ta"
    assert terms("记者查塔说，天气很好。\n")["查塔"].en == "Zha Ta"  # a name alone keeps its pinyin
    assert "瑞安" not in terms("还有瑞安·霍利迪等人。\n")  # Ryan Holiday, not the city of Rui'an
    assert terms("他住在瑞安市。\n")["瑞安市"].en == "Rui'an"
