"""The learned ranker: `summarize train` on pairs written here, its model file and card, the shipped
default, and the bullets it makes."""

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from summarize.bullets import same_point
from summarize.cards import load_card
from summarize.cli import main
from summarize.errors import ConfigError, InputError
from summarize.ingest import parse
from summarize.learn.model import Ranker
from summarize.registry import load

COMPANIES = ["星河科技", "蓝鲸智能", "青松医疗", "远山汽车", "白云物流", "长风能源", "金穗农业", "明月教育"]
ROUNDS = ["A轮", "B轮", "C轮", "天使轮", "战略"]


def post(rng: random.Random, k: int) -> dict:
    """A short news post whose summary is the first clause of its second sentence (not the first)."""
    name, other = rng.sample(COMPANIES, 2)
    money, year = rng.randint(2, 90), rng.randint(2010, 2020)
    document = (f"日前，记者从业内人士处了解到相关消息，{name}的动态引发行业关注。"
                f"{name}宣布完成{money}亿元{rng.choice(ROUNDS)}融资，由{other}领投，老股东继续跟投。"
                f"{name}成立于{year}年，总部位于示例市。创始人表示，资金将主要用于研发和市场拓展。")
    return {"id": f"post-{k}", "document": document, "summary": f"{name}完成{money}亿元融资"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("train")
    rng = random.Random(5)
    data = folder / "pairs.jsonl"
    data.write_text("".join(json.dumps(post(rng, k), ensure_ascii=False) + "\n" for k in range(60)), encoding="utf-8")
    out = folder / "out"
    assert main(["train", "--data", f"{data}[0:50]", "--out", str(out), "--name", "mine", "--folds", "2",
                 "--quiet"]) == 0
    return data, out


def test_train_writes_a_small_model_its_checksum_a_card_and_a_report(trained):
    data, out = trained
    model = out / "mine.json"
    assert model.stat().st_size < 1_000_000
    assert (out / "mine.json.sha256").read_text().strip() == hashlib.sha256(model.read_bytes()).hexdigest()
    card = load_card(str(out / "mine.toml"))
    assert card.backend == "learned" and card.name == "mine"
    training = Ranker.load(model).training
    assert training["documents"] == 50 and training["shapes"] == {"summary": 50}
    assert training["data"][0]["range"] == [0, 50] and len(training["data_signature"]) == 16
    assert {"numpy", "scikit-learn", "python"} <= set(training["versions"]) and training["settings"]["seed"] == 13
    report = (out / "mine-training.md").read_text()
    assert "References found per shape" in report and "| summary | 50 |" in report


def test_training_is_reproducible(trained, tmp_path):
    data, out = trained
    assert main(["train", "--data", f"{data}[0:50]", "--out", str(tmp_path), "--name", "mine", "--folds", "2",
                 "--quiet"]) == 0
    assert (tmp_path / "mine.json").read_bytes() == (out / "mine.json").read_bytes()


def test_the_trained_card_learns_where_the_point_is(trained):
    data, out = trained
    summarizer = load(load_card(str(out / "mine.toml")), "summarize")
    held_out = [json.loads(line) for line in data.read_text().splitlines()[50:]]
    for row in held_out:
        article = parse(row["document"], article_id=row["id"])
        (point,) = summarizer.key_points(article, 1).points
        assert point.source_sentence_ids == (1,)  # the funding sentence, not the lead
        assert row["summary"][:4] in point.text and "领投" not in point.text  # its first clause only


def test_a_set_too_small_is_refused_with_what_was_found(trained, tmp_path):
    data, _ = trained
    with pytest.raises(InputError, match=r"too little to learn from: 10 documents with references \(10 summary\)"):
        main(["--debug", "train", "--data", f"{data}[0:10]", "--out", str(tmp_path), "--quiet"])


@pytest.mark.parametrize(("args", "message"), [(["--folds", "1"], "at least 2 folds"),
                                             (["--name", "../evil"], "not a plain card name"),
                                             (["--seed", "-5"], "--seed -5 is out of range")])
def test_settings_that_cannot_train_are_refused_before_any_work(trained, tmp_path, args, message):
    data, _ = trained
    with pytest.raises(ConfigError, match=message):
        main(["--debug", "train", "--data", f"{data}[0:50]", "--out", str(tmp_path / "o"), "--quiet", *args])
    assert not (tmp_path / "o").exists() and not (tmp_path / "evil.json").exists()


def test_an_out_that_is_a_file_is_refused_before_training(trained, tmp_path, monkeypatch):
    data, _ = trained
    (tmp_path / "o").write_text("mine", encoding="utf-8")
    monkeypatch.setattr("summarize.learn.dataset.read_sources", lambda *a: pytest.fail("trained before refusing"))
    with pytest.raises(InputError, match="is a file, not a folder"):
        main(["--debug", "train", "--data", f"{data}[0:50]", "--out", str(tmp_path / "o"), "--quiet"])
    assert (tmp_path / "o").read_text(encoding="utf-8") == "mine"


def test_documents_of_one_sentence_each_are_too_little_to_rank(tmp_path):
    data = tmp_path / "one.jsonl"
    data.write_text("".join(json.dumps({"document": f"示例公司第{k}季度营收增长了{k}成。", "summary": f"营收增长{k}成"},
                                       ensure_ascii=False) + "\n" for k in range(1, 60)), encoding="utf-8")
    with pytest.raises(InputError, match="too little to learn from"):  # every sentence chosen: nothing to rank
        main(["--debug", "train", "--data", str(data), "--out", str(tmp_path / "o"), "--quiet"])


def test_exported_trees_predict_what_scikit_learn_predicts():
    from sklearn.ensemble import HistGradientBoostingRegressor

    from summarize.learn.trees import Trees

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 5))
    y = 2 * x[:, 0] + np.sin(3 * x[:, 1]) + (x[:, 2] > 0.5)
    model = HistGradientBoostingRegressor(max_iter=40, early_stopping=False, random_state=0).fit(x, y)
    trees = Trees.from_dict(json.loads(json.dumps(Trees.from_sklearn(model).to_dict())))
    assert np.allclose(trees.score(x), model.predict(x), atol=1e-5)


