"""The archive-wide term base: harvested into one reviewable file, corrected by a reader, applied by every
front; a correction re-digests only the articles that hold it."""

import os

from test_batch import batch, lines

from summarize.cli import main
from summarize.terms import read_glossary


def archive(folder):
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: 甲\n---\n张小帆表示，星河公司与小米达成合作。市场反应很好。\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: 乙\n---\n小米发布了新手机。销量增长很快。\n", encoding="utf-8")
    (folder / "c.md").write_text("---\ntitle: 丙\n---\n张小帆再次表示，公司会继续投入。分析人士表示乐观。\n", encoding="utf-8")
    return folder


def test_harvest_writes_every_name_with_its_rendering_and_count(tmp_path):
    assert main(["terms", "harvest", str(archive(tmp_path / "in")), "--out", str(tmp_path / "terms.tsv")]) == 0
    rows = {r.split("\t")[0]: r.split("\t") for r in (tmp_path / "terms.tsv").read_text(encoding="utf-8").splitlines()
            if not r.startswith("#")}
    assert rows["小米"][1:4] == ["Xiaomi", "lexicon", "2"]
    assert rows["张小帆"][1:4] == ["Zhang Xiaofan", "pinyin (a guess)", "2"]
    assert read_glossary(tmp_path / "terms.tsv")["小米"] == "Xiaomi"  # the file is a glossary as it stands


def test_an_input_given_twice_is_counted_once(tmp_path):
    folder = archive(tmp_path / "in")
    assert main(["terms", "harvest", str(folder), str(folder) + "/", "--out", str(tmp_path / "terms.tsv")]) == 0
    text = (tmp_path / "terms.tsv").read_text(encoding="utf-8")
    assert "; 3 articles" in text and "\t".join(["小米", "Xiaomi", "lexicon", "2"]) in text


def test_a_corrected_term_base_is_applied_and_re_digests_only_the_articles_it_touches(tmp_path):
    folder, terms = archive(tmp_path / "in"), tmp_path / "terms.tsv"
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(tmp_path / "cache"))
    assert main(["terms", "harvest", str(folder), "--out", str(terms)]) == 0
    assert batch(str(folder), "--out", str(tmp_path / "one"), "--glossary", str(terms), env=env).returncode == 0
    terms.write_text(terms.read_text(encoding="utf-8").replace("Zhang Xiaofan", "Sean Zhang"), encoding="utf-8")
    assert batch(str(folder), "--out", str(tmp_path / "two"), "--glossary", str(terms), env=env).returncode == 0
    cached = {m["id"]: m["cached"] for m in lines(tmp_path / "two" / "manifest.jsonl")}
    assert cached == {"a": False, "b": True, "c": False}  # b does not name him
    english = {d["id"]: " ".join(t["en"] for t in d["translation"]) for d in lines(tmp_path / "two" / "digests.jsonl")}
    assert "Sean Zhang" in english["a"] and "Sean Zhang" in english["c"] and "Xiaofan" not in english["a"]


def test_a_name_corrected_in_a_digest_goes_into_the_term_base_and_wins(tmp_path):
    import json

    from summarize.config import RunConfig
    from summarize.pipeline import Pipeline
    from summarize.render import to_dict

    folder = archive(tmp_path / "in")
    corrected = Pipeline.from_config(RunConfig.build("web", translator="gloss", glossary={"张小帆": "Sean Zhang"}))
    download = tmp_path / "digest.json"  # what the web page's JSON download holds after a correction
    download.write_text(json.dumps(to_dict(corrected.run(folder / "a.md"))), encoding="utf-8")
    assert main(["terms", "harvest", str(folder), str(download), "--out", str(tmp_path / "terms.tsv")]) == 0
    row = next(r for r in (tmp_path / "terms.tsv").read_text(encoding="utf-8").splitlines() if r.startswith("张小帆"))
    assert row.split("\t")[1:3] == ["Sean Zhang", "user"] and "Zhang Xiaofan (2)" in row  # the guess, kept as seen


def test_harvest_never_writes_over_an_input_or_a_file_that_is_no_term_base(tmp_path, capsys):
    folder = archive(tmp_path / "in")
    before = (folder / "a.md").read_text(encoding="utf-8")
    assert main(["terms", "harvest", str(folder), "--out", str(folder / "a.md")]) == 2  # inside the input
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["terms", "harvest", str(folder), "--out", str(tmp_path / "notes.txt")]) == 2
    assert (folder / "a.md").read_text(encoding="utf-8") == before
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    for _ in range(2):  # a term base written before is replaced
        assert main(["terms", "harvest", str(folder), "--out", str(tmp_path / "terms.tsv")]) == 0
    (tmp_path / "empty").mkdir()
    assert main(["terms", "harvest", str(tmp_path / "empty"), "--out", str(tmp_path / "t2.tsv")]) == 2
    (tmp_path / "bad.jsonl").write_text('{"glossary": [{"zh": "x"}]}\n', encoding="utf-8")
    assert main(["terms", "harvest", str(tmp_path / "bad.jsonl"), "--out", str(tmp_path / "t3.tsv")]) == 2
    err = capsys.readouterr().err
    assert "inside the input" in err and "is no term base" in err and "no article or digest" in err
    assert "holds no digest glossary" in err and not (tmp_path / "t2.tsv").exists()
