import json
import os
import threading
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.ingest import load, parse
from summarize.ingest.decode import read_bytes


def test_36kr_post_with_numbered_editor_points(fixture_path):
    a = load(fixture_path("keypoints-top.md"))
    assert a.id == "keypoints-top"
    assert a.title == "星河科技发布新一代芯片，估值突破1200亿元"
    assert a.meta["date"].startswith("Tue, 02 Mar 2021")
    assert a.meta["categories"] == "新媒体, 36kr, 资讯"
    assert a.reference_points == (
        "星河科技发布新一代芯片，性能比上一代提高40%。",
        "公司2020年营收达到260亿美元，估值突破1200亿元。",
        "创始人李明表示，未来三年将投入50亿元用于研发。",
    )
    assert a.reference_style == "keypoints_list"
    body = a.text
    assert "1、" not in body and "性能比上一代提高40%。" not in body.split("\n")[0]
    kinds = {b.kind: b.text for b in a.boilerplate}
    assert kinds["attribution"] == "编者按：本文来自示例日报，36氪经授权发布。"
    assert kinds["caption"] == "星河科技新一代芯片的发布现场。"
    assert kinds["byline"] == "文｜王小明"
    assert "芯片行业的下一个十年" in [b.text for b in a.boilerplate if b.kind == "related"]
    # project-link anchors are reduced to their text
    assert a.sentences[0].text.startswith("示例日报 3月2日消息，星河科技今天在深圳发布")


def test_sentences_have_ids_and_paragraphs(fixture_path):
    a = load(fixture_path("keypoints-top.md"))
    assert [s.id for s in a.sentences] == list(range(len(a.sentences)))
    assert a.sentences[1].text == "这款芯片的性能比上一代提高了40%，功耗却降低了三分之一。"
    assert a.sentences[1].paragraph == 0 and a.sentences[2].paragraph == 1


def test_lead_blockquote_is_the_reference(fixture_path):
    a = load(fixture_path("lead-quote.md"))
    assert a.reference_points == ("一家成立仅五年的无人机公司，用两年时间在欧洲卖出了十万台设备。",)
    assert a.reference_style == "blockquote_summary"
    assert a.sentences[0].text == "蓝鹰无人机成立于2017年，最初只在国内销售农业无人机。"


def test_editor_note_keeps_summary_and_sets_source_apart(fixture_path):
    a = load(fixture_path("editor-note.md"))
    assert a.reference_points == ("远程办公让很多人离开了大城市。新的城市生活成本更低，通勤时间更短。",)
    kinds = [b.kind for b in a.boilerplate]
    assert kinds.count("about") == 1 and "source_note" in kinds and "byline" in kinds
    assert len(a.sentences) == 2


def test_plain_text_first_short_line_is_the_title(fixture_path):
    a = load(fixture_path("plain.txt"))
    assert a.title == "示例公司宣布完成新一轮融资"
    assert len(a.sentences) == 3 and a.reference_points == ()


def test_labelled_lead_and_hua_zhong_dian():
    a = parse("<p><strong>【示例导读】</strong>这是一段导读，概括了全文。</p><p>正文第一段的内容。</p>")
    assert a.reference_points == ("这是一段导读，概括了全文。",)
    b = parse("<p><strong>划重点：</strong></p><p>1、第一点内容。</p><p>2、第二点内容。</p><p>正文开始了。</p>")
    assert b.reference_points == ("第一点内容。", "第二点内容。")
    assert [s.text for s in b.sentences] == ["正文开始了。"]


def test_closing_bullets_with_labels_become_points():
    html = ("<p>正文有一段话。</p><h2>记住以下原则</h2><p>可以这样做</p><p>● 认真倾听。</p><p>● 及时反馈。</p>"
            "<p>不要这样做</p><p>● 随意打断。</p><p>作者｜某某</p>")
    a = parse(html)
    assert a.reference_points == ("可以这样做：认真倾听。", "可以这样做：及时反馈。", "不要这样做：随意打断。")
    assert [s.text for s in a.sentences] == ["正文有一段话。"]