def test_the_shipped_card_is_small_checked_and_runs_on_numpy_alone():
    card = load_card("extractive-learned")
    model = Path(card.file).parent / card.path
    assert card.backend == "learned" and model.stat().st_size < 1_000_000
    assert (model.parent / "extractive-learned.json.sha256").read_text().strip() == \
        hashlib.sha256(model.read_bytes()).hexdigest()
    code = ("import sys; from summarize.registry import load; from summarize.ingest import parse\n"
            "s = load('extractive-learned', 'summarize')\n"
            "print(len(s.key_points(parse('营收增长两成，利润翻倍。公司明年将在示例市建设新工厂。'), 1).points))\n"
            "assert 'sklearn' not in sys.modules and 'torch' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "1", proc.stderr[-1500:]


def test_learned_points_are_short_distinct_bullets_from_their_sentences(fixture_path):
    from summarize.ingest import load as load_article

    article = load_article(fixture_path("keypoints-top.md"))
    points = load("extractive-learned", "summarize").key_points(article, 4).points
    texts = {s.id: s.text for s in article.sentences}
    assert len(points) == 4
    assert [p.source_sentence_ids for p in points] == sorted(p.source_sentence_ids for p in points)
    for k, p in enumerate(points):
        assert len(p.text) <= 60
        (sid,) = p.source_sentence_ids
        assert p.text.rstrip("。")[:6] in texts[sid]
        assert not any(same_point(p.text, q.text) for q in points[k + 1:])


@pytest.mark.parametrize("front", ["run", "web", "batch", "eval", "python"])
def test_every_front_takes_its_key_points_from_the_learned_ranker_unless_told_otherwise(front):
    from summarize.config import RunConfig

    assert RunConfig.build(front).summarizer.name == "extractive-learned"
    assert RunConfig.build(front, summarizer="extractive").summarizer.name == "extractive"


def test_the_web_page_opens_with_the_learned_ranker_picked():
    from summarize.config import DEFAULT_SUMMARIZER
    from summarize.web.menus import card_menus

    menus = card_menus()
    assert menus.defaults["summarize"] == DEFAULT_SUMMARIZER
    assert menus.offer("summarize", DEFAULT_SUMMARIZER).label == "extractive-learned (instant)"


def test_a_figure_reference_is_a_stigma_and_a_statement_of_the_point_a_bonus():
    from summarize.learn.features import SENTENCE_FEATURES, sentence_matrix

    article = parse("本文介绍了示例公司的新芯片。如图2所示，芯片分为三层。公司明年将量产这款芯片。")
    rows, _ = sentence_matrix(article, list(article.sentences))
    bonus, stigma = SENTENCE_FEATURES.index("bonus"), SENTENCE_FEATURES.index("stigma")
    assert rows[0, bonus] > 0 and rows[0, stigma] == 0
    assert rows[1, stigma] > 0 and rows[1, bonus] == 0
    assert rows[2, bonus] == rows[2, stigma] == 0
