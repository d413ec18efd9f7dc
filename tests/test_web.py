"""The web demo's request logic and page fragments (no Gradio needed): streaming order, escaping, errors in a
visitor's terms, one size limit in characters, time limit, downloads, traceable points, the checks marked in
the English, the glossary and its corrections."""

import json
import logging
import re
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fake_llm import ScriptedEngine

from summarize import registry
from summarize.cards import ModelCard
from summarize.data import NameIssue, NumberIssue, Repair, Term
from summarize.llm.translator import LLMTranslator
from summarize.pipeline import Pipeline
from summarize.render import to_dict
from summarize.render_html import step_of
from summarize.stages import English
from summarize.web import session, view
from summarize.web.inputs import parse_corrections
from summarize.web.menus import Menus, Offer, card_menus
from summarize.web.session import Limits, run_page, run_request

ARTICLE = (
    "星河公司发布财报\n\n"
    "星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元。\n\n"
    "公司共交付新车12.6万辆。海外交付首次超过国内。\n\n"
    "公司计划明年建设第二座工厂。分析人士认为本地化生产有助于降低成本。\n"
)
WITH_EDITOR = ("---\ntitle: 星河公司发布财报\n---\n\n**划重点：**\n\n1、营收增长三成\n2、海外交付超过国内\n\n"
               + ARTICLE.split("\n\n", 1)[1])
HOSTILE = ("<html><body><h1>标题&lt;img src=x onerror=alert(1)&gt;</h1>"
           "<p>他在文章里写下&lt;script&gt;alert(2)&lt;/script&gt;这样一句话。公司营收增长了两成。</p>"
           "<p>第二段还有一句话。</p></body></html>")
SERVER_DETAILS = re.compile(r"huggingface-cli|--[a-z]|`|\bpip\b|/home/|/tmp/|/root/|~/|\.cache|summarize models")


def updates(text=ARTICLE, upload=None, summarizer="extractive", translator="gloss", points=3, glossary=None,
            **limits):
    return list(run_request(text, upload, summarizer, translator, points, Limits(**limits), glossary=glossary))


def test_key_points_come_before_the_translation_and_the_last_update_is_the_whole_digest():
    pages = updates(step_sentences=2, update_every_s=0.0)
    first_points = next(i for i, u in enumerate(pages) if "class='points-en'" in u.points)
    first_done = next(i for i, u in enumerate(pages) if "Done" in u.status)
    assert first_points < first_done
    assert "0/6 sentences" in pages[first_points].translation  # points shown before any body is translated
    counts = [int(u.translation.split(" sentences")[0].rsplit(">", 1)[-1].split("/")[0])
              for u in pages if "sentences</small>" in u.translation]
    assert counts == sorted(counts) and counts[-1] == 6 and len(set(counts)) > 2  # the body arrives in steps
    assert "Numbers:" in pages[-1].checks and pages[-1].json_path and pages[-1].md_path
    assert all(u.json_path is None for u in pages[:-1])  # nothing to download before the digest is done


def test_downloads_hold_the_same_digest_as_the_command_line(tmp_path):
    last = updates()[-1]
    data = json.loads(Path(last.json_path).read_text(encoding="utf-8"))
    expected = to_dict(Pipeline.from_cards("extractive", "gloss").run(ARTICLE.encode("utf-8")))
    assert data["key_points_zh"] == expected["key_points_zh"] and data["translation"] == expected["translation"]
    assert Path(last.md_path).read_text(encoding="utf-8").startswith("# 星河公司发布财报")


