"""Seq2seq translation speed: batching across articles, and CPU number formats, measured in one run.

    python eval/bench_seq2seq.py ../shared/data/36kr

1. The 36kr articles through extractive + a tiny random Marian translator (built here, as in the tests):
   sentences/s with articles grouped into one translation call versus one article at a time.
2. A random Marian the size of opus-mt-zh-en (d_model 512, 6+6 layers, 65,001 tokens): generated target
   tokens/s at batch 16 in fp32, bf16, and fp32 with dynamic int8 Linear layers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from summarize.stages import NO_CALL


def cross_article(data: Path, folder: Path, groups: tuple[tuple[int, int], ...] = ((16, 16), (32, 32), (32, 64),
                                                                               (64, 64))) -> None:
    from tiny_models import build_tiny_marian

    from summarize.ingest import load
    from summarize.pipeline import Pipeline

    model = build_tiny_marian(folder / "tiny")
    card = folder / "tiny.toml"
    card.write_text(f'name = "tiny"\nbackend = "hf-seq2seq"\ntasks = ["translate"]\npath = "{model}"\n'
                    "[generation]\nmax_new_tokens = 16\nmin_new_tokens = 16\nnum_beams = 1\n"
                    "[options]\nbatch_size = 16\nmax_source_tokens = 64\n", encoding="utf-8")
    pipeline = Pipeline.from_cards("extractive", str(card))
    timed = TimedTranslator(pipeline.translator)
    pipeline.translator = timed
    pipeline.digest(load(next((data / "articles").glob("*.md"))))  # warm-up
    print("tiny Marian (16 new tokens, greedy), extractive key points; sentences/s of the translation step "
          "(and of whole digests); one article at a time with batch_size 16 (a flash has ~7 texts)")
    for kind in ("flashes", "articles"):
        articles = [load(p) for p in sorted((data / kind).glob("*.md"))]
        sentences = sum(len(a.sentences) + 1 + 3 for a in articles)  # title, 3 points, body
        rows = [("one article at a time", 1, 16)] + [(f"{g} articles, batch {b}", g, b) for g, b in groups]
        rows.append(("one at a time, batch 64", 1, 64))  # what a bigger batch alone gives, without grouping
        base = None
        print(f"  {kind}: {len(articles)} articles, {sentences} texts to translate")
        for label, group, batch_size in rows:
            timed.inner.batch_size = batch_size
            timed.seconds = 0.0
            start = time.perf_counter()
            for i in range(0, len(articles), group):
                pipeline.run_many(articles[i:i + group])
            whole = time.perf_counter() - start
            base = base or timed.seconds
            print(f"    {label:>22}: {sentences / timed.seconds:7.1f} sentences/s translating "
                  f"({base / timed.seconds:.1f}x), {sentences / whole:7.1f} whole")


class TimedTranslator:
    """The translator, with the seconds spent in it counted."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds = inner, 0.0
        self.card, self.is_gloss = inner.card, inner.is_gloss

    def translate(self, texts, call=NO_CALL):
        start = time.perf_counter()
        try:
            return self.inner.translate(texts, call)
        finally:
            self.seconds += time.perf_counter() - start


def formats(batch: int = 16, source_len: int = 32, new_tokens: int = 64) -> None:
    import torch
    from transformers import MarianConfig, MarianMTModel

    from summarize.backends.hf_seq2seq import quantize_dynamic_int8

    torch.manual_seed(0)
    config = MarianConfig(vocab_size=65001, d_model=512, encoder_layers=6, decoder_layers=6,
                          encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
                          decoder_ffn_dim=2048, pad_token_id=65000, eos_token_id=0, decoder_start_token_id=65000)
    base = MarianMTModel(config).eval()
    ids = torch.randint(1, 64000, (batch, source_len))
    variants = {"fp32": base, "bf16": MarianMTModel(config).to(torch.bfloat16).eval(),
                "dynamic int8": quantize_dynamic_int8(torch, MarianMTModel(config).eval())}
    print(f"random Marian of opus-mt-zh-en size, batch {batch}, {new_tokens} target tokens each, "
          f"{torch.get_num_threads()} threads:")
    for name, model in variants.items():
        with torch.inference_mode():
            model.generate(input_ids=ids[:2], max_new_tokens=4, min_new_tokens=4, num_beams=1)  # warm-up
            start = time.perf_counter()
            model.generate(input_ids=ids, max_new_tokens=new_tokens, min_new_tokens=new_tokens, num_beams=1)
            seconds = time.perf_counter() - start
        print(f"  {name:>12}: {batch * new_tokens / seconds:.0f} target tokens/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cross_article(args.data, Path(tmp))
    formats()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
