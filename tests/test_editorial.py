"""Which blocks are the editor's summary: a table of articles written for the test, the shapes of the dev
archive and those beyond it, and articles whose look-alikes must stay in the body."""

import pytest

from summarize.ingest import parse

BODY = "<p>示例公司在示例市建成了第一座工厂，年产能达到十万台。</p><p>公司计划明年在海外市场推出第二代产品，售价不变。</p>"

FOUND = [
    # the dev shapes
    ("numbered points on top", "<p><strong>1、营收增长两成。</strong></p><p><strong>2、利润翻倍。</strong></p>" + BODY,
     "keypoints_list", ("营收增长两成。", "利润翻倍。")),
    ("labelled lead", "<p>【示例导读】本文讲述示例公司如何建成第一座工厂。</p>" + BODY, "labelled_summary",
     ("本文讲述示例公司如何建成第一座工厂。",)),
    ("editor's note", "<p>编者按：示例公司用三年建成了工厂，本文讲述其中的经过。</p>" + BODY, "editor_note_summary",
     ("示例公司用三年建成了工厂，本文讲述其中的经过。",)),
    ("lead blockquote", "<blockquote><p>一座工厂如何在三年里建成？</p></blockquote>" + BODY, "blockquote_summary",
     ("一座工厂如何在三年里建成？",)),
    ("closing bullets", BODY + "<h2>读完这篇文章后请记住这些</h2><p>● 产能十万台。</p><p>● 明年出海。</p>", "keypoints_list_at_end",
     ("产能十万台。", "明年出海。")),
    # beyond the dev shapes
    ("划重点 after an attribution and related reading",
     "<p>编者按：本文来自微信公众号“示例周刊”，经授权发布。</p><p>相关阅读：示例公司的故事</p><p><strong>划重点：</strong></p>"
     "<p>1、工厂三年建成。</p><p>2、产能十万台。</p>" + BODY, "keypoints_list", ("工厂三年建成。", "产能十万台。")),
    ("划重点 bullets after an editor's note",
     "<p>编者按：这是一篇关于工厂的文章。</p><p>划重点</p><p>● 工厂三年建成。</p><p>● 明年出海。</p>" + BODY,
     "keypoints_list", ("工厂三年建成。", "明年出海。")),
    ("要点 with one short paragraph", "<p><strong>要点</strong></p><p>工厂三年建成，明年出海。</p>" + BODY,
     "keypoints_list", ("工厂三年建成，明年出海。",)),
    ("summary list under its own heading at the end",
     BODY + "<h2>本文要点</h2><ul><li>工厂三年建成。</li><li>产能十万台。</li></ul>", "summary_at_end",
     ("工厂三年建成。", "产能十万台。")),
    ("bold 总结 and a paragraph at the end", BODY + "<p><strong>总结</strong></p><p>示例公司用三年建成工厂，明年出海。</p>",
     "summary_at_end", ("示例公司用三年建成工厂，明年出海。",)),
    ("TL;DR heading at the end", BODY + "<h3>TL;DR</h3><p>三年建厂，明年出海。</p>", "summary_at_end",
     ("三年建厂，明年出海。",)),
    ("lead abstract paragraph", "<p>摘要：示例公司用三年建成了第一座工厂，并计划出海。</p>" + BODY, "labelled_summary",
     ("示例公司用三年建成了第一座工厂，并计划出海。",)),
    ("导语 paragraph after a byline", "<p>作者｜示例</p><p>导语：一座工厂如何在三年里建成。</p>" + BODY,
     "labelled_summary", ("一座工厂如何在三年里建成。",)),
]

NOT_FOUND = [
    ("the article's own conclusion (结语)", BODY + "<h2>结语</h2><p>工厂的故事还在继续。</p>"),
    ("numbered steps in the middle, not bold", BODY + "<p>1、先选址。</p><p>2、再建厂。</p>" + BODY),
    ("摘要 inside a sentence", "<p>摘要显示，示例公司的营收增长了两成。</p>" + BODY),
    ("a 总结 section that goes on", "<p>开头。</p><h2>总结</h2>" + BODY + "<p>还有第三段很长的内容。</p>" + BODY),
    ("a 划重点 label with nothing after it but a heading", "<p>划重点</p><h2>第一部分</h2>" + BODY),
    ("a closing bold 要点 with nothing after it", BODY + "<p><strong>要点</strong></p>"),
    ("a quote in the middle", BODY + "<blockquote><p>这是一句引语。</p></blockquote>" + BODY),
    ("bullets in the middle", "<p>● 一点。</p>" + BODY + "<p>● 另一点。</p>" + BODY),
]


@pytest.mark.parametrize("name, html, style, points", FOUND, ids=[c[0] for c in FOUND])
def test_the_editor_summary_is_found_and_taken_out_of_the_body(name, html, style, points):
    article = parse(html)
    assert (article.reference_style, article.reference_points) == (style, points)
    body = "".join(s.text for s in article.sentences)
    assert body.startswith("示例公司在示例市") or "示例公司在示例市" in body
    assert not any(p in body for p in points)


@pytest.mark.parametrize("name, html", NOT_FOUND, ids=[c[0] for c in NOT_FOUND])
def test_what_is_not_an_editor_summary_stays_in_the_body(name, html):
    article = parse(html)
    assert article.reference_points == () and article.reference_style == ""
