"""How faithful the English of a batch run is: Chinese left, repairs, names, numbers, alignment.

    summarize batch ../shared/data/36kr/articles --out OUT --summarizer CARD --translator CARD
    python eval/bench_faithful.py OUT/digests.jsonl [--out FILE]

Per run: English fields that still hold Chinese (target 0), Chinese spans repaired per 100 sentences (target
≤ 2: repair is the last resort), persons' names the model misspelt and the digest respelt, glossary entries missing from an English field whose source has them (one
name one way), numbers in the English with no source, and the translator's own counts (lines asked again
because they were shifted or missing, or for their names).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from report import emit, signature

from summarize.data import Term
from summarize.faithful import misspellings
from summarize.textutil import json_lines


def other_spellings(d: dict) -> int:
    """Persons' names of the glossary an English field of digest ``d`` writes another way, as respelling sees
    them (a misspelling left where two near spellings made it unsure which to replace)."""
    glossary = [Term(t["zh"], t["en"], t["source"], t["guess"], t["kind"], tuple(t.get("aliases", ())))
                for t in d["glossary"]]
    fields = [(d["title"], d["title_en"]), *((a["zh"], a["en"]) for a in d["translation"]),
              *zip(d["reference_points"], d["reference_points_en"])]
    return sum(len(misspellings(en, zh, glossary)) for zh, en in fields)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("digests", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    digests = [json.loads(line) for line in json_lines(args.digests.read_text(encoding="utf-8"))]
    sentences = sum(len(d["translation"]) for d in digests)
    count = Counter()
    for d in digests:
        checks, run = d["checks"], d["provenance"]["translator"].get("run", {})
        count["cjk_fields"] += len(checks["cjk_in_english"])
        kinds = Counter(r.get("kind") or ("name" if r.get("was") else "chinese") for r in checks["repaired"])
        count["repairs"], count["respelt"] = count["repairs"] + kinds["chinese"], count["respelt"] + kinds["name"]
        count["currency"] += kinds["currency"]
        count["names_checked"] += checks["names"]["checked"]
        count["names_missing"] += len(checks["names"]["missing"])
        count["numbers_checked"] += checks["numbers"]["checked"]
        count["numbers_unmatched"] += len(checks["numbers"]["unmatched"])
        bounds = checks.get("bounds", {"checked": 0, "dropped": []})  # digests of schema 1.4 on
        count["bounds_checked"] += bounds["checked"]
        count["bounds_dropped"] += len(bounds["dropped"])
        count["realigned"] += run.get("realigned", 0)
        count["retried"] += run.get("retried_one_by_one", 0)
        for key in ("names_asked_again", "names_sampled", "names_fixed"):
            count[key] += run.get(key, 0)
        count["ok"] += bool(checks["ok"])
        count["other_spellings"] += other_spellings(d)
    cards = sorted({f"{d['provenance']['summarizer']['card']} + {d['provenance']['translator']['card']}"
                    for d in digests})
    lines = [f"faithful English: {len(digests)} digests, {sentences} sentences ({args.digests})",
             f"  English fields with Chinese left: {count['cjk_fields']} (target 0)",
             f"  Chinese spans repaired: {count['repairs']} = {100 * count['repairs'] / max(1, sentences):.2f} per 100 "
             "sentences (target <= 2)",
             f"  persons' names the model misspelt, written as the glossary says: {count['respelt']}",
             f"  figures the model wrote in another currency, written in the source's: {count['currency']}",
             f"  persons' names written another way in the digest (a near spelling left in a field that lacks the name): "
             f"{count['other_spellings']}",
             f"  glossary names missing from their English: {count['names_missing']} of {count['names_checked']} checked",
             f"  numbers with no match: {count['numbers_unmatched']} of {count['numbers_checked']} checked",
             f"  bounded numbers (超过, 不足, 30多) written without their bound: {count['bounds_dropped']} of "
             f"{count['bounds_checked']} checked",
             f"  lines asked again: {count['realigned']} shifted, {count['retried']} missing or with Chinese, one by one",
             f"  lines asked again for their names: {count['names_asked_again']} ({count['names_sampled']} of them "
             f"sampled after the first ask); lines whose names came back: {count['names_fixed']}",
             f"  digests with every check passing: {count['ok']} of {len(digests)}",
             signature(*cards)]
    emit(lines, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