def test_article_text_is_escaped_everywhere():
    last = updates(HOSTILE)[-1]
    page = "".join([last.points, last.translation, last.checks])
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in last.translation  # shown as text, in the title
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_the_status_names_what_was_digested(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(HOSTILE, encoding="utf-8")
    last = updates("this pasted text is not used: the file is", str(path))[-1]
    assert "Done: the uploaded file news.html" in last.status and "标题&lt;img" in last.translation
    assert json.loads(Path(last.json_path).read_text(encoding="utf-8"))["id"] == "news"
    assert "Done: the pasted text (" in updates()[-1].status


@pytest.mark.parametrize(("text", "says"), [
    ("", "nothing to digest"),
    ("   \n ", "nothing to digest"),
    ("This article is written in English only.", "Chinese"),
    ("中" * 300, "the pasted text has 300 characters, over this demo&#x27;s limit of 200 characters"),
    ("/etc/passwd", "Chinese"),  # pasted text is never read as a path on the server
])
def test_bad_input_is_a_readable_message_in_the_page(text, says):
    pages = updates(text, max_chars=200)
    assert len(pages) == 1 and "error" in pages[0].status and says in pages[0].status
    assert "Traceback" not in pages[0].status and pages[0].json_path is None


def test_one_size_limit_in_the_unit_the_visitor_pasted():
    pasted = "中文新闻" * 52_750 + "。"  # 211,001 characters, 633,003 bytes in UTF-8
    status = updates(pasted, max_chars=200_000)[-1].status
    assert "211,001 characters, over this demo&#x27;s limit of 200,000 characters" in status
    assert "bytes" not in status and not SERVER_DETAILS.search(status)
    assert "Done" in updates(ARTICLE, max_chars=len(ARTICLE))[-1].status  # exactly at the limit: accepted


def test_an_uploaded_file_is_measured_in_characters_too(tmp_path):
    gbk = tmp_path / "long.txt"
    gbk.write_bytes((ARTICLE * 10).encode("gb18030"))
    status = updates("", str(gbk), max_chars=500)[-1].status
    assert f"the file long.txt has {len(ARTICLE) * 10:,} characters, over this demo&#x27;s limit of 500" in status
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"x" * 5_000)  # more than 4 bytes a character allows: refused unread
    assert "more than this demo&#x27;s limit of 1,000 characters" in updates("", str(huge), max_chars=1_000)[-1].status


@pytest.mark.parametrize("points", [0, -1, 21])
def test_points_out_of_range_are_refused(points):
    pages = updates(points=points)
    assert len(pages) == 1 and "use 1 to 20 key points" in pages[0].status


def test_unknown_or_missing_model_is_said_without_server_details(caplog):
    unknown = updates(summarizer="extractiv")[-1].status
    assert "unknown model card" in unknown and "did you mean" in unknown and "pick one from the menus" in unknown
    missing = updates(translator="opus-mt-zh-en")[-1].status
    assert "not installed on this server; pick one from the menus" in missing
    assert not SERVER_DETAILS.search(unknown + missing)
    assert "opus-mt-zh-en" in caplog.text  # the operator gets the details in the server log


def test_input_errors_keep_their_meaning_but_lose_commands_and_paths(tmp_path):
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("台灣公司宣布營收成長".encode("big5") + bytes(range(128, 160)))
    status = updates("", str(big5))[-1].status
    assert "big5.txt" in status and "error" in status and not SERVER_DETAILS.search(status)


class CountingEngine(ScriptedEngine):
    """Writes each word after a pause, like a model on a slow CPU, and counts the words it wrote."""

    def __init__(self, pause):
        super().__init__(delay=pause)
        self.words = 0

    def chat_one(self, request):
        def counted(piece):
            self.words += 1
            if request.call.on_token:
                request.call.on_token(piece)
        return super().chat_one(replace(request, call=replace(request.call, on_token=counted)))


@pytest.fixture
def llm_translator(monkeypatch):
    """Pipelines built by the page get an LLM translator on a scripted, slow engine."""
    def use(pause):
        translator = LLMTranslator(ModelCard("scripted", "llama-cpp", ("translate",)), CountingEngine(pause))
        monkeypatch.setattr(session.Pipeline, "from_config", classmethod(
            lambda cls, config: Pipeline(registry.load("extractive", "summarize"), translator, config)))
        return translator
    return use


def test_a_model_translation_streams_its_words_into_the_english_rows(llm_translator):
    llm_translator(0.002)
    pages = updates(update_every_s=0.0)
    writing = [u.translation for u in pages if "<span class='live'>EN[" in u.translation]
    assert writing  # the words shown in the sentence rows they belong to, while the model writes them
    assert all("<td class='en' lang='en'><span class='live'>" in t for t in writing)
    assert "18.5 billion" in pages[-1].translation and "class='live'" not in pages[-1].translation
    assert "Done" in pages[-1].status


