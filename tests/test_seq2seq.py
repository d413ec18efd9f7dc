"""The hf-seq2seq path end to end on a tiny random Marian model built here (its output is noise; the
plumbing is what is tested: loading through a card, batching, chunking, alignment, checks)."""

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("sentencepiece")

from tiny_models import build_tiny_marian

from summarize import registry
from summarize.errors import ModelNotFoundError
from summarize.pipeline import Pipeline

LONG = "，".join(f"第{i}个分句讲的是示例公司的产品和市场" for i in range(1, 30)) + "。"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


def write_card(folder, model_dir, tasks="translate", **options):
    opts = "\n".join(f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in options.items())
    card = folder / f"tiny-{tasks}.toml"
    card.write_text(
        f'name = "tiny-{tasks}"\nbackend = "hf-seq2seq"\ntasks = ["{tasks}"]\npath = "{model_dir}"\n'
        f"[generation]\nmax_new_tokens = 6\nmin_new_tokens = 2\nnum_beams = 1\ndo_sample = false\n"
        f"[options]\n{opts}\n",
        encoding="utf-8",
    )
    registry.clear()
    return str(card)


def test_translation_is_aligned_sentence_by_sentence(tiny_model, tmp_path, fixture_path):
    card = write_card(tmp_path, tiny_model, batch_size=4, max_source_tokens=32)
    digest = Pipeline.from_cards("extractive", card).run(fixture_path("keypoints-top.md"))
    article_sentences = [a.zh for a in digest.translation]
    assert len(digest.translation) == len(article_sentences) > 5
    assert [a.id for a in digest.translation] == list(range(len(digest.translation)))
    assert all(isinstance(a.en, str) and a.en for a in digest.translation)
    assert len(digest.key_points_en) == 3
    assert digest.checks.translation_is_gloss is False
    assert digest.provenance["translator"]["card"] == "tiny-translate"


def test_batches_are_length_sorted_and_within_budget(tiny_model, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_model, batch_size=3, max_source_tokens=24), "translate")
    texts = ["短句。", LONG, "中等长度的一个句子，说明示例公司的产品。", "又一个短句。"]
    result = translator.translate(texts)
    assert len(result.texts) == 4 and all(result.texts)
    batches = result.info["batches"]
    lengths = [n for batch in batches for n in batch]
    assert lengths == sorted(lengths, reverse=True)  # longest first, across batches
    assert max(lengths) <= 24  # the long sentence was cut into pieces that fit
    assert len(lengths) > len(texts)
    assert all(len(b) <= 3 for b in batches)


def test_empty_text_translates_to_empty(tiny_model, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_model), "translate")
    assert translator.translate(["", "示例。"]).texts[0] == ""


def test_seq2seq_summarizer_gives_points_with_sources(tiny_model, tmp_path, fixture_path):
    card = write_card(tmp_path, tiny_model, tasks="summarize", max_source_tokens=48)
    summarizer = registry.load(card, "summarize")
    from summarize.ingest import load

    article = load(fixture_path("keypoints-top.md"))
    points = summarizer.key_points(article, 2).points
    assert 1 <= len(points) <= 2
    ids = {s.id for s in article.sentences}
    assert all(p.text and set(p.source_sentence_ids) <= ids for p in points)


def test_missing_weights_name_card_place_and_remedy(tmp_path):
    card = tmp_path / "gone.toml"
    card.write_text('name = "gone"\nbackend = "hf-seq2seq"\ntasks = ["translate"]\nmodel = "org/gone-model"\n'
                    f'path = "{tmp_path / "nowhere"}"\n', encoding="utf-8")
    registry.clear()
    with pytest.raises(ModelNotFoundError) as err:
        registry.load(str(card), "translate")
    message = str(err.value)
    assert "'gone'" in message and str(tmp_path / "nowhere") in message
    assert "huggingface-cli download org/gone-model" in message


def test_dynamic_int8_card_option(tiny_model, tmp_path):
    translator = registry.load(write_card(tmp_path, tiny_model, quantize="dynamic-int8"), "translate")
    import torch

    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in translator.model.modules())
    assert len(translator.translate(["示例公司发布了新产品。"]).texts) == 1
