"""Property-based fuzzing of what users feed the tool: bytes, odd Unicode, HTML, front matter, JSON records.
Whatever comes in, ingest and the default pipeline raise only SummarizeError (a one-line message, exit 2),
never an internal error. Bounded and derandomised for CI (no deadline: a deadline is a timed assertion);
`python eval/fuzz.py --examples 5000` is the long run."""

import io
import json
from unittest.mock import patch

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
# Markup and layout that ingest treats specially (each once broke or slowed something: '<![' raised in
# HTMLParser, unclosed tags and '[' were quadratic, '1,850' was cut as a clause).
markup = st.sampled_from(["<![", "<![CDATA[", "]]>", "<!--", "-->", "<?", "</", "<a ", "<a href='", "<b>", "</b>",
                          "<li>", "<blockquote>", "<h2>", "<br/>", "<p class='img-desc'>", "&#", "&amp;", "&#x",
                          "<script>", "</script>", "[", "](", "![](", "> ", "# ", "- ", "● ", "1、", "2、", "编者按：",
                          "【导读】", "划重点", "Mr. Smith. ", "U.S. ", "a.b.", "...", "1,850", "10:30", "a@b.cn"])
documents = st.lists(st.one_of(pieces, markup), max_size=30).map("".join)


def html_doc(body: str) -> str:
    return f"<html><head><title>{body[:20]}</title></head><body><p>{body}</p><script>x</script></body></html>"


def front_matter(body: str, title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-01-01\nid: {title[:8]}\n---\n{body}"


# YAML values: quoting, lists, nesting, anchors and aliases, dates (valid or not), huge numbers, block scalars.
yaml_values = st.one_of(odd_text.map(json.dumps), cjk, st.sampled_from([
    '"引号: 标题"', "'单引号'", "[a, b]", "[a, [b, c]]", "{a: 1}", "&x [1, 2]", "*x", "2021-03-02", "2021-13-45",
    "2021-03-02 10:00:00", "1" * 5000, "0x" + "f" * 5000, "1e99999", "yes", "null", "~", "|\n  多行\n  文本",
    ">\n  折叠的\n  文本", "'unclosed", "[unclosed", "!!binary aGVsbG8=", "!!str 1", "\t制表符", "", "- a\n- b"]))
BOMB = "".join([f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i else '"x"'] * 9) + "]\n" for i in range(9)])
yaml_keys = st.sampled_from(["title", "id", "date", "tags", "categories", "author", "url", "source", "x", "? [k]"])
front_matters = st.tuples(st.lists(st.tuples(yaml_keys, yaml_values), max_size=6), st.booleans(), documents).map(
    lambda p: "---\n" + (BOMB if p[1] else "") + "".join(f"{k}: {v}\n" for k, v in p[0]) + "---\n" + p[2])
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                      max_size=3), max_leaves=8)
records = st.fixed_dictionaries({"text": documents}, optional={
    "title": json_values, "id": json_values, "tags": json_values, "date": json_values, "content": json_values})
deep_json = st.integers(1, 3000).map(lambda n: '{"text": "正文的一句话。", "a": ' + "[" * n + "]" * n + "}")

# Long inputs made of one piece (or one small document) repeated, up to 6,000 characters: where a pattern is
# quadratic, these are the inputs that take long (eval/fuzz.py lists the slowest).
repeated = st.tuples(st.one_of(pieces, markup, documents), st.integers(2, 6000)).map(lambda p: (p[0] * p[1])[:6000])

inputs = st.one_of(
    st.binary(max_size=2000),
    repeated.map(lambda t: t.encode("utf-8")),
    st.tuples(st.sampled_from(["<p>", "---\ntitle: x\n---\n", '{"text": "']), repeated).map(
        lambda p: (p[0] + p[1] + ('"}' if p[0].startswith("{") else "")).encode("utf-8")),
    front_matters.map(lambda t: t.encode("utf-8")),
    records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8")),
    deep_json.map(str.encode),
    documents.map(lambda t: t.encode("utf-16-le")),
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


@settings(max_examples=40)
@given(inputs)
def test_any_input_on_stdin_exits_0_or_2(tmp_path_factory, data):
    from summarize.cli import main

    out = tmp_path_factory.mktemp("fuzz") / "out.json"
    with patch("sys.stdin", io.TextIOWrapper(io.BytesIO(data))):
        assert main(["run", "-", "--format", "json", "--max-bytes", "20000", "--out", str(out)]) in (0, 2)
