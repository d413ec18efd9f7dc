"""One run config for every front: the same bad setting refused the same way, a fingerprint over what changes
output (card contents above all), `auto` picking what can run here, and stateless shared stages."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fake_llm import ScriptedEngine
from test_batch import batch, lines, make_archive

from summarize import registry
from summarize.cards import ModelCard, load_card
from summarize.config import RunConfig
from summarize.errors import ConfigError, InputError
from summarize.llm.stages import LLMSummarizer
from summarize.llm.translator import LLMTranslator
from summarize.pipeline import Pipeline
from summarize.web.session import Limits, run_request

ARTICLE = ("星河公司发布财报\n\n星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元。\n\n"
           "公司共交付新车12.6万辆。海外交付首次超过国内。\n\n公司计划明年建设第二座工厂。分析人士认为本地化生产有助于降低成本。\n")


def cli(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "summarize", *args], input=stdin, capture_output=True, timeout=300)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--points", "0", "points 0 is out of range; use 1 to 20 key points"),
    ("--points", "21", "points 21 is out of range; use 1 to 20 key points"),
    ("--max-bytes", "-1", "max-bytes -1 is out of range; use 1 to 100,000,000 bytes"),
    ("--translator", "", "the translate card is empty; name a card (`summarize models list`) or auto"),
])
def test_every_front_refuses_a_bad_setting_with_the_same_line_and_exit_code_2(tmp_path, flag, value, message):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fronts = {"run": cli("run", str(article), flag, value),
              "batch": cli("batch", str(article), "--out", str(tmp_path / "out"), flag, value)}
    if flag == "--points":
        fronts["eval"] = cli("eval", "--data", str(tmp_path), "--variants", "lead-1", flag, value)
    for front, done in fronts.items():
        assert done.returncode == 2, (front, done.stderr)
        assert done.stderr.decode().strip() == f"summarize: error: {message}", front
    assert not (tmp_path / "out" / "digests.jsonl").exists()  # refused before any work
    if flag == "--translator":  # an empty name is no card, never the default (auto may be an LLM)
        with pytest.raises(ConfigError, match="card is empty"):
            RunConfig.build(translator=" ")
        return
    python_value = int(value)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        Pipeline.from_cards(**{flag.strip("-").replace("-", "_"): python_value})
    if flag == "--points":
        page = list(run_request(ARTICLE, None, "extractive", "gloss", python_value, Limits()))
        assert len(page) == 1 and message in page[0].status


def test_a_cards_contents_are_in_the_fingerprint(tmp_path):
    copy = tmp_path / "mine.toml"
    copy.write_text(load_card("extractive").text, encoding="utf-8")
    before = RunConfig.build("batch", summarizer=str(copy)).fingerprint()
    assert RunConfig.build("batch", summarizer=str(copy)).fingerprint() == before  # stable
    copy.write_text(copy.read_text(encoding="utf-8").replace("points = 3", "points = 2"), encoding="utf-8")
    changed = RunConfig.build("batch", summarizer=str(copy))
    assert changed.points == 2 and changed.fingerprint() != before
    assert RunConfig.build("batch", summarizer=str(copy), points=4).points == 4  # command line > card > defaults


def test_changing_a_card_invalidates_the_batch_cache(tmp_path):
    archive = make_archive(tmp_path / "in", 2)
    card = tmp_path / "mine.toml"
    card.write_text(load_card("extractive").text, encoding="utf-8")
    assert batch(str(archive), "--out", str(tmp_path / "one"), "--summarizer", str(card)).returncode == 0
    card.write_text(card.read_text(encoding="utf-8").replace("points = 3", "points = 2"), encoding="utf-8")
    assert batch(str(archive), "--out", str(tmp_path / "two"), "--summarizer", str(card)).returncode == 0
    assert [m["cached"] for m in lines(tmp_path / "two" / "manifest.jsonl")] == [False, False]
    assert {len(d["key_points_zh"]) for d in lines(tmp_path / "two" / "digests.jsonl")} == {2}
    run = cli("run", str(next(archive.rglob("*.md"))), "--summarizer", str(card), "--format", "json")
    assert len(json.loads(run.stdout)["key_points_zh"]) == 2  # run and batch agree


def test_auto_picks_what_can_run_here_and_says_so(tmp_path):
    config = RunConfig.build("run")
    assert config.translator.name == "gloss" and config.auto == {"translate": "gloss"}
    assert "word-by-word gloss" in config.notes[0] and "summarize models install" in config.notes[0]
    assert RunConfig.build("batch").auto == {}  # batch and eval never pick for you
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = cli("run", str(article))
    assert done.returncode == 0 and "translation by gloss (auto)" in done.stderr.decode()
    listing = cli("models", "list").stdout.decode()
    assert "gloss" in listing.split("← auto (translate)")[0].splitlines()[-1]


def test_two_requests_at_once_on_one_shared_llm_stage_keep_their_own_provenance():
    engine = ScriptedEngine(delay=0.001)
    card = ModelCard("scripted", "llama-cpp", ("summarize", "translate"), options={"chunk_tokens": 40})
    summarizer, translator = LLMSummarizer(card, engine), LLMTranslator(card, engine)
    short = ARTICLE.split("\n\n公司共交付")[0]
    jobs = {"long": (ARTICLE, 3), "short": (short, 2)}
    digests, streamed = {}, {k: [] for k in jobs}

    def run(name):
        text, points = jobs[name]
        pipeline = Pipeline(summarizer, translator, RunConfig.from_cards(card, card, points=points))
        digests[name] = pipeline.run(text, on_token=streamed[name].append)

    threads = [threading.Thread(target=run, args=(k,)) for k in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    alone = {k: Pipeline(summarizer, translator, RunConfig.from_cards(card, card, points=p)).run(t)
             for k, (t, p) in jobs.items()}
    for name, digest in digests.items():
        assert digest.provenance["settings"]["points"] == jobs[name][1] == len(digest.key_points)
        assert digest.provenance["translator"]["run"] == alone[name].provenance["translator"]["run"]
        assert digest.translation == alone[name].translation
    assert "".join(streamed["short"]) and "".join(streamed["short"]) != "".join(streamed["long"])
    assert not hasattr(translator, "on_token") and not hasattr(translator, "run_info")  # nothing per request


def test_streamed_and_whole_digests_record_the_same_provenance():
    card = ModelCard("scripted", "llama-cpp", ("summarize", "translate"), options={"chunk_tokens": 40})
    engine = ScriptedEngine()
    pipeline = Pipeline(LLMSummarizer(card, engine), LLMTranslator(card, engine), RunConfig.from_cards(card, card))
    steps = []
    streamed = pipeline.run(ARTICLE, on_step=steps.append, step_sentences=2)
    whole = pipeline.run(ARTICLE)
    assert steps[-1].digest == streamed and len(steps) > 3
    pieces = streamed.provenance["translator"]["run"]["pieces"]
    assert pieces == whole.provenance["translator"]["run"]["pieces"] == 1 + 3 + len(streamed.translation)


def test_a_str_is_text_and_a_path_is_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    pipeline = Pipeline.from_cards()
    assert pipeline.run(path).id == "a" and pipeline.run(ARTICLE).title == "星河公司发布财报"
    with pytest.raises(InputError, match="pass pathlib.Path"):
        pipeline.run(str(path))


def test_loaded_backends_are_shared_and_keyed_by_card_contents(tmp_path):
    card = tmp_path / "mine.toml"
    card.write_text(load_card("extractive").text, encoding="utf-8")
    first = registry.load(str(card), "summarize")
    assert registry.load(str(card), "summarize") is first
    card.write_text(card.read_text(encoding="utf-8").replace("position = 0.8", "position = 0.1"),
                    encoding="utf-8")
    assert registry.load(str(card), "summarize") is not first


def test_an_installed_wheel_runs_outside_the_source_tree(tmp_path):
    root = Path(__file__).resolve().parents[1]
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                            str(tmp_path / "whl"), str(root)], capture_output=True, text=True, timeout=300)
    assert wheel.returncode == 0, wheel.stderr
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                              *map(str, (tmp_path / "whl").glob("*.whl"))], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run([sys.executable, "-c", "import summarize; print(summarize.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), where  # the wheel, not the source tree
    for args in (["run", "-"], ["models", "list"]):
        done = subprocess.run([sys.executable, "-m", "summarize", *args], input=ARTICLE.encode(), cwd=tmp_path,
                              env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
    assert (site / "summarize" / "models" / "gloss.toml").is_file()
    assert any((site / "summarize" / "examples").iterdir())
    assert (site / "summarize" / "schema" / "digest.schema.json").is_file()


@pytest.mark.parametrize("call", [
    lambda p: p.translate("示例公司发布了新产品。"),  # a string is no list of texts (it was translated character by character)
    lambda p: p.translate([None]),
    lambda p: p.run_many("示例公司发布了新产品。"),
])
def test_the_python_api_says_what_it_takes_instead_of_misreading_a_string(call):
    from summarize.errors import InputError

    with pytest.raises(InputError, match="takes a list"):
        call(Pipeline.from_config(RunConfig.build()))


@pytest.mark.parametrize(("given", "message"), [({"公司": None}, "is not Chinese text and its English"),
                                                (["雷军"], "neither a file nor a mapping")])
def test_a_glossary_given_in_python_of_the_wrong_kind_is_refused(given, message):
    with pytest.raises(ConfigError, match=message):  # {"公司": None} had put "None" into the English
        RunConfig.build(glossary=given)


@pytest.mark.parametrize("points", ["abc", 2.5, True])
def test_a_setting_that_is_no_whole_number_says_so(points):
    with pytest.raises(ConfigError, match=f"points {points!r} is not a whole number; use 1 to 20 key points"):
        RunConfig.build(points=points)  # not "out of range", which sends a reader looking for the range