def test_a_shared_model_serves_one_request_at_a_time_and_the_other_is_told_to_wait(llm_translator):
    llm_translator(0.005)
    results = {}
    threads = [threading.Thread(target=lambda k=k: results.__setitem__(k, updates(update_every_s=0.0)))
               for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all("Done" in pages[-1].status for pages in results.values())
    assert any("Waiting for the model: number 1 in the queue" in u.status for pages in results.values() for u in pages)


def test_time_limit_stops_the_model_and_says_so(llm_translator):
    translator = llm_translator(0.05)
    started = time.monotonic()
    pages = updates(time_limit_s=0.5)
    assert time.monotonic() - started < 5
    assert "longer than the limit of 0.5 s" in pages[-1].status and pages[-1].json_path is None
    time.sleep(0.2)
    written = translator.engine.words
    time.sleep(0.5)
    assert translator.engine.words == written  # the work stopped at its next word: no CPU spent after the limit


def test_waited_counts_from_the_request_not_from_the_model(monkeypatch):
    build = session.Pipeline.from_config.__func__

    def slow_to_load(cls, config):
        time.sleep(0.4)  # a first request loads the models
        return build(cls, config)
    monkeypatch.setattr(session.Pipeline, "from_config", classmethod(slow_to_load))
    waited = float(re.search(r"<span class='waited'>([\d.]+) s", updates()[-1].status).group(1))
    assert waited >= 0.4


class Wrong:
    """A translator that gets 185 wrong, drops a name the glossary has and keeps a Chinese name."""

    card = ModelCard("wrong", "gloss", ("translate",))
    is_gloss = False

    def translate(self, texts, call=None):
        def english(t):
            if "185" in t:
                return "Xinghe made $1,850 billion."
            return "The 星河 company reports." if "财报" in t else "Fine."
        return English(tuple(english(t) for t in texts))


def test_view_marks_sentences_whose_numbers_are_not_in_the_source():
    steps = []
    Pipeline(registry.load("extractive", "summarize"), Wrong()).run(ARTICLE, on_step=steps.append)
    table = view.translation_block(steps[-1], False, "")
    assert table.count("<mark class='number' title=") == 1 and "$1,850 billion</mark>" in table
    assert table.count("class='para") == 2  # 3 paragraphs
    checks = view.checks_block(steps[-1].digest)
    assert "sentence 1</a>: <code>$1,850 billion</code>" in checks and "href='#s-0'" in checks


def flagged_digest():
    """A digest with every kind of check filled in, as the faithfulness checks will report them."""
    d = Pipeline.from_cards().run(ARTICLE)
    checks = replace(d.checks, number_issues=(NumberIssue("translation[0]", "$1,850 billion", 1.85e12),),
                     name_issues=(NameIssue("key_points_en[0]", "星河公司", "Xinghe Company"),),
                     repaired=(Repair("translation[1]", "星河", "Xinghe"),
                               Repair("translation[2]", "王海", "Wang Hai", was="Wang Kai")), names_checked=3)
    translation = (replace(d.translation[0], en="Revenue was $1,850 billion."),
                   replace(d.translation[1], en="Xinghe said net profit was 930 million yuan."),
                   replace(d.translation[2], en="Wang Hai expects costs to fall."), *d.translation[3:])
    glossary = (Term("星河公司", "Xinghe Company", "lexicon"), Term("王海", "Wang Hai", "pinyin", guess=True))
    return replace(d, checks=checks, translation=translation, glossary=glossary,
                   title_en="Wang Hai and Xinghe Company")


def test_flagged_numbers_names_and_repairs_are_marked_inline_in_the_english():
    step = step_of(flagged_digest())
    table = view.translation_block(step, False, "")
    assert "Revenue was <mark class='number' title='$1,850 billion: matches no number of the source'>$1,850 billion" \
           "</mark>." in table
    assert "<mark class='repaired' title='The model left 星河 in Chinese; replaced by “Xinghe”'>Xinghe</mark> said" \
           in table
    assert "<mark class='guess'" in table and ">Wang Hai</mark> and Xinghe Company" in table  # in the title
    assert "<mark class='repaired' title='The model wrote “Wang Kai” for 王海; the glossary says “Wang Hai”'>Wang Hai" \
           "</mark> expects" in table  # a name it misspelt
    assert "a number not in the source" in table and "Chinese the model left, or a name it misspelt" in table
    points = view.points_block(step, "", (), {})
    assert "<mark class='name note'" in points and "Xinghe Company? (星河公司)" in points


def test_the_glossary_is_shown_with_a_way_to_correct_each_name():
    checks = view.checks_block(flagged_digest())
    assert "<h3>Names and terms</h3>" in checks and "pinyin: a guess" in checks
    assert "<button type='button' class='correct' data-zh='王海' data-en='Wang Hai'" in checks
    assert "digest-glossary" not in view.checks_block(replace(flagged_digest(), glossary=()))


def test_corrections_are_passed_to_the_run_and_used_in_the_english():
    text = (Path(session.__file__).parents[1] / "examples" / "ai-chip-funding.txt").read_text(encoding="utf-8")
    before = list(run_page(text, None, "extractive", "gloss", 3, ""))[-1]
    assert "Wang Hai" in before.translation
    after = list(run_page(text, None, "extractive", "gloss", 3, "王海 = Hai Wang\n"))[-1]
    assert "with your 1 correction" in after.status and "Hai Wang" in after.translation
    assert "Wang Hai" not in after.translation and "your correction" in after.checks


@pytest.mark.parametrize(("box", "says"), [
    ("王海", "is not “Chinese = English”"), ("Wang = 王海", "is not “Chinese = English”"),
    ("王海 = " + "x" * 100, "too long"), ("\n".join(f"名{k} = N" for k in range(101)), "at most 100"),
])
def test_bad_corrections_are_a_message(box, says):
    pages = list(run_page(ARTICLE, None, "extractive", "gloss", 3, box))
    assert len(pages) == 1 and says in pages[0].status


def test_corrections_read_one_a_line_with_common_separators():
    assert parse_corrections("王海 = Hai Wang\n\n星河：Xinghe\n深算科技 -> DeepCalc\n芯片\tchip") == {
        "王海": "Hai Wang", "星河": "Xinghe", "深算科技": "DeepCalc", "芯片": "chip"}


def test_editors_points_get_english_from_the_same_translator():
    pages = updates(WITH_EDITOR, update_every_s=0.0)
    assert "Editor's points" in pages[-1].points
    english = re.findall(r"<span class='en' lang='en'>(.*?)</span>", pages[-1].points)
    assert len(english) == 2 and all(e and e != "…" and not re.search(r"[\u4e00-\u9fff]", e) for e in english)
    assert any("<span class='en' lang='en'>…</span>" in u.points for u in pages[:-1])  # shown as pending first


def test_each_key_point_links_to_its_source_rows():
    last = updates()[-1]
    links = re.findall(r"<a class='trace' href='#(s-\d+)' data-src='([^']+)'", last.points)
    assert len(links) == 6  # English and Chinese points
    rows = set(re.findall(r"<tr id='(s-\d+)' tabindex='-1'", last.translation))
    assert all(first in rows and set(src.split()) <= rows and src.startswith(first) for first, src in links)
    assert "(sentence " in last.points


def test_english_first_and_every_cell_says_its_language():
    last = updates()[-1]
    assert last.translation.index("<td class='en' lang='en'>") < last.translation.index("<td class='zh' lang='zh-Hans'>")
    assert last.points.index("class='points-en'") < last.points.index("class='points-zh zh' lang='zh-Hans'")
    assert "class='zh-toggle' aria-pressed='false'" in last.points and "data-copy='points'" in last.points
    traditional = updates("星河公司發佈財報。營收增長了三成，海外交付首次超過國內。")[-1]
    assert "lang='zh-Hant'" in traditional.translation


def test_the_gloss_is_explained_where_the_english_is_read():
    none = view.gloss_note(Menus())
    assert "word-by-word dictionary gloss, not a translation" in none and "no translation model installed" in none
    real = Menus({"translate": (Offer("gloss", "gloss", "translate", gloss=True),
                                Offer("m", "opus-mt-zh-en", "translate", seconds_per_sentence=0.5))})
    assert "pick “opus-mt-zh-en” (translation model, about 0.5 s a sentence) in “Translation by”" in view.gloss_note(real)
    last = updates()[-1]
    en = last.points[last.points.index("class='points-en'"):last.points.index("<ol>")]
    assert "gloss-note" in en and "not a translation" in last.translation  # beside the English points and table
    assert "gloss-note" not in updates(translator="gloss", points=2)[-1].translation
    assert not SERVER_DETAILS.search(none + view.gloss_note(real))


def test_cards_not_installed_are_for_the_server_log_not_the_page(caplog):
    caplog.set_level(logging.INFO, "summarize.web")
    offered = card_menus()
    assert [o.value for o in offered.offers["translate"]] == ["gloss"]  # no models in the tests' models folder
    assert "card opus-mt-zh-en is not installed here (translate)" in caplog.text  # with how to get it


def test_menu_labels_say_what_each_card_costs():
    assert Offer("gloss", "gloss", "translate", gloss=True).label == "gloss (word by word, instant)"
    assert Offer("x", "qwen", "translate", llm=True, seconds_per_sentence=3.6).label == \
        "qwen (AI model, about 3.6 s a sentence)"
    assert Offer("e", "extractive", "summarize", extractive=True).label == "extractive (instant)"


def test_models_are_loaded_once_per_process_and_shared_by_requests():
    updates()
    loads = registry.loads()
    updates(points=2)
    updates(HOSTILE)
    assert registry.loads() == loads


def test_an_uploaded_binary_or_gb18030_file(tmp_path):
    png = tmp_path / "photo.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    page = updates("", str(png))[-1]
    assert "error" in page.status and "photo.md" in page.status and page.json_path is None
    assert str(tmp_path) not in page.status
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(ARTICLE.encode("gb18030"))
    assert "Done" in updates("", str(gbk))[-1].status
    gone = updates("", str(tmp_path / "cleared.txt"))[-1]  # the server cleared the upload of a page left open
    assert "cleared.txt is no longer on the server; upload it again" in gone.status
    records = tmp_path / "records.json"
    records.write_text(json.dumps([{"title": "甲", "text": ARTICLE}]), encoding="utf-8")
    listed = updates("", str(records))[-1].status  # the visitor's half of the hint, not the command line's
    assert "not one record; pass a record like" in listed and "summarize batch" not in listed


@pytest.fixture
def llm_card(tmp_path):
    card = tmp_path / "slow-llm.toml"
    card.write_text('name = "slow-llm"\nbackend = "llama-cpp"\ntasks = ["translate"]\n[options]\n'
                    'estimate_s_per_sentence = 10\n', encoding="utf-8")
    return str(card)


def test_an_llm_card_has_its_own_smaller_size_limit_and_a_time_estimate(llm_translator, llm_card):
    llm_translator(0.0)
    too_big = updates(ARTICLE * 20, translator=llm_card, llm_max_chars=500)[-1].status
    assert f"the pasted text has {len(ARTICLE) * 20:,} characters, over this demo&#x27;s limit of 500 characters " \
           "with an AI model (up to 100,000 with the gloss)" in too_big
    assert "Done" in updates(ARTICLE * 20, translator="gloss", llm_max_chars=500)[-1].status  # gloss: no such limit
    too_long = updates(ARTICLE, translator=llm_card, time_limit_s=30)[-1].status
    assert "6 sentences: about 100 s with the model chosen, over this demo&#x27;s limit of 30 s" in too_long
    pages = updates(ARTICLE, translator=llm_card, time_limit_s=600)
    assert "slow-llm takes about 100 s for them" in pages[0].status and "Done" in pages[-1].status


def test_one_llm_request_per_visitor_at_a_time(llm_translator, llm_card):
    llm_translator(0.01)
    first = run_request(ARTICLE, None, "extractive", llm_card, 3, Limits(update_every_s=0.0), visitor="10.0.0.1")
    next(first)  # the first request is under way
    second = list(run_request(ARTICLE, None, "extractive", llm_card, 3, Limits(), visitor="10.0.0.1"))
    assert "already have a digest running" in second[-1].status
    other = list(run_request(ARTICLE, None, "extractive", llm_card, 3, Limits(), visitor="10.0.0.2"))
    assert "Done" in other[-1].status
    assert "Done" in list(first)[-1].status
    assert "Done" in list(run_request(ARTICLE, None, "extractive", llm_card, 3, Limits(), visitor="10.0.0.1"))[-1].status


def test_the_one_llm_request_rule_counts_page_sessions_not_addresses():
    from types import SimpleNamespace

    office = SimpleNamespace(host="10.0.0.1")
    assert session.visitor_of(SimpleNamespace(session_hash="tab-a", client=office)) == "tab-a"
    assert session.visitor_of(SimpleNamespace(session_hash="tab-b", client=office)) == "tab-b"
    assert session.visitor_of(SimpleNamespace(session_hash=None, client=office)) == "10.0.0.1"


def test_two_visitors_articles_of_one_file_name_never_share_a_download(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "news.txt").write_text("甲公司发布了新产品。市场反应很好。", encoding="utf-8")
    (tmp_path / "b" / "news.txt").write_text("乙银行发布了公告。股价应声上涨。", encoding="utf-8")
    first = updates("", str(tmp_path / "a" / "news.txt"))[-1]
    second = updates("", str(tmp_path / "b" / "news.txt"))[-1]
    assert first.json_path != second.json_path
    assert "甲公司" in Path(first.json_path).read_text(encoding="utf-8")
