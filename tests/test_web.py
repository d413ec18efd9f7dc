"""The web demo's request logic and page fragments (no Gradio needed): streaming order, escaping, errors,
time limit, downloads."""

import json
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fake_llm import ScriptedEngine

from summarize import registry
from summarize.cards import ModelCard
from summarize.llm.stages import LLMTranslator
from summarize.pipeline import Pipeline
from summarize.render import to_dict
from summarize.stages import English
from summarize.web import session, view
from summarize.web.session import Limits, run_request

ARTICLE = (
    "星河公司发布财报\n\n"
    "星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元。\n\n"
    "公司共交付新车12.6万辆。海外交付首次超过国内。\n\n"
    "公司计划明年建设第二座工厂。分析人士认为本地化生产有助于降低成本。\n"
)
HOSTILE = ("<html><body><h1>标题&lt;img src=x onerror=alert(1)&gt;</h1>"
           "<p>他在文章里写下&lt;script&gt;alert(2)&lt;/script&gt;这样一句话。公司营收增长了两成。</p>"
           "<p>第二段还有一句话。</p></body></html>")


def updates(text=ARTICLE, upload=None, summarizer="extractive", translator="gloss", points=3, **limits):
    return list(run_request(text, upload, summarizer, translator, points, Limits(**limits)))


def test_key_points_come_before_the_translation_and_the_last_update_is_the_whole_digest():
    pages = updates(step_sentences=2, update_every_s=0.0)
    first_points = next(i for i, u in enumerate(pages) if "<li>" in u.points_zh)
    first_done = next(i for i, u in enumerate(pages) if "Done" in u.status)
    assert first_points < first_done
    assert "0/6 sentences" in pages[first_points].translation  # points shown before any body is translated
    counts = [int(u.translation.split(" sentences")[0].rsplit(">", 1)[-1].split("/")[0])
              for u in pages if "sentences</small>" in u.translation]
    assert counts == sorted(counts) and counts[-1] == 6 and len(set(counts)) > 2  # the body arrives in steps
    assert "Numbers:" in pages[-1].checks and pages[-1].json_path and pages[-1].md_path


def test_downloads_hold_the_same_digest_as_the_command_line(tmp_path):
    last = updates()[-1]
    data = json.loads(Path(last.json_path).read_text(encoding="utf-8"))
    expected = to_dict(Pipeline.from_cards().run(ARTICLE.encode("utf-8")))
    assert data["key_points_zh"] == expected["key_points_zh"] and data["translation"] == expected["translation"]
    assert Path(last.md_path).read_text(encoding="utf-8").startswith("# 星河公司发布财报")


def test_article_text_is_escaped_everywhere():
    last = updates(HOSTILE)[-1]
    page = "".join([last.points_zh, last.points_en, last.translation, last.checks])
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in last.translation  # shown as text, in the title
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_uploaded_file_is_used_and_keeps_its_format(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(HOSTILE, encoding="utf-8")
    last = updates("", str(path))[-1]
    assert "Done" in last.status and "标题&lt;img" in last.translation
    assert json.loads(Path(last.json_path).read_text(encoding="utf-8"))["id"] == "news"


@pytest.mark.parametrize(("text", "says"), [
    ("", "nothing to digest"),
    ("   \n ", "nothing to digest"),
    ("This article is written in English only.", "Chinese"),
    ("中" * 300, "over the limit"),
    ("/etc/passwd", "Chinese"),  # pasted text is never read as a path on the server
])
def test_bad_input_is_a_readable_message_in_the_page(text, says):
    pages = updates(text, max_bytes=600)
    assert len(pages) == 1 and "error" in pages[0].status and says in pages[0].status
    assert "Traceback" not in pages[0].status and pages[0].json_path is None


@pytest.mark.parametrize("points", [0, -1, 21])
def test_points_out_of_range_are_refused(points):
    pages = updates(points=points)
    assert len(pages) == 1 and "use 1 to 20 key points" in pages[0].status


def test_unknown_or_missing_model_says_how_to_get_it():
    unknown = updates(summarizer="extractiv")[-1].status
    assert "unknown model card" in unknown and "did you mean" in unknown
    missing = updates(translator="opus-mt-zh-en")[-1].status
    assert "error" in missing and ("not found locally" in missing or "pip install" in missing)


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


def test_a_model_translation_streams_its_words_into_the_page(llm_translator):
    llm_translator(0.002)
    pages = updates(update_every_s=0.0)
    assert any("EN[" in u.live for u in pages)  # words shown while the model writes
    assert "18.5 billion" in pages[-1].translation and pages[-1].live == "" and "Done" in pages[-1].status


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
    assert any("Waiting for the model" in u.status for pages in results.values() for u in pages)


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


def test_view_marks_sentences_whose_numbers_are_not_in_the_source():
    class Wrong:
        card = ModelCard("wrong", "gloss", ("translate",))
        is_gloss = False

        def translate(self, texts, call=None):
            return English(tuple("It made $1,850 billion." if "185" in t else "Fine." for t in texts))

    pipeline = Pipeline(registry.load("extractive", "summarize"), Wrong())
    steps = []
    pipeline.run(ARTICLE, on_step=steps.append)
    last = steps[-1]
    table = view.translation_html(last)
    assert table.count("class='bad'") == 1 and table.count("<tr class='para'>") == 2  # 3 paragraphs
    assert "sentence 1" in view.checks_html(last.digest) and "$1,850 billion" in view.checks_html(last.digest)


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
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(ARTICLE.encode("gb18030"))
    assert "Done" in updates("", str(gbk))[-1].status


@pytest.fixture
def llm_card(tmp_path):
    card = tmp_path / "slow-llm.toml"
    card.write_text('name = "slow-llm"\nbackend = "llama-cpp"\ntasks = ["translate"]\n[options]\n'
                    'estimate_s_per_sentence = 10\n', encoding="utf-8")
    return str(card)


def test_an_llm_card_has_its_own_smaller_size_limit_and_a_time_estimate(llm_translator, llm_card):
    llm_translator(0.0)
    too_big = updates(ARTICLE * 20, translator=llm_card, llm_max_bytes=2_000)[-1].status
    assert "over the limit of 2,000 bytes" in too_big
    assert "Done" in updates(ARTICLE * 20, translator="gloss", llm_max_bytes=2_000)[-1].status  # gloss: no such limit
    too_long = updates(ARTICLE, translator=llm_card, time_limit_s=30)[-1].status
    assert "6 sentences: about 100 s with the model chosen, over this demo&#x27;s limit of 30 s" in too_long
    assert "Done" in updates(ARTICLE, translator=llm_card, time_limit_s=600)[-1].status


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
