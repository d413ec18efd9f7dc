import pytest

from summarize.segment import chunk, fit_to_budget, split_clauses, split_sentences

CASES = [
    ("今天下雨。明天晴天！后天呢？", ["今天下雨。", "明天晴天！", "后天呢？"]),
    ("他说：“这是真的。”然后离开了。", ["他说：“这是真的。”", "然后离开了。"]),
    ("（括号里的一句。）后面还有", ["（括号里的一句。）", "后面还有"]),
    ("营收增长了3.5%。利润下降", ["营收增长了3.5%。", "利润下降"]),
    ("第一；第二；", ["第一；", "第二；"]),
    ("等待……终于来了。", ["等待……", "终于来了。"]),
    ("真的吗？？是的！！", ["真的吗？？", "是的！！"]),
    ("作者Brian X. Chen测评了软件。下一句。", ["作者Brian X. Chen测评了软件。", "下一句。"]),
    ("The U.S. economy grew 3.5 percent. Mr. Smith agreed.", ["The U.S. economy grew 3.5 percent.", "Mr. Smith agreed."]),
    ("地址：https://www.example.com/a.b?c=1。结束了。", ["地址：https://www.example.com/a.b?c=1。", "结束了。"]),
    ("访问example.com了解更多。好", ["访问example.com了解更多。", "好"]),
    ("「你好。」「再见。」", ["「你好。」", "「再见。」"]),
    ("   ", []),
    ("没有标点的一句话", ["没有标点的一句话"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_splitting_loses_no_characters(text):
    assert "".join(split_sentences(text)).replace(" ", "") == text.strip().replace(" ", "")


def test_split_clauses_keeps_punctuation():
    assert split_clauses("一，二；三：四") == ["一，", "二；", "三：", "四"]


def test_chunk_respects_budget_and_order():
    items = ["aaaa", "bbb", "cc", "dddddddd", "e"]
    chunks = chunk(items, budget=6)
    assert [i for c in chunks for i in c] == list(range(5))
    assert chunks == [[0], [1, 2], [3], [4]]  # an item over the budget gets a chunk of its own


def test_fit_to_budget_cuts_at_clauses_then_hard():
    sentence = "第一个分句比较短，第二个分句也不长，第三个分句收尾。"
    pieces = fit_to_budget(sentence, 10)
    assert "".join(pieces) == sentence
    assert all(len(p) <= 10 for p in pieces)
    assert pieces[0] == "第一个分句比较短，"
    assert fit_to_budget("短句。", 10) == ["短句。"]


def test_split_clauses_never_cuts_inside_a_number_or_a_time():
    assert split_clauses("售价1,850美元，10:30开售,数量有限") == ["售价1,850美元，", "10:30开售,", "数量有限"]
    assert "".join(split_clauses("a, b,1,2, c")) == "a, b,1,2, c"


# Inputs on which splitting was quadratic (minutes to hours at these sizes); linear now.
LONG = [
    ("好" * 300_000, 1),  # a CJK run was rescanned from every character for an e-mail address
    ("好。" + "a." * 150_000 + "x", 2),  # the same for a domain name
    ("好。" + "." * 300_000 + "好", 3),  # an ellipsis of dots, backtracked from every dot
    ("Abc def. " * 30_000, 30_000),  # each Latin full stop looked back over the whole text
    ("http://a.cn 好。" * 50_000, 50_000),  # each cut was checked against every URL
]


@pytest.mark.parametrize(("text", "count"), LONG, ids=["cjk-run", "dotted-run", "dots", "latin-stops", "urls"])
def test_splitting_a_long_paragraph_is_linear(text, count):
    sentences = split_sentences(text)
    assert len(sentences) == count
    assert "".join(sentences).replace(" ", "") == text.strip().replace(" ", "")


def test_fit_to_budget_measures_a_huge_sentence_a_few_times_only():
    """The length function (a model's tokenizer) once ran over the whole rest of the sentence per piece."""
    measured = 0

    def length(text: str) -> int:
        nonlocal measured
        measured += len(text)
        return len(text)

    sentence = "好" * 100_000
    pieces = fit_to_budget(sentence, 500, length)
    assert "".join(pieces) == sentence and len(pieces) == 200 and all(len(p) == 500 for p in pieces)
    assert measured <= 4 * len(sentence)


def test_even_chunks_keep_order_and_share_the_length():
    from summarize.segment import chunk_even

    items = ["一" * n for n in (10, 30, 10, 10, 20, 10, 10)]
    groups = chunk_even(items, 4)
    assert [i for g in groups for i in g] == list(range(7))
    assert [sum(len(items[i]) for i in g) for g in groups] == [40, 20, 20, 20]
    assert chunk_even(["一"], 4) == [[0]]
