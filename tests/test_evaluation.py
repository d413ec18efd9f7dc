"""`summarize eval`: data loading with bad records, baselines, bootstrap, reports with signatures."""

import json
import subprocess
import sys

import pytest

from summarize.errors import InputError
from summarize.evaluation.data import load_records
from summarize.evaluation.scores import paired_bootstrap
from summarize.evaluation.variants import oracle, summarization_variant
from summarize.ingest import load
from summarize.metrics import char_tokens, rouge_l

DOCS = [
    {"id": "a", "document": "示例公司今天发布了新产品。产品售价为三千元。市场反应良好。", "summary": "示例公司发布新产品"},
    {"id": "b", "document": "研究团队发现了新的算法。训练时间缩短了一半。成本也下降了。", "summary": "新算法让训练时间减半"},
    {"id": "c", "document": "该平台月活跃用户突破一亿。广告收入同比增长30%。", "summary": "平台月活破亿，广告收入增30%"},
]


def write_jsonl(path, rows, extra_lines=()):
    path.write_text("\n".join([json.dumps(r, ensure_ascii=False) for r in rows] + list(extra_lines)) + "\n",
                    encoding="utf-8")
    return path


def test_bad_records_are_skipped_and_counted(tmp_path):
    rows = [*DOCS, {"id": "d", "document": "没有摘要。"}, {"id": "e", "document": "空的。", "summary": " "}]
    data = load_records(str(write_jsonl(tmp_path / "d.jsonl", rows, ["{not json"])))
    assert [r.id for r in data.records] == ["a", "b", "c"]
    assert data.skipped == {"missing field 'summary'": 1, "empty document or reference": 1, "not JSON": 1}


def test_text_holding_line_separators_a_bom_non_objects_and_repeated_ids_are_read_as_written(tmp_path):
    rows = [{"id": "a", "document": "示例公司发布了\u2028新产品。", "summary": "新\x85产品"}, *DOCS[1:], DOCS[1]]
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join([*(json.dumps(r, ensure_ascii=False) for r in rows), "null", "42"])
                     .encode("utf-8"))
    data = load_records(str(path))
    assert [r.id for r in data.records] == ["a", "b", "c"] and "\u2028" in data.records[0].document
    assert data.skipped == {"duplicate id": 1, "not an object": 2}  # counted, never a traceback
    rows = [{"id": "2", "document": "第一篇文章。", "summary": "一"}, {"document": "第二篇文章。", "summary": "二"}]
    ids = [r.id for r in load_records(str(write_jsonl(tmp_path / "n.jsonl", rows))).records]
    assert ids == ["2", "row-2"]  # a row with no id takes its number, unless another row has that id
    (tmp_path / "d.csv").write_text("\ufeffdocument,summary\n\"第一篇\u2028文章\x0c。\",摘要一\n" + f'"{"长" * 200_000}",摘要二\n',
                                    encoding="utf-8")
    assert [r.references for r in load_records(str(tmp_path / "d.csv")).records] == [("摘要一",), ("摘要二",)]
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    for bad, message in (("bad.json", "is not valid JSON"), ("d.jsonl", "has the field 'key'")):
        with pytest.raises(InputError, match=message):
            load_records(str(tmp_path / bad), id_field="key" if bad == "d.jsonl" else "id")


def test_field_mapping_csv_tsv_limit_and_seed(tmp_path):
    (tmp_path / "d.tsv").write_text("key\ttext\tgold\n1\t第一篇文章。\t摘要一\n2\t第二篇文章。\t摘要二\n", encoding="utf-8")
    data = load_records(str(tmp_path / "d.tsv"), "text", "gold", "key")
    assert [(r.id, r.document, r.references) for r in data.records][0] == ("1", "第一篇文章。", ("摘要一",))
    path = str(write_jsonl(tmp_path / "d.jsonl", DOCS))
    first = [r.id for r in load_records(path, seed=7, limit=2).records]
    assert first == [r.id for r in load_records(path, seed=7, limit=2).records] and len(first) == 2


def test_folder_of_articles_uses_editor_points(fixture_path):
    data = load_records(str(fixture_path("keypoints-top.md").parent))
    assert {r.id for r in data.records} == {"keypoints-top", "lead-quote", "editor-note"}
    assert data.skipped["no editor key points"] == 1


def test_hugging_face_dataset_from_local_files(tmp_path):
    pytest.importorskip("datasets")
    (tmp_path / "ds").mkdir()
    write_jsonl(tmp_path / "ds" / "train.jsonl", DOCS)
    data = load_records(str(tmp_path / "ds"), split="train")
    assert len(data.records) == 3