def test_json_record():
    record = {"id": "r1", "title": "标题", "text": "第一句话在这里。第二句话也在。", "source": "示例"}
    a = parse(json.dumps(record, ensure_ascii=False))
    assert (a.id, a.title, len(a.sentences), a.meta["source"]) == ("r1", "标题", 2, "示例")


def test_traditional_chinese_is_normalised_but_kept():
    a = parse("臉書宣佈加入開源基金會，並承諾將會加大對這門語言的採用。")
    assert a.script == "traditional"
    s = a.sentences[0]
    assert s.text.startswith("臉書宣佈") and s.analysis_text.startswith("脸书宣布")


def test_markdown_body():
    a = parse("---\ntitle: 标题\n---\n# 小标题\n\n**加粗的一段话。**\n\n正文有[链接](http://x.y)的内容。\n")
    assert [p.kind for p in a.paragraphs] == ["heading", "text", "text"]
    assert a.sentences[2].text == "正文有链接的内容。"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"   \n\t ", "is empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"<html><body><script>var x=1;</script></body></html>", "no body text"),
    (b"This article has no Chinese at all.", "no Chinese"),
    ("---\ntitle: [unclosed\n---\n正文。".encode(), "malformed YAML front matter"),
    ("---\ntitle: x\n正文。".encode(), "never closes"),
    (b'{"title": "x"}', "no article text"),
    (b'{"title": ', "not valid JSON"),
    ('[{"title": "标题", "text": "正文。"}]'.encode(), r"JSON \(a list\), not one record"),
    ('"公司营收增长。"'.encode(), r"JSON \(a string\), not one record"),
])
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        load(data, name="case")


@pytest.mark.parametrize(("text", "title", "first"), [
    ("---\n---\n公司营收增长了百分之十。", "", "公司营收增长了百分之十。"),  # an empty front matter is closed
    ("---\ntitle: 标题\n...\n公司营收增长了百分之十。", "标题", "公司营收增长了百分之十。"),  # YAML's own end
    ("[快讯] 公司营收增长。", "", "[快讯] 公司营收增长。"),  # opens like JSON, is text
    ('"增长"是他说的。', "", '"增长"是他说的。'),
])
def test_front_matter_ends_and_text_that_only_opens_like_json(text, title, first):
    a = parse(text)
    assert (a.title, a.sentences[0].text) == (title, first)


def test_gb18030_is_decoded():
    assert load("示例公司发布了新产品。".encode("gb18030")).sentences[0].text == "示例公司发布了新产品。"


