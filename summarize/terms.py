"""A user's glossary file (:func:`read_glossary`: TOML, CSV or TSV), and ``summarize terms harvest``: the names
and terms of a whole archive (or of a batch run's digests) with their renderings, how many articles hold each,
and the renderings that conflict, in one reviewable file.

    summarize terms harvest ../shared/data/36kr --out terms.tsv      # an archive: each article's glossary
    summarize terms harvest runs/36kr --out terms.tsv                # a batch run: the glossaries it wrote
    summarize terms harvest digest.json runs/36kr --out terms.tsv    # + names corrected in the web page
    summarize batch ../shared/data/36kr --out runs/36kr --glossary terms.tsv   # corrected: applied everywhere

The file is a glossary (zh, en first; lines starting with # are comments), so once a reader corrects a
rendering, every front reads it with ``--glossary``; a correction re-digests only the articles that hold it.
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from summarize.errors import ConfigError, InputError
from summarize.fsutil import write_out
from summarize.glossary import lexicon_version
from summarize.textutil import json_lines

HEADER = ("# summarize term base: zh<TAB>en<TAB>source<TAB>articles<TAB>other renderings seen. Correct the en "
          "column (or delete a line), then pass this file with --glossary.")


def glossaries(inputs: Iterable[str]) -> Iterator[list[dict]]:
    """Each article's glossary: from a batch run's digests.jsonl, or built from the articles themselves."""
    from summarize.batch.inputs import iter_items  # noqa: PLC0415
    from summarize.pipeline import Pipeline  # noqa: PLC0415
    from summarize.render import to_dict  # noqa: PLC0415

    pipeline = Pipeline.from_cards()
    done: set[Path] = set()  # a run given twice (its folder and its digests.jsonl) is counted once
    for raw in inputs:
        records = Path(raw) / "digests.jsonl" if Path(raw).is_dir() else Path(raw)
        recorded = records.is_file() and records.suffix in (".json", ".jsonl")
        key = (records if recorded else Path(raw)).resolve()
        if key in done:
            continue
        done.add(key)
        if recorded:  # a batch run, or a digest downloaded
            yield from _recorded(records)
            continue
        for item in iter_items([raw]):
            if item.error:
                raise InputError(item.error.split(";")[0], "pass archive folders, files or batch run folders")
            try:
                article = pipeline.ingest(Path(item.source) if item.text is None else item.text)
            except InputError:
                continue  # not an article: nothing to harvest
            yield to_dict(pipeline.run(article))["glossary"]


def check_term_base_out(out: Path, inputs: list[Path]) -> None:
    """Refuse an ``--out`` inside an input folder (a run's digests.jsonl, an article) or an existing file that is
    no term base (a corrected one is replaced only by name: it starts with the term base's header)."""
    place = out.resolve()
    inside = next((p for p in inputs if p.is_dir() and place.is_relative_to(p.resolve())), None)
    if inside is not None:
        raise InputError(f"--out {out} is inside the input {inside}", "write the term base outside the inputs")
    if place.is_file() and not _starts_with(place, HEADER[:24]):
        raise InputError(f"--out {out} exists and is no term base", "pass a new file name, or remove that file")


def _starts_with(path: Path, text: str) -> bool:
    with path.open("rb") as f:  # its head only: the file may be a large archive
        return f.read(len(text.encode())) == text.encode()


def _recorded(path: Path) -> Iterator[list[dict]]:
    """The glossaries of digests written as JSON (one object, as the web page's download) or JSON Lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text", "pass digests written by summarize") from None
    try:
        records = [json.loads(text)] if path.suffix == ".json" else [json.loads(x) for x in json_lines(text)]
    except json.JSONDecodeError as e:
        raise InputError(f"{path} is not a digest in JSON ({e.msg})", "pass digests written by summarize") from None
    for record in records:
        terms = record.get("glossary") if isinstance(record, dict) else None
        if not isinstance(terms, list) or not all(isinstance(t, dict) and isinstance(t.get("zh"), str) and
                                                  isinstance(t.get("en"), str) for t in terms):
            raise InputError(f"{path} holds no digest glossary", "pass digests written by summarize (schema 1.2+)")
        yield [t | {"source": str(t.get("source", "user"))} for t in terms]


def read_glossary(path: Path) -> dict[str, str]:
    """A user glossary file: TOML (``"雷军" = "Lei Jun"``, or a ``[terms]`` table) or CSV/TSV (zh, en)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a CSV with a byte-order mark
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read glossary {path} ({e})", "pass a UTF-8 .toml, .csv or .tsv file") from None
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"glossary {path} is not valid TOML ({e})",
                              'write lines like "雷军" = "Lei Jun" (Chinese keys in quotes)') from None
        data = data.get("terms", data)
        if not isinstance(data, dict):
            raise ConfigError(f"glossary {path}: its terms are not a table", 'write [terms] then "雷军" = "Lei Jun"')
        for k, v in data.items():
            if not isinstance(v, str) or not v.strip():
                what = "is empty" if isinstance(v, str) else f"is not text ({v!r})"
                raise ConfigError(f"glossary {path}: the English for {k!r} {what}",
                                  f'write it in quotes: "{k}" = "English"')
        return {str(k): v for k, v in data.items()}
    return _read_rows(path, text)


def _read_rows(path: Path, text: str) -> dict[str, str]:
    """CSV or TSV rows (zh, en, anything after): tabs in a .tsv file or on a line with tabs and no comma; a
    line of one column is an error that names it, a line starting with # a comment."""
    out = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        tabs = path.suffix.lower() == ".tsv" or ("\t" in line and "," not in line)
        row = next(csv.reader([line], delimiter="\t" if tabs else ","))
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ConfigError(f"glossary {path}, line {number}: {','.join(row)[:40]!r} is not 'Chinese,English'",
                              "write one entry per line: 雷军,Lei Jun (or a tab between them in a .tsv file)")
        out[row[0].strip()] = row[1].strip()
    return out


def harvest(inputs: list[str], out: Path) -> tuple[int, int, int]:
    """Write the term base; returns (articles, terms, terms with conflicting renderings)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    sources: dict[str, str] = {}
    chosen: dict[str, str] = {}  # a reader's correction (source "user") wins over any count
    articles = 0
    for terms in glossaries(inputs):
        articles += 1
        for t in terms:
            seen[t["zh"]][t["en"]] += 1
            if t["source"] == "user":
                chosen[t["zh"]], sources[t["zh"]] = t["en"], "user"
            sources.setdefault(t["zh"], t["source"] + (" (a guess)" if t.get("guess") else ""))
    if not articles:
        raise InputError(f"no article or digest found in {', '.join(map(str, inputs))}",
                         "pass archive folders or files, batch run folders or digests")
    rows = [HEADER, f"# lexicon {lexicon_version()}; {articles} articles"]
    conflicts = 0
    for zh, renderings in sorted(seen.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        en = chosen.get(zh) or renderings.most_common(1)[0][0]
        others = [(o, c) for o, c in renderings.most_common() if o != en]
        conflicts += bool(others)
        rows.append("\t".join([zh, en, sources[zh], str(sum(renderings.values())),
                               "; ".join(f"{o} ({n})" for o, n in others)]))
    write_out(out, "\n".join(rows) + "\n")
    return articles, len(seen), conflicts
