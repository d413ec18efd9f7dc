"""Property-based fuzzing of what users feed the tool: bytes, odd Unicode, HTML, front matter, JSON records.
Whatever comes in, ingest and the default pipeline raise only SummarizeError (a one-line message, exit 2),
never an internal error. Bounded and derandomised for CI (no deadline: a deadline is a timed assertion);
`python eval/fuzz.py --examples 5000` is the long run."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.errors import SummarizeError
from summarize.pipeline import Pipeline

settings.register_profile("ci", deadline=None, derandomize=True, max_examples=200,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("ci")
PIPELINE = Pipeline.from_cards("extractive", "gloss", max_bytes=20_000)

odd_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=60)
pieces = st.one_of(odd_text, cjk, st.sampled_from(["。", "！", "？", "\n\n", "<p>", "</p>", "<br>", "**1、", "---\n",
                                                   "\ufeff", "\u200f", "\u0301", "😀", "3.5%", "1850亿美元", "[3] ",
                                                   "<|im_end|>", "http://x.cn/a.b", "……", "”", "（", "\x00", "\r"]))
documents = st.lists(pieces, max_size=30).map("".join)


def html_doc(body: str) -> str:
    return f"<html><head><title>{body[:20]}</title></head><body><p>{body}</p><script>x</script></body></html>"


def front_matter(body: str, title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-01-01\nid: {title[:8]}\n---\n{body}"


inputs = st.one_of(
    st.binary(max_size=2000),
    documents.map(lambda t: t.encode("utf-8")),
    documents.map(lambda t: t.encode("gb18030", errors="ignore")),
    documents.map(lambda t: t.encode("utf-16")),
    documents.map(lambda t: html_doc(t).encode("utf-8")),
    st.tuples(documents, odd_text).map(lambda p: front_matter(*p).encode("utf-8")),
    st.tuples(documents, odd_text).map(lambda p: json.dumps({"title": p[1], "text": p[0]}).encode("utf-8")),
)


def digest_or_refuse(data: bytes) -> None:
    try:
        digest = PIPELINE.run(data, name="fuzz")
    except SummarizeError as e:
        assert str(e) and "\n" not in str(e).strip()
        return
    assert len(digest.translation) == len(PIPELINE.ingest(data, name="fuzz").sentences)
    assert all(len(p) <= 60 for p in digest.key_points_zh)


@given(inputs)
def test_any_input_is_a_digest_or_a_one_line_refusal(data):
    digest_or_refuse(data)


@given(documents)
def test_any_text_through_the_command_line_exits_0_or_2(tmp_path_factory, text):
    from summarize.cli import main

    path = tmp_path_factory.mktemp("fuzz") / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert main(["run", str(path), "--format", "json", "--out", str(path.with_suffix(".json"))]) in (0, 2)
