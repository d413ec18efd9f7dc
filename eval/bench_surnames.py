"""The pinyin names the glossary finds with and without the less common surnames (glossary.LESS_COMMON_SURNAMES),
on every text of the given files (JSONL: each string field of 20 characters or more, the first --limit records;
Markdown: the file), so that a reader can judge each added name.

    python eval/bench_surnames.py ../shared/data/translation/*.jsonl ../shared/data/36kr/articles/*.md \
        ../shared/data/36kr/flashes/*.md ../shared/data/lcsts/*.jsonl --out eval/results/surnames.txt
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from pathlib import Path

from report import emit, signature

from summarize import glossary


def texts(paths: list[Path], limit: int) -> list[str]:
    out = []
    for path in paths:
        if path.suffix != ".jsonl":
            out.append(path.read_text(encoding="utf-8"))
            continue
        with path.open(encoding="utf-8") as f:
            for line in itertools.islice(f, limit):
                out += [v for v in json.loads(line).values() if isinstance(v, str) and len(v) >= 20]
    return out


def pinyin_names(corpus: list[str]) -> Counter:
    return Counter((t.zh, t.en) for text in corpus for t in glossary.build_from_text(text) if t.source == "pinyin")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("--limit", type=int, default=20000, help="records read of each JSONL file")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    corpus = texts(args.files, args.limit)
    less = set(glossary.LESS_COMMON_SURNAMES)
    glossary.LESS_COMMON_SURNAMES.clear()
    before = pinyin_names(corpus)
    glossary.LESS_COMMON_SURNAMES.update(less)
    after = pinyin_names(corpus)
    added = sorted(k for k in after if k not in before)
    lost = sorted(k for k in before if k not in after)
    lines = [f"{len(corpus)} texts of {len(args.files)} files; pinyin names {len(before)} with the hundred common "
             f"surnames, {len(after)} with the less common ones too: {len(added)} added, {len(lost)} lost", "",
             "added (name = its pinyin, texts it is in):",
             *(f"  {zh} = {en} ({after[zh, en]})" for zh, en in added),
             *(["lost:", *(f"  {zh} = {en}" for zh, en in lost)] if lost else []), "", signature()]
    emit(lines, args.out)


if __name__ == "__main__":
    main()
