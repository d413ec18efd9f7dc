"""The ingester against the real 36kr archive in ../shared/data (read, never copied): every article's
editor summary is found and removed from the body, in each of its shapes."""

import json

import pytest
from conftest import SHARED

from summarize.ingest import load
from summarize.ingest.blocks import html_blocks

INDEX = SHARED / "36kr" / "index.jsonl"
pytestmark = pytest.mark.skipif(not INDEX.is_file(), reason="../shared/data is not beside this checkout")


def records():
    if not INDEX.is_file():
        return []
    return [json.loads(line) for line in INDEX.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("record", [r for r in records() if r["kind"] == "keypoints"], ids=lambda r: r["id"])
def test_editor_summary_found_and_removed(record):
    path = SHARED / "36kr" / "articles" / f"{record['id']}.md"
    article = load(path)
    assert list(article.reference_points) == record["reference_points"]
    assert article.reference_style == record["ref_style"]
    everything = "".join(b.text for b in html_blocks(path.read_text(encoding="utf-8")))
    for point in record["reference_points"][:1]:  # the summary block is gone; the same words elsewhere stay
        core = point[-20:]
        assert article.text.count(core) == everything.count(core) - 1


@pytest.mark.parametrize("record", [r for r in records() if r["kind"] == "flash"][:20], ids=lambda r: r["id"])
def test_flashes_have_title_and_body(record):
    article = load(SHARED / "36kr" / "flashes" / f"{record['id']}.md")
    assert article.title == record["title"]
    assert len(article.sentences) >= 1
