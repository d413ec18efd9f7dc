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


GGUF_NAMES = {  # Qwen2 tensor names in transformers → llama.cpp
    "model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
    "input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight", "self_attn.q_proj.bias": "attn_q.bias",
    "self_attn.k_proj.weight": "attn_k.weight", "self_attn.k_proj.bias": "attn_k.bias",
    "self_attn.v_proj.weight": "attn_v.weight", "self_attn.v_proj.bias": "attn_v.bias",
    "self_attn.o_proj.weight": "attn_output.weight", "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight",
}


def build_tiny_gguf(folder: Path) -> Path:
    """The tiny Qwen2 written as a GGUF file (F32) that llama.cpp loads, tokenizer and chat template included."""
    import gguf
    from transformers import AutoTokenizer, Qwen2ForCausalLM

    model_dir = build_tiny_qwen2(folder)
    model = Qwen2ForCausalLM.from_pretrained(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    cfg = model.config
    path = folder / "tiny-qwen2.gguf"
    w = gguf.GGUFWriter(str(path), "qwen2")
    w.add_context_length(cfg.max_position_embeddings)
    w.add_embedding_length(cfg.hidden_size)
    w.add_block_count(cfg.num_hidden_layers)
    w.add_feed_forward_length(cfg.intermediate_size)
    w.add_head_count(cfg.num_attention_heads)
    w.add_head_count_kv(cfg.num_key_value_heads)
    w.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    w.add_rope_freq_base(cfg.rope_theta if hasattr(cfg, "rope_theta") else 10000.0)
    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    vocab = sorted(spec["model"]["vocab"].items(), key=lambda kv: kv[1])
    specials = {t["id"] for t in spec["added_tokens"]}
    merges = [m if isinstance(m, str) else " ".join(m) for m in spec["model"]["merges"]]
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("qwen2")
    w.add_token_list([t for t, _ in vocab])
    w.add_token_types([gguf.TokenType.CONTROL if i in specials else gguf.TokenType.NORMAL for _, i in vocab])
    w.add_token_merges(merges)
    w.add_bos_token_id(tokenizer.pad_token_id)
    w.add_eos_token_id(tokenizer.eos_token_id)
    w.add_pad_token_id(tokenizer.pad_token_id)
    w.add_add_bos_token(False)
    w.add_chat_template(CHAT_TEMPLATE)
    for name, tensor in model.state_dict().items():
        if name == "lm_head.weight":
            continue  # tied to the embeddings
        short = name.split(".", 3)[-1] if name.startswith("model.layers.") else name
        layer = f"blk.{name.split('.')[2]}." if name.startswith("model.layers.") else ""
        w.add_tensor(layer + GGUF_NAMES[short], tensor.float().numpy())
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def write_tiny_card(folder: Path, gguf_path: Path, name: str, backend: str, max_tokens: int = 8, **options) -> str:
    """A card for the tiny GGUF (its path given), with these ``[options]`` and ``max_tokens`` per answer."""
    lines = "".join(f"{k} = {v}\n" for k, v in options.items())
    card = folder / f"{name}.toml"
    card.write_text(f'name = "{name}"\nbackend = "{backend}"\ntasks = ["summarize", "translate"]\n'
                    f'path = "{gguf_path}"\n[options]\n{lines}[generation]\nmax_tokens = {max_tokens}\n', encoding="utf-8")
    return str(card)