def test_size_limit_is_named(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("很长的文章。" * 200_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"over the limit of 1,000,000 bytes.*--max-bytes"):
        load(big)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.md")


def test_a_one_paragraph_post_is_never_taken_for_an_author_bio():
    text = "年薪800万元！这一薪资水平在整个行业也是可圈可点，而这位研究员年纪不大，供职于一家大型券商。"
    assert parse(text).sentences[0].text.startswith("年薪800万元！")


def test_an_editor_note_with_nothing_after_it_is_the_article():
    a = parse("编者按：为设计师打造的职场沟通系列！今天分享了11条沟通秘诀，赶紧收藏。")
    assert a.reference_points == () and len(a.sentences) == 2


def _fifo_with(tmp_path, data: bytes):
    """A named pipe that a writer thread fills with ``data`` (it gives up when the reader stops)."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with open(fifo, "wb") as f:
                f.write(data)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return fifo, writer


def test_a_pipe_over_the_limit_is_refused_without_reading_it_all(tmp_path):
    fifo, writer = _fifo_with(tmp_path, "很长的文章。".encode() * 350_000)  # 6.3 MB
    with pytest.raises(InputError, match=r"over the limit of 1,000,000 bytes.*--max-bytes"):
        load(fifo)
    writer.join()


def test_a_pipe_under_the_limit_is_read(tmp_path):
    fifo, writer = _fifo_with(tmp_path, "示例公司发布了新产品。".encode())
    assert load(fifo).sentences[0].text == "示例公司发布了新产品。"
    writer.join()


def test_an_endless_device_is_refused_at_the_limit():
    with pytest.raises(InputError, match=r"/dev/zero is over the limit of 1,000 bytes"):
        read_bytes(Path("/dev/zero"), 1000)


def test_a_file_whose_stat_size_is_zero_is_read_whole():
    data = read_bytes(Path("/proc/self/status"))
    assert data.startswith(b"Name:") and len(data) > 100
    with pytest.raises(InputError, match="over the limit of 50 bytes"):
        read_bytes(Path("/proc/self/status"), 50)


TEXT = "示例公司发布了新产品。\n它的价格是199元。\n"


@pytest.mark.parametrize(("data", "declared"), [
    (b"\xef\xbb\xbf" + "示例公司发布了新产品。".encode() + b"\xff\xfe\xc3", "UTF-8"),
    (b"\xff\xfe" + "示例公司。".encode("utf-16-le") + b"\x00\xd8A\x00", "UTF-16-LE"),  # a lone surrogate
    (b"\xfe\xff" + "示例公司。".encode("utf-16-be") + b"\x4e", "UTF-16-BE"),  # odd length: truncated
])
def test_a_byte_order_mark_then_invalid_bytes_is_a_clear_input_error(data, declared):
    with pytest.raises(InputError, match=rf"byte order mark declares {declared} but the data is not valid "
                                         rf"{declared} at byte \d+"):
        load(data, name="case")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(encoding):
    a = load(TEXT.encode(encoding))
    assert [s.text for s in a.sentences] == ["示例公司发布了新产品。", "它的价格是199元。"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_without_ascii_is_decoded(encoding):
    assert load("示例公司发布了新产品，价格很低。".encode(encoding)).sentences[0].text == "示例公司发布了新产品，价格很低。"


def test_broken_utf16_without_a_bom_says_how_to_convert():
    data = TEXT.encode("utf-16-le") + b"\x00\xdc" + TEXT.encode("utf-16-le")  # a lone low surrogate
    with pytest.raises(InputError, match=r"UTF-16-LE without a byte order mark.*byte \d+.*iconv -f UTF-16LE"):
        load(data, name="case")


@pytest.mark.parametrize("encoding", ["utf-32", "utf-16"])
def test_text_with_a_byte_order_mark_is_decoded(encoding):
    assert load(TEXT.encode(encoding)).sentences[0].text == "示例公司发布了新产品。"


def test_english_ascii_is_not_taken_for_utf16():
    with pytest.raises(InputError, match="no Chinese"):
        load(b"This is plain English text without any Chinese, written in ASCII only.")


def test_the_front_matter_id_wins_over_the_file_name(tmp_path):
    post = tmp_path / "2021-03-02-post.md"
    post.write_text("---\nid: kr-123\ntitle: 标题\n---\n正文第一句话。\n", encoding="utf-8")
    assert load(post).id == "kr-123"
    assert load(post.read_bytes()).id == "kr-123"  # the same id whether it comes from a file or stdin
    assert load(post, article_id="chosen").id == "chosen"  # an explicit id overrides


def test_the_file_stem_is_the_id_when_the_article_has_none(tmp_path):
    post = tmp_path / "no-id.md"
    post.write_text("---\ntitle: 标题\n---\n正文第一句话。\n", encoding="utf-8")
    assert load(post).id == "no-id"
    assert load(post.read_bytes(), default_id="upload").id == "upload"
    assert load(post.read_bytes()).id.startswith("sha1-")


def test_a_json_record_id_wins_over_the_default_id():
    record = json.dumps({"id": "r9", "text": "第一句话在这里。"}, ensure_ascii=False).encode()
    assert load(record, default_id="line-3").id == "r9"


@pytest.mark.parametrize("junk", ["<![", "<![ x", "<![]>", "<![CDATA[", "<!", "<?", "</", "<!--", "<a href='x"],
                         ids=["marked-section", "marked-space", "marked-empty", "cdata", "bang", "pi", "endtag",
                              "comment", "open-tag"])
def test_broken_markup_is_not_an_internal_error(junk):
    """HTMLParser raised AssertionError on '<![' followed by anything but a name."""
    sentences = [s.text for s in parse(f"<p>正文的第一句话。</p>{junk}<p>后面的一句话。</p>").sentences]
    assert sentences[0] == "正文的第一句话。"
    assert sentences[-1] == "后面的一句话。" or junk == "<!--"  # an unclosed comment runs to the end


# Markup that the standard library's HTMLParser (and the Markdown link pattern) took quadratic time over:
# minutes at these sizes, which are under the 1 MB limit.
UNCLOSED = [
    "<p>正文的第一句话。</p>" + "<a " * 300_000,
    "<p>正文的第一句话。</p>" + "</" * 450_000,
    "<p>正文的第一句话。</p>" + "<!--" * 200_000,
    "<p>正文的第一句话。</p>" + "<?" * 400_000,
    "正文的第一句话。\n\n" + "[" * 900_000,
    "正文的第一句话。\n\n" + "[](" * 300_000,
    "正文的第一句话。\n\n" + "![](" * 200_000,
]


@pytest.mark.parametrize("text", UNCLOSED, ids=["tag", "endtag", "comment", "pi", "brackets", "links", "images"])
def test_unclosed_markup_is_parsed_in_linear_time(text):
    assert parse(text).sentences[0].text == "正文的第一句话。"


def test_html_tags_comments_and_scripts():
    html = ("<!DOCTYPE html><html><head><title>页面标题</title><style>p{}</style></head><body>"
            "<!-- <p>注释里的段落。</p> --><p class='img-desc'>图片说明。</p><P>第一段<B>加粗</B>文字。<br/>换行后。</P>"
            "<script src='a.js'/><p>脚本之后的段落，A&amp;B。</p><script>if (a<b) {x = '<p>';}</script>"
            "<p>最后一段。</p></body></html>")
    a = parse(html)
    assert [s.text for s in a.sentences] == ["第一段加粗文字。", "换行后。", "脚本之后的段落，A&B。", "最后一段。"]
    assert [(b.kind, b.text) for b in a.boilerplate] == [("caption", "图片说明。")]


def test_markdown_links_with_parentheses_in_the_url():
    a = parse("正文见[维基](http://en.wikipedia.org/wiki/A_(b))和![图](x.png)的说明。")
    assert a.sentences[0].text == "正文见维基和的说明。"


def _alias_bomb(field: str) -> str:
    """Front matter of ~450 bytes whose ``field`` is 9**9 strings once expanded (a YAML "billion laughs")."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "---\n" + "\n".join([*lines, f"{field}: *a8"]) + "\n---\n正文的第一句话。\n"


@pytest.mark.parametrize("field", ["tags", "title", "id", "author"])
def test_a_yaml_alias_bomb_in_the_front_matter_is_ignored(field):
    a = parse(_alias_bomb(field))
    assert a.sentences[0].text == "正文的第一句话。"
    assert a.title == "" and a.meta == {} and a.id.startswith("sha1-")


@pytest.mark.parametrize(("data", "message"), [
    ('{"text": "正文。", "a": ' + "[" * 100_000 + "]" * 100_000 + "}", r"JSON record that cannot be read \(nested too deeply\)"),
    ('{"text": "正文。", "n": ' + "1" * 5000 + "}", r"JSON record that cannot be read \(Exceeds the limit"),
    ("---\ndate: 2021-13-45\n---\n正文。", r"malformed YAML front matter in case \(month must be in 1\.\.12\)"),
    ("---\nn: " + "1" * 5000 + "\n---\n正文。", r"malformed YAML front matter in case \(Exceeds the limit"),
])
def test_unreadable_records_and_front_matter_are_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        parse(data, name="case")


def test_front_matter_values_that_are_not_text_are_ignored():
    a = parse("---\ntitle: {a: 1}\ntags: [x, [y, z]]\nauthor: 0x" + "f" * 5000 + "\ndate: 2021-03-02\n---\n正文。")
    assert a.title == "" and a.meta == {"date": "2021-03-02"}


def test_a_str_is_the_articles_text_never_a_path(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("示例公司发布了新产品。", encoding="utf-8")
    assert load(article).id == "a"  # a Path is a file
    with pytest.raises(InputError, match="pass pathlib.Path"):
        load(str(article))  # a str naming a file: a clear error, not a guess
    assert load("示例公司发布了新产品。").sentences[0].text == "示例公司发布了新产品。"


@pytest.mark.parametrize("source", [None, 123, ["示例公司发布了新产品。"]])
def test_an_article_of_another_type_is_refused_with_what_to_pass(source):
    with pytest.raises(InputError, match="must be text"):
        load(source)


PAGE = ("<html><head><title>星河科技发布新芯片 - 示例网</title></head><body>{nav}{h1}"
        "<p>星河科技今日发布新一代芯片，性能提升50%。</p><p>公司表示，新芯片将于明年量产。</p>{footer}</body></html>")


@pytest.mark.parametrize(("nav", "footer"), [
    ('<nav><a href="/">首页</a> | <a href="/t">科技</a> | <a href="/f">财经</a></nav>', "<footer>版权所有 © 2023 示例网</footer>"),
    ('<div class="top-menu"><ul><li>首页</li><li>科技</li></ul></div>', '<div id="copyright">© 2023 示例网</div>'),
    ("<div>首页 | 科技 | 财经</div>", "<div>示例网 京ICP备12345678号</div>"),  # no markup to tell: the text does
])
def test_a_pages_menu_and_footer_are_set_apart_and_its_heading_is_the_title(nav, footer):
    a = parse(PAGE.format(nav=nav, h1="<h1>星河科技发布新芯片</h1>", footer=footer))
    assert a.title == "星河科技发布新芯片"
    assert [s.text for s in a.sentences] == ["星河科技今日发布新一代芯片，性能提升50%。", "公司表示，新芯片将于明年量产。"]
    assert {b.kind for b in a.boilerplate} == {"navigation", "footer"}


def test_a_wrapper_whose_class_merely_mentions_a_sidebar_is_the_article():
    a = parse('<div class="container has-sidebar"><div class="share-price">' + PAGE.format(nav="", h1="<h1>星河科技发布新芯片</h1>",
                                                                                          footer="") + "</div></div>")
    assert len(a.sentences) == 2 and a.title == "星河科技发布新芯片"


@pytest.mark.parametrize("line", ["据悉，该公司此前已取得京ICP证，可合法开展互联网信息服务业务。",
                                  "三大指数收盘：沪指涨0.5% | 深成指涨0.3% | 创业板指跌0.2%"])
def test_body_text_that_mentions_a_licence_or_lists_figures_is_no_boilerplate(line):
    assert [s.text for s in parse(f"标题在这里\n\n{line}\n\n另一句话在这里。").sentences][0] == line


def test_a_page_without_a_heading_takes_its_title_from_the_title_tag():
    assert parse(PAGE.format(nav="", h1="", footer="")).title == "星河科技发布新芯片"


def test_a_page_of_only_menu_and_footer_is_no_article():
    with pytest.raises(InputError, match="no body text"):
        parse("<html><body><nav>首页 | 科技 | 财经</nav><footer>版权所有 © 2023 示例网</footer></body></html>")


def test_a_markdown_tables_rule_row_is_no_sentence():
    a = parse("标题\n\n| 公司 | 营收 |\n|---|:---:|\n| 星河 | 5亿元 |\n\n公司营收增长了两成。")
    assert not any("---" in s.text for s in a.sentences) and a.sentences[-1].text == "公司营收增长了两成。"


def test_invisible_characters_are_taken_out_of_the_title_and_the_sentences():
    record = {"title": "示例\u200d公司\u202e新闻", "text": "示例\u200c公司\u200d发布\ufeff了新\x07产品。营收增长了两成\u00ad。"}
    article = parse(json.dumps(record), name="a.json")  # zero-width joiners, a BOM, a bidi override, a bell
    assert article.title == "示例公司新闻"
    assert [s.text for s in article.sentences] == ["示例公司发布了新产品。", "营收增长了两成。"]
    family = parse("示例公司的家庭套餐👨\u200d👩\u200d👧上线了。营收增长了两成。", name="a.txt")
    assert "👨\u200d👩\u200d👧" in family.sentences[0].text  # a joiner between emoji holds them together
