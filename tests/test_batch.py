"""`summarize batch`: every input done or failed with a reason, resumable after kill -9, no duplicates."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from summarize.batch.store import repair, safe_relative


def make_archive(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / f"part{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i:04d}.md").write_text(
            f"---\ntitle: 示例新闻{i}\n---\n示例公司第{i}季度营收达到{i + 1}亿元，同比增长{i % 50}%。"
            f"公司表示将继续投入研发。分析人士认为市场需求仍在增长。\n", encoding="utf-8")
    return folder


def batch(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "summarize", "batch", "--quiet", *args], capture_output=True,
                          text=True, timeout=600, **kwargs)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_archive_digested_once_and_mirrored(tmp_path):
    archive = make_archive(tmp_path / "in", 6)
    done = batch(str(archive), "--out", str(tmp_path / "out"), "--markdown")
    assert done.returncode == 0, done.stderr
    digests = lines(tmp_path / "out" / "digests.jsonl")
    assert sorted(d["id"] for d in digests) == sorted(f"a{i:04d}" for i in range(6))
    assert all(d["batch"]["source"].endswith(".md") and d["key_points_en"] for d in digests)
    assert (tmp_path / "out" / "markdown" / "part0" / "a0000.md").read_text(encoding="utf-8").startswith("# 示例新闻0")
    again = batch(str(archive), "--out", str(tmp_path / "out"))
    assert again.returncode == 0 and "0 digested, 0 failed, 6 already done" in again.stderr
    assert len(lines(tmp_path / "out" / "digests.jsonl")) == 6


def test_bad_inputs_are_recorded_and_the_run_goes_on(tmp_path):
    archive = make_archive(tmp_path / "in", 2)
    (archive / "empty.txt").write_text("   ", encoding="utf-8")
    (archive / "binary.md").write_bytes(b"\x00\x01\x02" * 10)
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text('{"id": "r1", "text": "示例公司发布了新产品。"}\n{broken\n{"id": "r3"}\n', encoding="utf-8")
    done = batch(str(archive), str(jsonl), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "4 failed" in done.stderr and "manifest.jsonl" in done.stderr
    manifest = {m["key"]: m for m in lines(tmp_path / "out" / "manifest.jsonl")}
    assert "is empty" in manifest[str(archive / "empty.txt")]["error"]
    assert "binary" in manifest[str(archive / "binary.md")]["error"]
    assert sum(m["status"] == "failed" for m in manifest.values()) == 4
    assert sum(m["status"] == "done" for m in manifest.values()) == 3  # 2 files + r1


def test_kill_minus_nine_then_resume_loses_and_doubles_nothing(tmp_path):
    archive = make_archive(tmp_path / "in", 400)
    out = tmp_path / "out"
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(tmp_path / "cache"))  # no cached digests: real work
    proc = subprocess.Popen([sys.executable, "-m", "summarize", "batch", "--quiet", str(archive), "--out", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    digests = out / "digests.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not digests.exists() or digests.read_bytes().count(b"\n") < 30):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = digests.read_bytes().count(b"\n")
    assert 30 <= written < 400, "the kill must land mid-run"
    with digests.open("ab") as f:
        f.write(b'{"torn": ')  # as if the kill had cut a line in half
    resumed = batch(str(archive), "--out", str(out), env=env)
    assert resumed.returncode == 0, resumed.stderr
    keys = [d["batch"]["key"] for d in lines(digests)]
    assert len(keys) == len(set(keys)) == 400


def test_cache_means_no_model_work_on_an_unchanged_archive(tmp_path):
    archive = make_archive(tmp_path / "in", 3)
    env = dict(os.environ, SUMMARIZE_CACHE_DIR=str(tmp_path / "cache"))
    assert batch(str(archive), "--out", str(tmp_path / "one"), env=env).returncode == 0
    assert batch(str(archive), "--out", str(tmp_path / "two"), env=env).returncode == 0
    assert [m["cached"] for m in lines(tmp_path / "one" / "manifest.jsonl")] == [False] * 3
    assert [m["cached"] for m in lines(tmp_path / "two" / "manifest.jsonl")] == [True] * 3
    assert lines(tmp_path / "one" / "digests.jsonl")[0]["key_points_zh"] == \
        lines(tmp_path / "two" / "digests.jsonl")[0]["key_points_zh"]


def test_two_workers_give_the_same_digests(tmp_path):
    archive = make_archive(tmp_path / "in", 8)
    for workers, name in ((1, "w1"), (2, "w2")):
        assert batch(str(archive), "--out", str(tmp_path / name), "--workers", str(workers)).returncode == 0
    one = {d["id"]: d["key_points_zh"] for d in lines(tmp_path / "w1" / "digests.jsonl")}
    two = {d["id"]: d["key_points_zh"] for d in lines(tmp_path / "w2" / "digests.jsonl")}
    assert one == two and len(one) == 8


@pytest.mark.parametrize(("relative", "expected"), [
    ("../../etc/passwd", "etc/passwd.md"),
    ("/abs/path/x.md", "abs/path/x.md"),
    ("a\x00b\x1f/c?d.md", "a_b_/c_d.md"),
    ("..", "untitled.md"),
])
def test_markdown_names_are_safe(relative, expected):
    assert str(safe_relative(relative)) == expected


def test_long_names_are_bounded():
    assert len(safe_relative("标" * 500).name) <= 83


def test_repair_cuts_a_torn_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    repair(path)
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'


def test_seq2seq_translation_is_batched_across_articles(tmp_path, monkeypatch):
    pytest.importorskip("transformers")
    from test_seq2seq import write_card
    from tiny_models import build_tiny_marian

    from summarize import registry
    from summarize.batch import run_batch
    from summarize.batch.inputs import iter_items
    from summarize.config import RunConfig

    card = write_card(tmp_path, build_tiny_marian(tmp_path / "tiny"), batch_size=64, max_source_tokens=48)
    archive = make_archive(tmp_path / "in", 6)
    calls = []
    translator = registry.load(card, "translate")
    generate = translator.generate
    monkeypatch.setattr(translator, "generate", lambda *a: calls.append(a) or generate(*a))
    config = RunConfig.build("batch", translator=card, points=2, group=6)
    counts = run_batch(iter_items([str(archive)]), tmp_path / "grouped", config, quiet=True)
    assert counts["done"] == 6
    assert len(calls) == 1  # one generate call for all six articles' sentences
    calls.clear()
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "fresh-cache"))  # no cached digests this time
    run_batch(iter_items([str(archive)]), tmp_path / "single", replace(config, group=1), quiet=True)
    assert len(calls) == 6
    grouped = {d["id"]: d["translation"] for d in lines(tmp_path / "grouped" / "digests.jsonl")}
    single = {d["id"]: d["translation"] for d in lines(tmp_path / "single" / "digests.jsonl")}
    assert grouped.keys() == single.keys()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_shows_rate_and_eta(monkeypatch):
    from summarize.batch import Progress

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = Progress(quiet=False, total=4)
    for n in (1, 2, 4):
        progress.tick({"done": n - 1, "failed": 1, "skipped_done": 0})
    progress.close({"done": 3, "failed": 1, "skipped_done": 0})
    shown = screen.getvalue()
    assert "4/4" in shown and "article/s" in shown and "<" in shown and "failed=1" in shown  # count, rate, ETA


def test_progress_is_a_log_line_when_not_a_terminal_and_nothing_when_quiet(capsys):
    from summarize.batch import Progress

    Progress(quiet=False, total=4).close({"done": 4, "failed": 0, "skipped_done": 0})
    Progress(quiet=True, total=4).close({"done": 4, "failed": 0, "skipped_done": 0})
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "4 processed (4 done, 0 failed" in err and "\r" not in err


def test_inputs_are_counted_for_the_eta(tmp_path):
    from summarize.batch.inputs import count_items, iter_items

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.md").write_text("中文", encoding="utf-8")
    (tmp_path / "a" / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / "r.jsonl").write_text('{"text": "一"}\n\n{"text": "二"}\nnot json\n', encoding="utf-8")
    inputs = [str(tmp_path / "a"), str(tmp_path / "r.jsonl")]
    assert count_items(inputs) == len(list(iter_items(inputs))) == 4


def killer_config(tmp_path, monkeypatch, every_time):
    from summarize import registry
    from summarize.config import RunConfig
    from summarize.registry import BackendSpec

    monkeypatch.setitem(registry.BACKENDS, "killer", BackendSpec("killer", "killer", {"summarize": "KillerSummarizer"},
                                                                 needs_weights=False))
    card = tmp_path / "killer.toml"
    card.write_text(f'name = "killer"\nbackend = "killer"\ntasks = ["summarize"]\n[options]\n'
                    f'marker = "{tmp_path / "marks"}"\nevery_time = {str(every_time).lower()}\n', encoding="utf-8")
    return RunConfig.build("batch", summarizer=str(card), workers=2)


@pytest.mark.parametrize("every_time", [False, True])
def test_a_dead_worker_never_hangs_the_run_its_inputs_are_tried_once_more(tmp_path, monkeypatch, every_time):
    from summarize.batch import WORKER_DIED, run_batch
    from summarize.batch.inputs import iter_items

    archive = make_archive(tmp_path / "in", 20)
    (archive / "doomed.txt").write_text("这篇文章会让处理它的进程自毁。其余的句子都很正常。", encoding="utf-8")
    config = killer_config(tmp_path, monkeypatch, every_time)
    counts = run_batch(iter_items([str(archive)]), tmp_path / "out", config, quiet=True)
    manifest = {Path(m["key"]).name: m for m in lines(tmp_path / "out" / "manifest.jsonl")}
    assert len(manifest) == 21 and counts["done"] + counts["failed"] == 21
    if every_time:
        assert counts["failed"] == 1 and manifest["doomed.txt"]["error"] == WORKER_DIED
    else:
        assert counts["failed"] == 0 and manifest["doomed.txt"]["status"] == "done"  # the retry went through
    keys = [d["batch"]["key"] for d in lines(tmp_path / "out" / "digests.jsonl")]
    assert len(keys) == len(set(keys)) == counts["done"]  # nothing written twice


def test_any_spelling_of_the_same_input_resumes(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "in", 4)
    assert batch("in", "--out", str(tmp_path / "out"), cwd=tmp_path).returncode == 0
    again = batch(str(archive.resolve()) + "/", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert "0 digested, 0 failed, 4 already done" in again.stderr
    assert len(lines(tmp_path / "out" / "digests.jsonl")) == 4


def test_jsonl_records_sharing_an_id_are_both_digested_and_exact_repeats_once(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text('{"id": "a", "text": "示例公司发布了新产品。市场反应很好。"}\n'
                       '{"id": "a", "text": "另一家公司宣布裁员。股价应声下跌。"}\n'
                       '{"id": "a", "text": "示例公司发布了新产品。市场反应很好。"}\n', encoding="utf-8")
    done = batch(str(records), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    digests = lines(tmp_path / "out" / "digests.jsonl")
    assert sorted(d["id"] for d in digests) == ["a", "a~line2"]
    assert {d["translation"][0]["zh"] for d in digests} == {"示例公司发布了新产品。", "另一家公司宣布裁员。"}


def test_articles_of_a_folder_sharing_a_name_get_ids_of_their_own(tmp_path):
    from summarize.batch.inputs import iter_items

    for name in ("a1.txt", "sub/a1.txt", "x.md", "x.txt", "x.md.txt", "solo.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("示例公司发布了新产品。", encoding="utf-8")
    ids = [i.id for i in iter_items([str(tmp_path)])]
    assert len(set(ids)) == len(ids) == 6 and {"a1", "solo", "sub/a1", "x.txt"} <= set(ids)


def test_a_jsonl_record_whose_text_is_not_a_string_says_so(tmp_path):
    from summarize.batch.inputs import iter_items

    (tmp_path / "r.jsonl").write_text('{"id": 5, "text": 123}\n', encoding="utf-8")
    (item,) = iter_items([str(tmp_path / "r.jsonl")])
    assert "'text' is not text (int)" in item.error


def test_a_missing_path_is_a_failure_and_the_later_inputs_are_digested(tmp_path):
    archive = make_archive(tmp_path / "in", 2)
    done = batch(str(tmp_path / "nowhere.md"), str(archive), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "2 digested, 1 failed" in done.stderr
    failed = [m for m in lines(tmp_path / "out" / "manifest.jsonl") if m["status"] == "failed"]
    assert "no such file" in failed[0]["error"] and "nowhere.md" in failed[0]["error"]


def test_jsonl_lines_say_what_is_wrong_and_a_failure_is_recorded_once_per_state(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text('{broken\n{"id": "x", "body": "示例。"}\n', encoding="utf-8")
    for _ in range(2):
        batch(str(records), "--out", str(tmp_path / "out"))
    errors = [m["error"] for m in lines(tmp_path / "out" / "manifest.jsonl")]
    assert len(errors) == 2  # the second run found the same reasons: no new lines
    assert "is not JSON" in errors[0] and "no text field 'text' (it has: body, id)" in errors[1]


def test_out_that_cannot_be_written_is_refused_before_any_work(tmp_path):
    archive = make_archive(tmp_path / "in", 1)
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    done = batch(str(archive), "--out", str(afile))
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr


def test_batch_workers_share_the_cores_between_their_llama_cpp_threads(monkeypatch):
    from summarize.batch import one_thread_each

    for var in ("SUMMARIZE_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    one_thread_each(4)
    assert os.environ["SUMMARIZE_THREADS"] == "2" and os.environ["OMP_NUM_THREADS"] == "1"


def test_a_rerun_with_a_corrected_glossary_updates_the_folder_in_place(tmp_path):
    make_archive(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert batch("in", "--out", "out", "--markdown", cwd=tmp_path).returncode == 0  # a relative --out
    glossary = tmp_path / "g.csv"
    glossary.write_text("示例公司,Sample Corp\n", encoding="utf-8")
    again = batch("in", "--out", "out", "--markdown", "--glossary", "g.csv", cwd=tmp_path)
    assert again.returncode == 0 and "3 digested" in again.stderr, again.stderr  # not "already done"
    third = batch("in", "--out", "out", "--markdown", "--glossary", "g.csv", cwd=tmp_path)
    assert "0 digested, 0 failed, 3 already done" in third.stderr, third.stderr  # the same settings: done
    digests = lines(out / "digests.jsonl")
    assert len(digests) == 3 and all("Sample Corp" in d["translation"][0]["en"] for d in digests)
    files = sorted(p.name for p in (out / "markdown").rglob("*.md"))
    assert files == ["a0000.md", "a0001.md", "a0002.md"]  # rewritten where they were, no a0000-2.md
    assert "Sample Corp" in (out / "markdown" / "part0" / "a0000.md").read_text(encoding="utf-8")


def test_markdown_names_too_long_for_the_file_system_are_shortened_and_ids_keep_their_dots(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "\U00020000" * 90, "text": "示例公司发布了新产品。"}) + "\n"
                       + json.dumps({"id": "v1.2", "text": "另一家公司宣布裁员。"}) + "\n"
                       + json.dumps({"id": "v1.3", "text": "第三家公司宣布上市。"}) + "\n", encoding="utf-8")
    done = batch(str(records), "--out", str(tmp_path / "out"), "--markdown")
    assert done.returncode == 0 and "3 digested" in done.stderr, done.stderr
    names = {p.name for p in (tmp_path / "out" / "markdown").rglob("*.md")}
    assert {"v1.2.md", "v1.3.md"} <= names and len(names) == 3


def test_a_second_run_into_a_folder_being_written_is_refused(tmp_path):
    from summarize.batch.store import Store
    from summarize.errors import InputError

    first = Store(tmp_path / "out")
    with pytest.raises(InputError, match="another batch run is writing"):
        Store(tmp_path / "out")
    first.close()
    Store(tmp_path / "out").close()  # free again once the first has ended


def test_the_lines_a_killed_rerun_left_twice_are_one_at_the_next_start(tmp_path):
    from summarize.batch.store import Store

    out = tmp_path / "out"
    out.mkdir()
    old, new = ({"id": "a", "batch": {"key": "k"}, "provenance": {"fingerprint": f}} for f in ("old", "new"))
    (out / "digests.jsonl").write_text(json.dumps(old) + "\n" + json.dumps(new) + "\n", encoding="utf-8")
    store = Store(out, fingerprint="new")
    store.close()
    assert lines(out / "digests.jsonl") == [new] and store.done == {"k"}


def test_an_article_with_a_line_separator_in_its_text_is_done_once_across_reruns(tmp_path):
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"id": "a", "title": "示例\u2028新闻", "text": "示例公司营收增长了两成。公司表示将继续投入研发。"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    for _ in range(2):
        done = batch(str(records), "--out", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
    assert "0 digested, 0 failed, 1 already done" in done.stderr  # U+2028 in a record is text, not a line end
    assert len(lines(tmp_path / "out" / "digests.jsonl")) == 1


def test_an_out_folder_inside_the_input_folder_is_never_read_as_input(tmp_path):
    archive = make_archive(tmp_path / "in", 3)
    for _ in range(3):
        done = batch(str(archive), "--out", str(archive / "out"), "--markdown")
        assert done.returncode == 0, done.stderr
    assert "0 digested, 0 failed, 3 already done" in done.stderr  # its own Markdown was digested again and again
    assert len(lines(archive / "out" / "digests.jsonl")) == 3
