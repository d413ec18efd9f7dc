"""The hf-causal backend on a tiny random Qwen2 with a tokenizer and chat template built here: the
output is noise, the plumbing is what is tested (card, chat template, streaming, alignment, failure)."""

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tiny_models import build_tiny_qwen2

from summarize import registry
from summarize.errors import ConfigError, ModelError
from summarize.llm.engine import ChatRequest
from summarize.pipeline import Pipeline
from summarize.stages import Call


@pytest.fixture(scope="module")
def tiny_qwen(tmp_path_factory):
    return build_tiny_qwen2(tmp_path_factory.mktemp("tiny-qwen2"))


def write_card(folder, model_dir, dtype="float32", max_tokens=12):
    card = folder / "tiny-qwen.toml"
    card.write_text(
        f'name = "tiny-qwen"\nbackend = "hf-causal"\ntasks = ["summarize", "translate"]\npath = "{model_dir}"\n'
        f'[options]\ndtype = "{dtype}"\nn_ctx = 1024\nchunk_tokens = 120\n[generation]\nmax_tokens = {max_tokens}\n',
        encoding="utf-8")
    registry.clear()
    from summarize.backends import hf_causal

    hf_causal.engine.cache_clear()
    return str(card)


def test_chat_streams_what_it_returns(tiny_qwen, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_qwen), "translate")
    seen = []
    [result] = translator.engine.generate([ChatRequest(({"role": "user", "content": "示例公司发布了新产品。"},), 10,
                                                       Call(on_token=seen.append))])
    assert "".join(seen) == result.text
    assert result.completion_tokens == 10 and result.prompt_tokens > 5


def test_translation_through_the_pipeline_is_aligned(tiny_qwen, tmp_path, fixture_path):
    digest = Pipeline.from_cards("extractive", write_card(tmp_path, tiny_qwen)).run(fixture_path("keypoints-top.md"))
    assert len(digest.translation) > 5
    assert [a.id for a in digest.translation] == list(range(len(digest.translation)))
    run = digest.provenance["translator"]["run"]
    assert run["chunks"] >= 2 and run["protect_numbers"] is True
    assert digest.checks.translation_is_gloss is False


def test_noise_key_points_fail_clearly_after_a_retry(tiny_qwen, tmp_path, fixture_path, monkeypatch):
    summarizer = registry.load(write_card(tmp_path, tiny_qwen), "summarize")
    from summarize.ingest import load

    calls = []
    generate = summarizer.engine.generate
    monkeypatch.setattr(summarizer.engine, "generate", lambda requests: calls.append(requests) or generate(requests))
    with pytest.raises(ModelError, match="asked for 3 key points and gave .* after a retry"):
        summarizer.key_points(load(fixture_path("plain.txt")), 3)
    assert len(calls) == 2


def test_fp16_is_refused_on_cpu(tiny_qwen, tmp_path):
    with pytest.raises(ConfigError, match="float16"):
        registry.load(write_card(tmp_path, tiny_qwen, dtype="float16"), "translate")
