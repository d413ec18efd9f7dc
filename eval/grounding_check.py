"""The grounding check (summarize/grounding.py) measured: its catch rate on the table of unsupported points
written for tests/test_grounding.py, its pass rate on that table's supported points, and on the 36kr dev
articles how many points it would replace: the learned ranker's points against their own source sentences,
and the editor's (abstractive) points against the three body sentences most similar to each.

    python eval/grounding_check.py ../shared/data/36kr/articles > eval/results/grounding-check.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_grounding import SUPPORTED, UNSUPPORTED

from summarize.grounding import check
from summarize.ingest import load
from summarize.ranking import tfidf
from summarize.registry import load as load_backend


def nearest(point: str, sentences: list[str], k: int = 3) -> list[str]:
    scores = tfidf([point, *sentences]).dot(0)[1:]
    return [sentences[i] for i in sorted(np.argsort(-scores)[:k])]


def main(folder: Path) -> None:
    caught = sum(not check(p, s).ok for p, s in UNSUPPORTED)
    passed = sum(check(p, s).ok for p, s in SUPPORTED)
    print(f"table: {caught}/{len(UNSUPPORTED)} unsupported points caught ({caught / len(UNSUPPORTED):.0%}); "
          f"{passed}/{len(SUPPORTED)} supported points passed")
    learned = load_backend("extractive-learned", "summarize")
    counts = {"learned": [0, 0], "editor": [0, 0]}
    reasons: dict[str, int] = {}
    for path in sorted(folder.glob("*.md")):
        article = load(path)
        sentences = [s.text for s in article.sentences]
        for p in learned.key_points(article, 3).points:
            counts["learned"][0] += not check(p.text, [sentences[i] for i in p.source_sentence_ids]).ok
            counts["learned"][1] += 1
        for ref in article.reference_points:
            support = check(ref, nearest(ref, sentences))
            counts["editor"][0] += not support.ok
            counts["editor"][1] += 1
            if not support.ok:
                reasons[support.reason.split()[0]] = reasons.get(support.reason.split()[0], 0) + 1
    print(f"36kr dev ({folder}): would replace {counts['learned'][0]}/{counts['learned'][1]} learned-ranker points "
          f"(against their source sentences); {counts['editor'][0]}/{counts['editor'][1]} editor points "
          f"(against their 3 nearest sentences; why: {reasons})")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/36kr/articles"))
