"""The Gradio app, served on a free localhost port: through gradio_client, and in a real headless browser."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

gr = pytest.importorskip("gradio", reason="the web extra is not installed: pip install -e '.[web]'")
from gradio_client import Client, handle_file  # noqa: E402

from summarize.web.app import build, example_texts  # noqa: E402
from summarize.web.session import Limits  # noqa: E402
from summarize.web.view import CSS  # noqa: E402

ARTICLE = (
    "星河公司发布财报\n\n"
    "星河公司第三季度营收185亿元，同比增长32.5%。净利润为9.3亿元，去年同期亏损2.1亿元。\n\n"
    "公司本季度共交付新车12.6万辆，海外交付首次超过国内。\n\n"
    "公司计划明年在欧洲建设第二座工厂。分析人士认为本地化生产有助于降低成本风险。\n"
)
HOSTILE = ("<html><body><h1>标题&lt;img src=x onerror=\"document.body.dataset.pwned=1\"&gt;</h1>"
           "<p>他写下&lt;script&gt;document.body.dataset.pwned=2&lt;/script&gt;这句话。公司营收增长了两成。</p>"
           "<p>第二段还有一句话，提到3200亿元。</p></body></html>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    demo = build(Limits(max_bytes=20_000, concurrency=2)).queue(max_size=32)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


def outputs(result):
    keys = ["status", "points_zh", "points_en", "reference", "translation", "checks", "live", "json", "md"]
    return dict(zip(keys, result))


def test_pasted_article_gives_points_translation_checks_and_downloads(client):
    out = outputs(client.predict(ARTICLE, None, "extractive", "gloss", 2, api_name="/digest"))
    assert "Done" in out["status"] and out["points_zh"].count("<li>") == 2
    assert "18.5 billion yuan" in out["translation"] and "Numbers:" in out["checks"]
    digest = json.loads(Path(out["json"]).read_text(encoding="utf-8"))
    assert len(digest["key_points_zh"]) == 2 and digest["translation"][0]["zh"].startswith("星河公司第三季度")
    assert Path(out["md"]).read_text(encoding="utf-8").startswith("# 星河公司发布财报")


def test_uploaded_file(client, tmp_path):
    path = tmp_path / "news.html"
    path.write_text(HOSTILE, encoding="utf-8")
    out = outputs(client.predict("", handle_file(str(path)), "extractive", "gloss", 3, api_name="/digest"))
    assert "Done" in out["status"] and "&lt;script&gt;" in out["translation"]


def test_errors_are_messages_in_the_page(client):
    empty = outputs(client.predict("", None, "extractive", "gloss", 3, api_name="/digest"))
    assert "nothing to digest" in empty["status"] and empty["json"] is None
    english = outputs(client.predict("Only English here.", None, "extractive", "gloss", 3, api_name="/digest"))
    assert "Chinese" in english["status"]
    big = outputs(client.predict("中文" * 20_000, None, "extractive", "gloss", 3, api_name="/digest"))
    assert "over the limit" in big["status"]


def test_concurrent_clients_all_succeed(client):
    jobs = [client.submit(ARTICLE, None, "extractive", "gloss", 3, api_name="/digest") for _ in range(6)]
    assert all("Done" in outputs(job.result(timeout=120))["status"] for job in jobs)


def test_only_installed_cards_are_offered(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]["/digest"]
    choices = {p["parameter_name"]: p["python_type"]["type"] for p in api["parameters"]}
    assert "'extractive'" in choices["summarizer"] and "opus-mt-zh-en" not in choices["translator"]


def test_every_example_digests_with_three_points(client):
    texts = example_texts()
    assert len(texts) >= 3 and all("虚构" in t for t in texts)  # written for the demo, and say so
    for text in texts:
        out = outputs(client.predict(text, None, "extractive", "gloss", 3, api_name="/digest"))
        assert "Done" in out["status"] and out["points_zh"].count("<li>") == 3


def test_python_app_py_serves_the_demo_on_localhost():
    port = free_port()
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--time-limit", "60"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.5)
        assert "summarize: bilingual digest" in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(BROWSER is None, reason="no chromium here: `make install-browser` installs Debian's")
def test_in_a_real_browser_paste_run_and_read(app_url, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    example = next(t for t in example_texts() if t.startswith("---"))  # a 36kr-style post with editor's points
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.on("dialog", lambda d: pytest.fail(f"the article ran script in the page: {d.message}"))
        page.goto(app_url)
        run_in_page(page, example, "新能源车企星河汽车")
        points = page.locator("#points-zh li").all_inner_texts()
        assert len(points) == 3 and all(points) and page.locator("#points-en li").count() == 3
        assert page.locator("#reference li").count() == 3  # the editor's own points, beside ours
        assert page.locator("#translation tr").count() > 10
        page.screenshot(path=str(tmp_path / "web-demo.png"), full_page=True)

        run_in_page(page, HOSTILE, "第二段还有一句话")
        assert "<img src=x onerror" in page.locator("#translation").inner_text()  # shown as text
        assert page.evaluate("document.body.dataset.pwned") is None  # and never run
        assert page.locator("#translation img, #translation script").count() == 0
        browser.close()
    assert (tmp_path / "web-demo.png").stat().st_size > 10_000
    if os.environ.get("SUMMARIZE_SCREENSHOT"):  # how docs/web-demo.png is made
        shutil.copy(tmp_path / "web-demo.png", os.environ["SUMMARIZE_SCREENSHOT"])


def run_in_page(page, text: str, marker: str) -> None:
    """Paste, click Run, and wait until the page shows this article (``marker``) digested."""
    page.locator("#article textarea").fill(text)
    page.locator("#run").click()
    page.wait_for_function("m => document.querySelector('#translation')?.innerText.includes(m) && "
                           "document.querySelector('#status')?.innerText.includes('Done')", arg=marker,
                           timeout=60_000)
