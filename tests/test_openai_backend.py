"""The OpenAI-compatible backend against a fake server written for the tests: the same stages over HTTP,
grammars passed on, the server's counters kept, parallel requests, cancellation, errors, a local server."""

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fake_openai import FakeServer

from summarize import registry
from summarize.backends.openai_http import OpenAIEngine, estimate_tokens
from summarize.cards import ModelCard, load_card
from summarize.config import RunConfig
from summarize.errors import Cancelled, ConfigError, ModelError
from summarize.llm import server as local
from summarize.llm.engine import ChatRequest
from summarize.llm.translator import LLMTranslator
from summarize.pipeline import Pipeline
from summarize.stages import Call

HERE = Path(__file__).parent
ARTICLE = "示例科技公司今年售出价值260亿美元的商品。公司创始人王小明表示，明年将进入欧洲市场。公司还在招聘更多员工。"


def card(url="", **options):
    return ModelCard("remote", "openai", ("summarize", "translate"),
                     options={"base_url": url, "constrain": "llama"} | options)


def card_file(tmp_path, url, **options):
    lines = [f'{k} = {json.dumps(v)}' for k, v in ({"base_url": url, "constrain": "llama"} | options).items()]
    path = tmp_path / "remote.toml"
    path.write_text('name = "remote"\nbackend = "openai"\ntasks = ["summarize", "translate"]\n\n[options]\n'
                    + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_a_digest_over_http_has_english_for_every_sentence_and_the_servers_counts(tmp_path):
    with FakeServer(model="served-7b") as fake:
        path = card_file(tmp_path, fake.url)
        digest = Pipeline.from_config(RunConfig.build(summarizer=path, translator=path)).run(ARTICLE)
    assert all(s.en.startswith(("EN[", "ONE EN[")) for s in digest.translation)  # ONE: asked again for a name
    assert len(digest.key_points) == 3
    translation = digest.provenance["translator"]["run"]
    assert translation["evaluated_tokens"] > 0 and translation["reused_tokens"] > 0
    assert all(b["model"] == "served-7b" for b in fake.bodies)


def test_grammar_goes_in_the_field_the_server_reads():
    request = ChatRequest(({"role": "user", "content": "x"},), 16, grammar="root ::= \"a\"")
    with FakeServer() as fake:
        assert OpenAIEngine(card(fake.url)).body(request)["grammar"] == "root ::= \"a\""
        assert OpenAIEngine(card(fake.url, constrain="vllm")).body(request)["structured_outputs"] == \
            {"grammar": "root ::= \"a\""}
        assert "grammar" not in OpenAIEngine(card(fake.url, constrain="none")).body(request)


def test_a_request_sampled_with_a_seed_says_so_to_the_server_and_others_take_the_cards_temperature():
    greedy = ChatRequest(({"role": "user", "content": "x"},), 16)
    with FakeServer() as fake:
        engine = OpenAIEngine(card(fake.url))
        assert engine.body(replace(greedy, temperature=0.7, seed=2)).items() >= {"temperature": 0.7, "seed": 2}.items()
        assert engine.body(greedy)["temperature"] == 0.0 and "seed" not in engine.body(greedy)


def test_chunks_go_to_the_server_at_once_with_the_glossary_not_the_previous_chunk():
    texts = [f"示例公司创始人王小明在第{i}次发布会上介绍了新产品。" for i in range(1, 9)]
    with FakeServer(delay=0.02) as fake:
        engine = OpenAIEngine(card(fake.url, parallel=4))
        translator = LLMTranslator(card(fake.url, parallel=4, chunk_tokens=60), engine)
        english = translator.translate(texts, Call(glossary={"王小明": "Wang Xiaoming"}))
    assert english.info["parallel_chunks"] and english.info["chunks"] >= 4
    assert fake.most_in_flight > 1
    prompts = [b["messages"][-1]["content"] for b in fake.bodies]
    assert all("王小明 = Wang Xiaoming" in p for p in prompts)
    assert not any("Earlier in the article" in p for p in prompts)
    assert all(e.startswith("EN[") for e in english.texts)


def test_no_more_requests_in_flight_than_parallel_and_the_rest_are_told_they_wait():
    waits = []
    with FakeServer(delay=0.3) as fake:  # each answer takes ~0.6 s: the five requests overlap
        engine = OpenAIEngine(card(fake.url, parallel=2))
        call = Call(on_wait=waits.append)
        requests = [ChatRequest(({"role": "user", "content": f"[1] 句子{i}"},), 32, call) for i in range(5)]
        threads = [threading.Thread(target=engine.generate, args=([r],)) for r in requests]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert fake.most_in_flight == 2 and waits and all(1 <= place <= 3 for place in waits)


def test_one_call_takes_parallel_slots_and_leaves_the_others_to_other_calls():
    with FakeServer(delay=0.3) as fake:
        engine = OpenAIEngine(card(fake.url, parallel=2, slots=4))
        requests = [ChatRequest(({"role": "user", "content": f"[1] 句子{i}"},), 32) for i in range(4)]
        engine.generate(requests)
        alone = fake.most_in_flight
        threads = [threading.Thread(target=engine.generate, args=(requests,)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert alone == 2 and fake.most_in_flight == 4


def test_a_cancelled_request_stops_its_stream():
    cancel = threading.Event()
    seen = []

    def on_token(piece):
        seen.append(piece)
        if len(seen) == 2:
            cancel.set()

    with FakeServer(delay=0.05) as fake:
        engine = OpenAIEngine(card(fake.url))
        request = ChatRequest(({"role": "user", "content": "numbered Chinese sentences\n\n" + "\n".join(
            f"[{i}] a b c d e f" for i in range(1, 20))},), 256, Call(on_token=on_token, cancel=cancel))
        with pytest.raises(Cancelled):
            engine.generate([request])
    assert len(seen) == 2


def test_errors_say_what_is_wrong_and_what_to_do(monkeypatch):
    monkeypatch.delenv("SUMMARIZE_LLM_URL", raising=False)
    with pytest.raises(ConfigError, match="names no server.*SUMMARIZE_LLM_URL"):
        OpenAIEngine(card(""))
    with pytest.raises(ModelError, match="no OpenAI-compatible server answers at http://127.0.0.1:9"):
        OpenAIEngine(card("http://127.0.0.1:9"))
    with FakeServer(fail_status=503) as fake:
        engine = OpenAIEngine(card(fake.url))
        with pytest.raises(ModelError, match="answered HTTP 503: .*not loaded"):
            engine.generate([ChatRequest(({"role": "user", "content": "x"},), 8)])
    with pytest.raises(ConfigError, match="constrain = 'json'.*llama, vllm, none"):
        OpenAIEngine(card("http://127.0.0.1:9", constrain="json"))


def test_api_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MY_KEY", "sk-test")
    with FakeServer() as fake:
        assert OpenAIEngine(card(fake.url, api_key_env="MY_KEY")).headers["Authorization"] == "Bearer sk-test"


def test_token_estimate_for_servers_that_cannot_count():
    assert estimate_tokens("示例公司") == 4 and estimate_tokens("abcdefgh") == 2


@pytest.fixture
def fake_llama_server(tmp_path, monkeypatch):
    """A program posing as llama-server, and the GGUF file a server card reads."""
    program = tmp_path / "llama-server"
    program.write_text(f"#!/bin/sh\nexec {sys.executable} {HERE / 'fake_openai.py'} \"$@\"\n")
    program.chmod(0o755)
    monkeypatch.setenv("SUMMARIZE_LLAMA_SERVER", str(program))
    monkeypatch.setenv("SUMMARIZE_MODELS_DIR", str(tmp_path / "models"))  # this test's own models folder
    weights = tmp_path / "models" / "qwen2.5-coder-1.5b-gguf"
    weights.mkdir(parents=True, exist_ok=True)
    (weights / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf").write_bytes(b"GGUF")
    yield program
    for server in local._RUNNING.values():
        server.stop()
    local._RUNNING.clear()


def test_the_server_card_starts_one_local_server_and_workers_inherit_its_address(fake_llama_server, monkeypatch):
    server_card = load_card("qwen2.5-coder-1.5b-gguf-server")
    assert registry.status(server_card)["ready"]
    shared = local.share([server_card])
    [(name, url)] = shared.items()
    assert os.environ[name] == url and local.healthy(url)
    monkeypatch.setattr(local, "LocalServer", None)  # a second start would fail: the address is inherited
    engine = OpenAIEngine(server_card, base_url=local.url_for(server_card))
    assert engine.model == "qwen2.5-coder-1.5b-instruct-q4_k_m"  # the server's alias for the GGUF
    monkeypatch.undo()
    [process] = [s.process for s in local._RUNNING.values()]
    process.terminate()
    process.wait()
    assert not local.healthy(url)


def test_a_missing_llama_server_is_one_line_with_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMARIZE_LLAMA_SERVER", str(tmp_path / "nowhere"))
    status = registry.status(load_card("qwen2.5-coder-1.5b-gguf-server"))
    assert not status["ready"] and "make install-server" in status["how_to_get"]
    with pytest.raises(ConfigError, match="SUMMARIZE_LLAMA_SERVER names .*nowhere, which is not a file.*make install-server"):
        local.require_binary()


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_batch_workers_send_their_requests_to_one_server(engine, fake_llama_server, tmp_path, monkeypatch):
    if engine == "ray":
        pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
    from test_batch import batch, lines, make_archive

    starts = tmp_path / "starts"
    monkeypatch.setenv("FAKE_LLAMA_STARTS", str(starts))
    archive = make_archive(tmp_path / "in", 4)
    done = batch(str(archive), "--out", str(tmp_path / "out"), "--workers", "2", "--engine", engine,
                 "--translator", "qwen2.5-coder-1.5b-gguf-server", env=os.environ | {"PYTHONPATH": str(HERE)})
    assert done.returncode == 0, done.stderr
    records = lines(tmp_path / "out" / "digests.jsonl")
    assert len(records) == 4 and all("EN[" in s["en"] for r in records for s in r["translation"])
    assert len(starts.read_text().split()) == 1  # one server for the two workers, stopped when the run ended
    assert "starting llama-server on http://127.0.0.1:" in done.stderr


def test_a_killed_owner_takes_its_server_with_it(fake_llama_server):
    import subprocess
    import time

    owner = subprocess.Popen([sys.executable, "-c", "import time; from summarize.cards import load_card; "
                              "from summarize.llm import server; "
                              "print(server.url_for(load_card('qwen2.5-coder-1.5b-gguf-server')), flush=True); "
                              "time.sleep(120)"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = owner.stdout.readline().strip()
    assert local.healthy(url)
    owner.kill()  # SIGKILL: no atexit, no clean-up of its own
    owner.wait()
    deadline = time.monotonic() + 10
    while local.healthy(url) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not local.healthy(url)


def test_an_error_in_the_stream_or_a_stream_cut_short_is_an_error_not_an_answer():
    import io

    from summarize.backends.openai_http import _events

    error = io.BytesIO(b'data: {"choices": [{"delta": {"content": "Hal"}}]}\n\nerror: {"message": "context full"}\n\n')
    with pytest.raises(ModelError, match="failed mid-answer: context full"):
        list(_events(error, "http://x"))
    with FakeServer() as fake:
        engine = OpenAIEngine(card(fake.url))
        fake.script.answer = lambda user: "partial"
        original = fake._event
        fake._event = lambda handler, data: None if any(c.get("finish_reason") for c in data.get("choices", [])) \
            else original(handler, data)
        with pytest.raises(ModelError, match="ended its answer before finishing it"):
            engine.generate([ChatRequest(({"role": "user", "content": "x"},), 8)])


def test_a_one_line_answer_that_repeats_itself_is_stopped_and_marked_looped():
    user = "Translate.\n\n示例\nYour translation must contain these names exactly as written here: A; B."
    with FakeServer(max_names=1, delay=0.002) as fake:  # asked to hold two names, the model runs on: "and and …"
        engine = OpenAIEngine(card(fake.url))
        looped = engine.generate([ChatRequest(({"role": "user", "content": user},), 2000, one_line=True)])[0]
        full = engine.generate([ChatRequest(({"role": "user", "content": user},), 2000)])[0]
        for _ in range(100):  # the server notices the closed stream at its next write
            if fake.closed_early:
                break
            time.sleep(0.02)
        assert fake.closed_early == 1
    assert looped.looped and len(looped.text) < 100 and looped.completion_tokens == len(looped.text)
    assert not full.looped and full.text.count("and") == 300  # a numbered chunk may repeat itself: never stopped


def test_a_card_with_grounded_points_writes_them_from_the_rankers_candidates_and_checks_them(tmp_path):
    with FakeServer() as fake:
        path = card_file(tmp_path, fake.url, grounded=True)
        digest = Pipeline.from_config(RunConfig.build(summarizer=path, translator=path)).run(ARTICLE)
    run = digest.provenance["summarizer"]["run"]
    assert run["grounded"] and len(run["grounding"]) == len(digest.key_points) == 3  # kept or replaced, and why
    asked = next(b["messages"][-1]["content"] for b in fake.bodies if "[1] " in b["messages"][-1]["content"])
    assert "标题" in asked and "[3] " in asked  # the ranker's numbered candidates, not the article as it runs
    assert all(p.source_sentence_ids for p in digest.key_points)


def test_a_second_identical_run_comes_from_the_caches_without_starting_the_server(fake_llama_server, tmp_path):
    starts, article = tmp_path / "starts", tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = os.environ | {"FAKE_LLAMA_STARTS": str(starts), "SUMMARIZE_CACHE_DIR": str(tmp_path / "cache"),
                        "PYTHONPATH": str(HERE)}
    card = "qwen2.5-coder-1.5b-gguf-server"
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "summarize", "run", str(article), "--summarizer", "extractive",
                               "--translator", card, "--format", "json"], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout)["translation"])
    assert outputs[0] == outputs[1] and len(starts.read_text().split()) == 1  # answers and token counts kept


def test_a_failed_server_start_is_said_once_not_tried_again_by_every_request(fake_llama_server, monkeypatch):
    from summarize.backends.openai_http import ServerEngine

    calls = []

    def failing(settings):
        calls.append(settings)
        raise ModelError("llama-server exited with status 1: out of memory", "see its log")

    monkeypatch.setattr(local, "serve", failing)
    engine = ServerEngine(load_card("qwen2.5-coder-1.5b-gguf-server"))  # nothing started yet
    assert not calls
    for _ in range(3):
        with pytest.raises(ModelError, match="out of memory"):
            engine.count_tokens(f"示例{_}")
    assert len(calls) == 1