def test_unreadable_data_and_wrong_fields_are_clear(tmp_path):
    with pytest.raises(InputError, match="cannot load dataset"):
        load_records(str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match="no usable record.*missing field 'summary'.*--reference-field"):
        load_records(str(write_jsonl(tmp_path / "x.jsonl", [{"document": "文章。", "gold": "x"}])))


def test_oracle_is_the_extractive_ceiling(fixture_path):
    article = load(fixture_path("keypoints-top.md"))
    reference = "".join(article.reference_points)
    score = lambda points: rouge_l(char_tokens("".join(points)), char_tokens(reference)).f1  # noqa: E731
    best = score(oracle(article, reference, 3))
    for name in ("lead-1", "lead-3", "textrank", "extractive"):
        assert best >= score(summarization_variant(name).summarize(article, 3, reference))


def test_paired_bootstrap():
    a = [0.1, 0.2, 0.3, 0.4]
    assert paired_bootstrap(a, a) == (0.0, 0.0, 0.0)
    diff, low, high = paired_bootstrap(a, [x + 0.1 for x in a])
    assert diff == pytest.approx(0.1) and low == pytest.approx(0.1) and high == pytest.approx(0.1)
    diff, low, high = paired_bootstrap([0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 1.0])
    assert low < diff < high


def run_eval(*args):
    return subprocess.run([sys.executable, "-m", "summarize", "eval", "--quiet", *args], capture_output=True,
                          text=True, timeout=300)


