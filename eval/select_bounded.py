"""The sentence pairs of translation JSONL files whose Chinese bounds a number after a measure word (60岁以上,
3000人以上, 3个多月), as one JSONL file for `summarize eval --data` (a suite of the rare case, written to /tmp: the
data stays in shared/).

    python eval/select_bounded.py ../shared/data/translation/*.jsonl --out /tmp/measure-bounds.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarize.bounds import zh_bounds
from summarize.textutil import json_lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", type=Path, nargs="+", help="JSONL files with id, zh, en")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args()
    rows = []
    for path in sorted(args.data):
        for line in json_lines(path.read_text(encoding="utf-8")):
            row = json.loads(line)
            if row.get("zh") and any(b.measure for b in zh_bounds(row["zh"])):
                rows.append(row)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} pairs with a bound after a measure word → {args.out}")


if __name__ == "__main__":
    main()
