"""The llama-cpp backend on a tiny random Qwen2 written as GGUF here (skipped without the `llama` extra)."""

import pytest

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed: pip install -e '.[llama]'")
pytest.importorskip("gguf", reason="the gguf package writes the test model: pip install -e '.[hf]'")

from tiny_models import build_tiny_gguf, write_tiny_card

from summarize import registry
from summarize.errors import ModelError, ModelNotFoundError
from summarize.llm.engine import ChatRequest
from summarize.pipeline import Pipeline
from summarize.stages import Call


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory):
    return build_tiny_gguf(tmp_path_factory.mktemp("tiny-gguf"))


def write_card(folder, gguf_path):
    card = write_tiny_card(folder, gguf_path, "tiny-llama", "llama-cpp", n_ctx=1024, chunk_tokens=120)
    registry.clear()
    from summarize.backends import llama_cpp

    llama_cpp.engine.cache_clear()
    return card


def test_chat_streams_and_counts(tiny_gguf, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_gguf), "translate")
    seen = []
    [result] = translator.engine.generate([ChatRequest(({"role": "user", "content": "示例公司发布了新产品。"},), 8,
                                                       Call(on_token=seen.append))])
    assert "".join(seen) == result.text
    assert translator.engine.count_tokens("示例公司") > 0
    assert result.seconds > 0 and result.completion_tokens > 0


def test_translation_through_the_pipeline_is_aligned(tiny_gguf, tmp_path, fixture_path):
    digest = Pipeline.from_cards("extractive", write_card(tmp_path, tiny_gguf)).run(fixture_path("plain.txt"))
    assert [a.id for a in digest.translation] == [0, 1, 2]
    assert digest.provenance["translator"]["backend"] == "llama-cpp"


def test_noise_key_points_fail_clearly(tiny_gguf, tmp_path, fixture_path):
    summarizer = registry.load(write_card(tmp_path, tiny_gguf), "summarize")
    from summarize.ingest import load

    with pytest.raises(ModelError, match="after a retry"):
        summarizer.key_points(load(fixture_path("plain.txt")), 3)


def test_missing_gguf_says_how_to_install(tmp_path):
    card = tmp_path / "gone.toml"
    card.write_text('name = "gone"\nbackend = "llama-cpp"\ntasks = ["translate"]\n[options]\nfilename = "x.gguf"\n'
                    '[install]\npackage = "x{i}"\nparts = 1\nmember = "m"\nsize = 1\nsha256 = "0"\n', encoding="utf-8")
    registry.clear()
    with pytest.raises(ModelNotFoundError, match="summarize models install gone"):
        registry.load(str(card), "translate")


def test_a_grammar_keeps_every_cjk_token_out_of_a_random_model(tiny_gguf, tmp_path):
    from summarize.llm.grammars import english_grammar
    from summarize.textutil import has_cjk

    translator = registry.load(write_card(tmp_path, tiny_gguf), "translate")
    message = ({"role": "user", "content": "示例公司发布了新产品。"},)
    free, constrained = translator.engine.generate([ChatRequest(message, 48), ChatRequest(message, 48, grammar=english_grammar())])
    assert constrained.completion_tokens > 0 and not has_cjk(constrained.text) and "\n" not in constrained.text
    assert free.text != constrained.text


def test_token_counts_are_llama_cpps_own_and_a_shared_prefix_is_reused(tiny_gguf, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_gguf), "translate")
    system = {"role": "system", "content": "你是一名翻译。" * 20}
    first, second = translator.engine.generate([
        ChatRequest((system, {"role": "user", "content": "第一句话。"}), 4),
        ChatRequest((system, {"role": "user", "content": "第二句话。"}), 4)])
    assert first.evaluated_prompt_tokens > 40 and first.completion_tokens > 0
    assert second.reused_prompt_tokens > 40  # the system prompt's tokens were not evaluated again
    assert second.evaluated_prompt_tokens < first.evaluated_prompt_tokens


def test_the_grounded_card_replaces_what_its_sources_do_not_support(tiny_gguf, tmp_path, fixture_path):
    from summarize.ingest import load

    card = tmp_path / "grounded.toml"
    card.write_text(f'name = "tiny-grounded"\nbackend = "llama-cpp-grounded"\ntasks = ["summarize"]\n'
                    f'path = "{tiny_gguf}"\n[options]\nn_ctx = 1024\n[generation]\nmax_tokens = 16\n', encoding="utf-8")
    result = registry.load(str(card), "summarize").key_points(load(fixture_path("keypoints-top.md")), 3)
    assert len(result.points) == 3 and result.info["grounded"] is True  # a random model's noise: points replaced
    assert all(p.source_sentence_ids for p in result.points)