def test_eval_writes_report_json_csv_and_plot(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", DOCS)
    out = tmp_path / "out"
    done = run_eval("--data", str(data), "--variants", "lead-1,extractive,oracle", "--points", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "| oracle | 3 | 0 |" in done.stdout and "tok:zh-char" in done.stdout
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [v["name"] for v in results["variants"]] == ["lead-1", "extractive", "oracle"]
    assert results["variants"][0]["metrics"]["rougeL"]["signature"].startswith("rouge|tok:zh-char")
    assert results["signature"]["documents"] == 3 and results["signature"]["git_commit"] is not None
    assert (out / "results.csv").read_text().startswith("variant,documents,failed,rouge1")
    assert (out / "quality-vs-speed.png").read_bytes()[:4] == b"\x89PNG"
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(samples) == 3 and set(samples[0]["outputs"]) == {"lead-1", "extractive", "oracle"}
    assert samples[0]["reference"] and samples[0]["scores"]["oracle"]["rougeL"] >= 0
    side = (out / "side-by-side.md").read_text(encoding="utf-8")
    assert side.startswith("# extractive vs lead-1") and side.count("\n| ") == 4  # header + 3 records


def test_translation_eval_with_signatures(tmp_path):
    pytest.importorskip("sacrebleu")
    rows = [{"zh": "公司营收达到260亿美元。", "en": "Revenue reached $26 billion."},
            {"zh": "示例公司发布了新产品。", "en": "The example company launched a new product."}]
    suite = tmp_path / "s.toml"
    suite.write_text(f'name = "t"\ntask = "translate"\ndata = "{write_jsonl(tmp_path / "t.jsonl", rows)}"\n'
                     'document_field = "zh"\nreference_field = "en"\nvariants = ["gloss"]\nlimit = 1\n')
    done = run_eval("--suite", str(suite), "--limit", "2", "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    metrics = json.loads((tmp_path / "o" / "results.json").read_text())["variants"][0]["metrics"]
    assert "tok:13a" in metrics["bleu"]["signature"] and "nc:6" in metrics["chrf"]["signature"]
    assert metrics["number_fidelity"]["value"] == 1.0
    assert "2 documents" in done.stdout  # the command line's --limit beat the suite's


def test_unknown_variant_is_a_clear_error(tmp_path):
    done = run_eval("--data", str(write_jsonl(tmp_path / "d.jsonl", DOCS)), "--variants", "lead-1,extractiv")
    assert done.returncode == 2 and "did you mean 'extractive'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "0"], "scores no record"),
    (["--variants", "lead-0"], "takes no sentence"),
    (["--variants", "gloss"], "cannot summarize"),
    (["--task", "translate", "--variants", "lead-1"], "key-point baseline"),
])
def test_settings_that_cannot_score_are_refused_before_any_work(tmp_path, args, message):
    data = write_jsonl(tmp_path / "d.jsonl", DOCS)
    done = run_eval("--data", str(data), "--variants", "lead-1", *args, "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and message in done.stderr and not (tmp_path / "o").exists()


def test_an_out_that_is_a_file_is_refused_before_any_work(tmp_path):
    (tmp_path / "taken.txt").write_text("keep me", encoding="utf-8")
    done = run_eval("--data", str(write_jsonl(tmp_path / "d.jsonl", DOCS)), "--variants", "lead-1",
                    "--out", str(tmp_path / "taken.txt"))
    assert done.returncode == 2 and "is a file" in done.stderr and "internal" not in done.stderr
    assert (tmp_path / "taken.txt").read_text(encoding="utf-8") == "keep me"


def test_each_variants_own_signature_and_the_intervals_are_written(tmp_path):
    rows = [{"id": "x", "document": "示例公司今天发布了新产品。市场反应良好。", "summary": "示例公司发布新产品"}]
    done = run_eval("--data", str(write_jsonl(tmp_path / "d.jsonl", DOCS + rows)), "--variants", "lead-1,extractive",
                    "--points", "1", "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    assert "- ΔrougeL: paired bootstrap" in done.stdout and "seed 12345" in done.stdout


def test_a_variant_without_weights_is_reported_and_the_others_run(tmp_path):
    data = write_jsonl(tmp_path / "d.jsonl", DOCS)
    done = run_eval("--data", str(data), "--variants", "lead-1,mt5-xlsum,extractive", "--points", "1",
                    "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    assert "variant 'mt5-xlsum' skipped" in done.stderr and "not found locally" in done.stderr
    assert "| mt5-xlsum | 0 | 3 |" in done.stdout and "| extractive | 3 | 0 |" in done.stdout


def test_a_folder_of_articles_is_scored_not_failed(fixture_path, tmp_path):
    done = run_eval("--data", str(fixture_path("keypoints-top.md").parent), "--variants", "lead-1,extractive",
                    "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert all(v["documents"] > 0 and not v["failed"] for v in results["variants"])


def test_rouge_lsum_does_not_care_about_the_order_of_the_points():
    from summarize.evaluation.scores import rouge_lsum

    points, reference = ["工厂三年建成。", "明年出海。"], ("明年出海。工厂三年建成。",)
    assert rouge_lsum(points, reference) == rouge_lsum(points[::-1], reference) == 1.0
    joined = lambda p: rouge_l(char_tokens("".join(p)), char_tokens(reference[0])).f1  # noqa: E731
    assert joined(points) < 1.0 == joined(points[::-1])  # the joined score does
    assert rouge_lsum(["工厂建成。"], ("工厂三年建成。",)) == pytest.approx(2 * 1.0 * (4 / 6) / (1 + 4 / 6))


def test_pinned_references_are_scored_too_with_scores_by_tier(fixture_path, tmp_path):
    index = tmp_path / "index.jsonl"
    write_jsonl(index, [{"id": "keypoints-top", "reference_points": ["示例一个完全不同的参考摘要。"], "tier": "A"},
                        {"id": "lead-quote", "reference_points": ["另一个参考。"], "tier": "D"},
                        {"id": "editor-note", "reference_points": ["第三个参考。"], "tier": "C"}])
    suite = tmp_path / "s.toml"
    suite.write_text(f'name = "p"\ndata = "{fixture_path("plain.txt").parent}"\npinned = "{index}"\n'
                     'variants = ["lead-1", "extractive"]\n')
    done = run_eval("--suite", str(suite), "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    metrics = json.loads((tmp_path / "o" / "results.json").read_text())["variants"][1]["metrics"]
    assert {"rougeLsum", "rougeL_pinned", "rougeLsum_pinned"} <= set(metrics)
    assert metrics["rougeL_pinned"]["value"] != metrics["rougeL"]["value"]
    table = (tmp_path / "o" / "results.md").read_text()
    assert "By reference type" in table and "| A | 1 |" in table and "| D | 1 |" in table


def test_a_leave_one_out_ranker_never_sees_the_article_it_ranks(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    import random

    from test_learned import post

    import summarize.learn.fit as fitting
    from summarize.evaluation.loo import LeaveOneOut
    from summarize.ingest import parse

    rng = random.Random(3)
    rows = [post(rng, k) for k in range(40)]
    loo = LeaveOneOut([str(write_jsonl(tmp_path / "train.jsonl", rows))])
    seen = []
    real_fit = fitting.fit
    monkeypatch.setattr(fitting, "fit", lambda docs, *a, **k: seen.append({d.id for d in docs}) or real_fit(docs, *a, **k))
    held = parse(rows[7]["document"], article_id="post-7")
    loo.prepare(held)
    assert len(loo.summarize(held, 1)) == 1
    stranger = parse(rows[8]["document"], article_id="not-in-the-training-data")
    loo.prepare(stranger)
    loo.summarize(stranger, 1)
    assert seen == [{f"post-{k}" for k in range(40)} - {"post-7"}, {f"post-{k}" for k in range(40)}]


def test_a_grounded_card_at_loo_writes_from_the_held_out_rankers_candidates(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    pytest.importorskip("llama_cpp")  # the grounded card's backend class is checked before anything loads
    import random

    from fake_llm import ScriptedEngine
    from test_learned import post

    import summarize.evaluation.loo as loo_module
    from summarize.data import KeyPoint
    from summarize.ingest import parse
    from summarize.llm.grounded import GroundedSummarizer

    class LastSentence:
        def key_points(self, article, n):
            return [KeyPoint(article.sentences[-1].text, (article.sentences[-1].id,))]

    rng = random.Random(3)
    rows = [post(rng, k) for k in range(40)]
    held = parse(rows[7]["document"], article_id="post-7")
    engine = ScriptedEngine(points_zh=[f"{held.sentences[-1].text} [1]"])
    monkeypatch.setattr(loo_module.registry, "load", lambda card, task: GroundedSummarizer(card, engine, ranker=None))
    loo = loo_module.LeaveOneOut([str(write_jsonl(tmp_path / "train.jsonl", rows))],
                                 card="qwen2.5-coder-1.5b-gguf-grounded")
    loo.prepare(held)
    loo._rankers["post-7"] = LastSentence()  # the ranker trained without post-7, as the grounded card must use it
    assert loo.summarize(held, 1) == [held.sentences[-1].text]
    prompt = engine.calls[0][-1]["content"]
    assert f"[1] {held.sentences[-1].text}" in prompt and "\n[2]" not in prompt
    assert loo.describe()["card"] == "qwen2.5-coder-1.5b-gguf-grounded@loo" and "grounded" in loo.describe()


def test_a_leave_one_out_variant_of_a_card_that_ranks_nothing_is_refused(tmp_path):
    from summarize.errors import ConfigError
    from summarize.evaluation.loo import LeaveOneOut

    with pytest.raises(ConfigError, match="needs a learned or a grounded card"):
        LeaveOneOut([str(tmp_path / "train.jsonl")], card="gloss")


def test_translation_eval_applies_the_users_glossary(tmp_path):
    pytest.importorskip("sacrebleu")
    rows = [{"zh": "示例公司创始人王小明发布了新产品。", "en": "Founder Wang Xiaoming launched a new product."}]
    data = write_jsonl(tmp_path / "t.jsonl", rows)
    terms = tmp_path / "terms.tsv"
    terms.write_text("示例公司\tExampleCo\n", encoding="utf-8")
    args = ("--task", "translate", "--document-field", "zh", "--reference-field", "en", "--variants", "gloss")
    plain = run_eval("--data", str(data), *args, "--out", str(tmp_path / "plain"))
    mine = run_eval("--data", str(data), *args, "--glossary", str(terms), "--out", str(tmp_path / "mine"))
    assert plain.returncode == 0 and mine.returncode == 0, mine.stderr
    outputs = [json.loads((tmp_path / o / "samples.jsonl").read_text())["outputs"]["gloss"] for o in ("plain", "mine")]
    assert "ExampleCo" not in outputs[0] and "ExampleCo" in outputs[1]


@pytest.mark.parametrize(("line", "message"), [
    ("data = 5", "data = 5 is not text"),
    ('variants = "lead-1"', "variants = 'lead-1' is not a list of text"),  # not ['l', 'e', 'a', …]
    ('seed = "abc"', "seed = 'abc' is not a whole number"),
])
def test_a_suite_value_of_the_wrong_kind_is_one_line(tmp_path, line, message):
    suite = tmp_path / "s.toml"
    lines = {"data": 'data = "d.jsonl"', "variants": 'variants = ["lead-1"]', line.split()[0]: line}
    suite.write_text("\n".join(lines.values()) + "\n", encoding="utf-8")
    done = run_eval("--suite", str(suite), "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and done.stderr.startswith(f"summarize: error: suite {suite}: {message}")
    assert done.stderr.count("\n") == 1  # one line, no traceback
