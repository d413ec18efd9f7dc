"""Tiny random seq2seq models built by the tests themselves: a sentencepiece model trained on text the
project writes, and a random MarianConfig small enough to run in milliseconds."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS_ZH = [
    "示例公司今年推出了三款新产品，销售额达到二十亿元。",
    "研究团队表示，新的算法把训练时间缩短了一半。",
    "这家初创企业在北京和上海设有办公室，员工超过三百人。",
    "分析人士认为，市场需求将在明年继续增长。",
    "该平台的月活跃用户已经突破一亿。",
    "公司创始人说，他们会把更多资金投入研发。",
]
CORPUS_EN = [
    "The example company launched three new products this year.",
    "The research team said the new algorithm halves training time.",
    "Analysts expect demand to keep growing next year.",
    "The platform has more than one hundred million monthly users.",
]


def build_tiny_marian(folder: Path, vocab_size: int = 150) -> Path:
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    corpus = (CORPUS_ZH + CORPUS_EN) * 20
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_prefix=str(folder / "spm"), vocab_size=vocab_size,
        character_coverage=1.0, model_type="unigram", pad_id=3, pad_piece="<pad>", minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(folder / "spm.model"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes((folder / "spm.model").read_bytes())
    tokenizer = MarianTokenizer(source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"),
                                vocab=str(folder / "vocab.json"), model_max_length=64)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=3, eos_token_id=2, decoder_start_token_id=3, forced_eos_token_id=2,
    )
    model_dir = folder / "model"
    MarianMTModel(config).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    return model_dir


CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tiny_qwen2(folder: Path) -> Path:
    """A random 1-layer Qwen2 with a byte-level BPE tokenizer trained here and a ChatML chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    folder.mkdir(parents=True, exist_ok=True)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator((CORPUS_ZH + CORPUS_EN) * 5, trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                        additional_special_tokens=specials[1:2])
    tokenizer.chat_template = CHAT_TEMPLATE
    config = Qwen2Config(vocab_size=bpe.get_vocab_size(), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=1024,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                         tie_word_embeddings=True)
    model_dir = folder / "model"
    Qwen2ForCausalLM(config).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    return model_dir
