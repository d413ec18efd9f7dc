"""The command line as a user meets it: outputs, formats, and one-line errors with exit codes."""

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from summarize.cli import main


def run(*args, stdin: bytes | None = None):
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "summarize", *args], input=stdin, capture_output=True, env=env,
                          timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_markdown_digest(fixture_path, capsys):
    assert main(["run", str(fixture_path("keypoints-top.md"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 星河科技发布新一代芯片")
    for heading in ("## 要点", "## Key points (gloss)", "## Editor's points", "## Translation (gloss)", "## Checks"):
        assert heading in out
    assert "$26 billion" in out and "word-by-word" in out


def test_json_schema_fields(fixture_path, capsys):
    assert main(["run", str(fixture_path("keypoints-top.md")), "--format", "json", "--points", "2"]) == 0
    d = json.loads(capsys.readouterr().out)
    for key in ("schema_version", "id", "title", "key_points_zh", "key_points_en", "translation",
                "reference_points", "checks", "provenance"):
        assert key in d
    assert len(d["key_points_zh"]) == len(d["key_points_en"]) == 2
    assert {"zh", "en", "id", "paragraph"} <= set(d["translation"][0])
    assert len(d["reference_points"]) == 3
    assert d["checks"]["translation_is_gloss"] is True
    assert d["provenance"]["translator"]["card"] == "gloss"


def test_several_inputs_give_json_lines(fixture_path, tmp_path):
    out = tmp_path / "d.jsonl"
    code, _, err = run("run", str(fixture_path("keypoints-top.md")), str(fixture_path("lead-quote.md")),
                       "--format", "json", "--out", str(out))
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["keypoints-top", "lead-quote"]


def test_stdin_and_html(capsys, monkeypatch, fixture_path):
    code, out, err = run("run", "-", "--format", "html", stdin=fixture_path("plain.txt").read_bytes())
    assert code == 0, err
    assert out.startswith("<!doctype html>") and "示例公司宣布完成新一轮融资" in out


@pytest.mark.parametrize("source", [
    "文章提到<script>alert(1)</script>这个标签，还有 onerror=alert(2) 属性。第二句话。",
    "<p>文章提到&lt;script&gt;alert(1)&lt;/script&gt;这个标签。</p><p>第二段&lt;img src=x onerror=alert(2)&gt;。</p>",
])
def test_html_output_escapes_article_text(source):
    from summarize.pipeline import Pipeline
    from summarize.render import to_html

    html = to_html(Pipeline.from_cards().run(source))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(("args", "stdin", "code", "message"), [
    (["run", "-"], b"", 2, "stdin is empty"),
    (["run", "-"], b"\x00\x01binary", 2, "binary data"),
    (["run", "-"], b"No Chinese here at all.", 2, "no Chinese text"),
    (["run", "-"], "好".encode(), 2, "has one Chinese character, too little to digest"),
    (["batch", "summarize/examples", "--out", "unused", "--text-field", ""], None, 2, "--text-field is empty"),
    (["run", "missing.md"], None, 2, "no such file"),
    (["run", "-", "--summarizer", "extractiv"], b"", 2, "unknown model card 'extractiv'; did you mean 'extractive'"),
    (["run", "-", "--translator", "opus-mt-zh-en"], b"", 3, "not found locally"),
    (["run", "-", "--translator", "extractive"], b"", 2, "cannot translate"),
    (["run", "-", "--points", "0"], b"", 2, "out of range"),
    (["run", "-", "--max-bytes", "10"], "示例公司发布了新产品。".encode() * 9, 2, "stdin is over the limit of 10 bytes"),
    (["bench", "summarize/examples", "--repeat", "0"], None, 2, "--repeat 0 is out of range"),  # not a
    (["bench", "summarize/examples", "--cold-runs", "-1"], None, 2, "--cold-runs -1 is out of range"),  # crash
])
def test_errors_are_one_line_with_exit_code(args, stdin, code, message):
    rc, _, err = run(*args, stdin=stdin)
    assert rc == code
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_size_limit_never_hangs(tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(("很长的文章内容。" * 90_000).encode())  # about 2 MB
    rc, _, err = run("run", str(big))
    assert rc == 2 and "over the limit of 1,000,000 bytes" in err
    small_limit = run("run", "-", "--max-bytes", "10", stdin="示例文章内容很长。".encode())
    assert small_limit[0] == 2 and "limit of 10 bytes" in small_limit[2]


def test_debug_shows_traceback():
    rc, _, err = run("--debug", "run", "missing.md")
    assert rc != 0 and "Traceback" in err


def test_models_list_says_what_is_ready():
    rc, out, _ = run("models", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rc == 0
    assert rows["extractive"]["ready"] and rows["gloss"]["ready"]
    assert not rows["opus-mt-zh-en"]["ready"]
    assert "huggingface-cli download Helsinki-NLP/opus-mt-zh-en" in rows["opus-mt-zh-en"]["how_to_get"]
    assert {"nllb-200-distilled-600m", "mt5-xlsum"} <= set(rows)


def test_import_is_light():
    code = "import sys, summarize; from summarize import Pipeline; " \
           "print(','.join(m for m in ('torch','transformers','gradio','ray') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_a_bad_input_among_good_ones_loses_no_digest(tmp_path):
    good = [tmp_path / "one.txt", tmp_path / "two.txt"]
    for i, path in enumerate(good):
        path.write_text(f"示例公司第{i}次发布新产品。市场反应很好。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe" + bytes(range(0xd8, 0xdc)) * 50)  # a UTF-16 mark, then broken surrogates
    code, out, err = run("run", str(good[0]), str(bad), str(good[1]), "--format", "json")
    errors = [line for line in err.splitlines() if line.startswith("summarize: error")]
    assert code == 2 and len(errors) == 1 and "bad.txt" in errors[0] and "internal" not in err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["one", "two"]


def test_out_is_checked_before_any_work(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    code, _, err = run("run", str(article), "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, err = run("run", str(article), "--out", str(tmp_path / "new" / "dir" / "digest.md"))
    assert code == 0 and (tmp_path / "new" / "dir" / "digest.md").read_text(encoding="utf-8").startswith("#")


def test_out_never_replaces_the_article_it_digests(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    assert main(["run", str(article), "--out", str(article)]) == 2
    assert "one of the inputs" in capsys.readouterr().err
    assert article.read_text(encoding="utf-8") == "示例公司发布了新产品。"


def test_out_writes_through_a_link_keeps_permissions_and_dash_is_stdout(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    target, link = tmp_path / "target.md", tmp_path / "link.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    link.symlink_to(target)
    assert main(["run", str(article), "--out", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("#")
    assert target.stat().st_mode & 0o777 == 0o644
    assert main(["run", str(article), "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("#") and not (tmp_path / "-").exists()


def test_out_into_a_device_writes_into_it_and_an_unwritable_place_is_one_line(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    assert main(["run", str(article), "--out", os.devnull]) == 0
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)  # still the device
    fifo, got = tmp_path / "pipe", []
    os.mkfifo(fifo)
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert main(["run", str(article), "--out", str(fifo)]) == 0  # a pipe is written into, not replaced
    reader.join(10)
    assert got and got[0].startswith("#") and stat.S_ISFIFO(os.stat(fifo).st_mode)
    long_name = tmp_path / ("d" * 250 + ".md")  # a name the file system takes: its temporary name must fit too
    assert main(["run", str(article), "--out", str(long_name)]) == 0 and long_name.exists()
    capsys.readouterr()
    if os.path.isdir("/proc/self"):  # a folder that takes no new file, though it looks writable
        assert main(["run", str(article), "--out", "/proc/digest.md"]) == 2
        assert "cannot write --out /proc/digest.md" in capsys.readouterr().err


def test_out_dev_stdout_sent_to_a_file_adds_to_it(tmp_path):
    article, log = tmp_path / "a.txt", tmp_path / "log.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    log.write_text("earlier line\n", encoding="utf-8")
    with log.open("a", encoding="utf-8") as f:
        done = subprocess.run([sys.executable, "-m", "summarize", "run", str(article), "--out", "/dev/stdout"],
                              stdout=f, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n#") and log.is_file()


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="no writable /dev/shm")
def test_a_regular_file_under_dev_is_a_file_replaced_not_added_to(tmp_path, capsys):
    article, out = tmp_path / "a.txt", Path("/dev/shm") / f"summarize-test-{os.getpid()}.md"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    try:
        out.write_text("an older digest\n", encoding="utf-8")
        assert main(["run", str(article), "--out", str(out)]) == 0
        assert main(["run", str(article), "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert text.startswith("# a") and text.count("## 要点") == 1  # replaced, as any file is
    finally:
        out.unlink(missing_ok=True)


def test_markdown_output_carries_no_raw_html_from_the_article(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: 标题<script>alert(1)</script>\n---\n他写下`<img src=x onerror=alert(2)>`这样一句话。"
                       "公司营收增长了两成。\n", encoding="utf-8")
    code, out, _ = run("run", str(article))
    assert code == 0 and "<script" not in out and "<img" not in out
    assert out.startswith("# 标题&lt;script&gt;alert(1)&lt;/script&gt;")  # shown as text


def test_markdown_output_carries_no_markdown_of_the_articles_own(tmp_path, capsys):
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"title": "星海*科技*发布[新品](https://example.com/x)",
                                   "text": "详见[官网](https://example.com/login)页面，营收增长了两成。"}), encoding="utf-8")
    assert main(["run", str(article)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 星海\\*科技\\*发布\\[新品\\](https://example.com/x)")  # text, not emphasis or a link
    assert "](https://example.com/login)" not in out.replace("\\]", "")


def test_the_front_matter_id_wins_over_the_file_name(tmp_path):
    article = tmp_path / "file-name.md"
    article.write_text("---\nid: from-front-matter\ntitle: 标题\n---\n示例公司发布了新产品。\n", encoding="utf-8")
    code, out, _ = run("run", str(article), "--format", "json")
    assert code == 0 and json.loads(out)["id"] == "from-front-matter"
    code, out, _ = run("run", "-", "--format", "json", stdin=article.read_bytes())
    assert json.loads(out)["id"] == "from-front-matter"
