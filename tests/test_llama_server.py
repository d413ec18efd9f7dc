"""The llama-server backend on llama.cpp's real server and a tiny random GGUF written here (skipped where
`make install-server` has not built llama-server)."""

import re

import pytest

from summarize.llm import server as local

if local.find_binary() is None:
    pytest.skip("llama-server is not installed: make install-server", allow_module_level=True)
pytest.importorskip("gguf", reason="the gguf package writes the test model: pip install -e '.[hf]'")

from tiny_models import build_tiny_gguf, write_tiny_card

from summarize import registry
from summarize.backends import openai_http
from summarize.llm.engine import ChatRequest
from summarize.llm.grammars import english_grammar, holding_grammar, numbered_grammar
from summarize.llm.prompts import parse_tagged
from summarize.stages import Call
from summarize.textutil import has_cjk


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-server")
    gguf = build_tiny_gguf(folder)
    card = write_tiny_card(folder, gguf, "tiny-server", "llama-server", max_tokens=12, n_ctx=512, parallel=2,
                           chunk_tokens=60)
    registry.clear()
    openai_http.server_engine.cache_clear()
    yield registry.load(card, "translate")
    for running in local._RUNNING.values():
        running.stop()
    local._RUNNING.clear()


def test_the_real_server_honours_the_grammar_and_reports_its_counters(served):
    engine = served.engine
    seen = []
    grammar = numbered_grammar(2)
    [result] = engine.generate([ChatRequest(({"role": "user", "content": "[1] 示例公司。\n[2] 新产品。"},), 24,
                                            Call(on_token=seen.append), grammar)])
    assert "".join(seen) == result.text
    assert result.evaluated_prompt_tokens > 0 and result.completion_tokens > 0
    assert engine.count_tokens("示例公司发布了新产品。") > 0
    if result.completion_tokens < 24:  # the grammar finished the answer: exactly the two lines, no CJK
        assert sorted(parse_tagged(result.text)) == [1, 2] and not has_cjk(result.text)


def test_sentences_come_back_aligned_from_parallel_chunks(served):
    texts = [f"示例公司第{i}次发布了新产品。" for i in range(1, 7)]
    english = served.translate(texts)
    assert len(english.texts) == 6 and english.info["parallel_chunks"]
    assert english.info["model_calls"] >= english.info["chunks"] > 1


def test_the_real_server_takes_the_grammar_that_holds_names(served):
    grammar = holding_grammar(["Lei Jun", "Xiaomi"])
    [result] = served.engine.generate([ChatRequest(({"role": "user", "content": "雷军创立了小米。"},), 40, Call(),
                                                   grammar)])
    assert not has_cjk(result.text)
    if result.completion_tokens < 40:  # the grammar let it finish: only once both names were written
        assert "Lei Jun" in result.text and "Xiaomi" in result.text


def test_under_the_numbers_grammar_the_real_server_writes_no_other_digits(served):
    grammar = english_grammar(["2022"])
    requests = [ChatRequest(({"role": "user", "content": f"第{i}句：2022年 1 2 3 4 5 6 7 8 9"},), 40, Call(), grammar)
                for i in range(2)]
    for result in served.engine.generate(requests):
        assert set(re.findall(r"\d+", result.text)) <= {"2022"} and not has_cjk(result.text)
