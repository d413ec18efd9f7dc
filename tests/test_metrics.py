import pytest

from summarize.metrics import char_tokens, lcs_length, rouge_l, rouge_n, rouge_zh


def test_chinese_tokens_are_characters_without_punctuation():
    assert char_tokens("字节跳动，AI！") == ["字", "节", "跳", "动", "a", "i"]


def test_hand_computed_rouge():
    # candidate 今天天气很好 / reference 今天天气不错: 4 shared characters of 6 each
    r1 = rouge_n(char_tokens("今天天气很好"), char_tokens("今天天气不错"), 1)
    assert (r1.precision, r1.recall) == pytest.approx((4 / 6, 4 / 6))
    r2 = rouge_n(char_tokens("今天天气很好"), char_tokens("今天天气不错"), 2)
    assert r2.f1 == pytest.approx(3 / 5)  # 今天 天天 天气 of 5 bigrams each
    assert lcs_length("ABCBDAB", "BDCABA") == 4
    rl = rouge_l(list("甲乙丙丁"), list("甲丙丁戊己"))
    assert (rl.precision, rl.recall) == pytest.approx((3 / 4, 3 / 5))


def test_identical_and_disjoint():
    assert rouge_zh("示例公司。", "示例公司")["rougeL"].f1 == 1.0
    assert rouge_zh("甲乙", "丙丁")["rouge1"].f1 == 0.0
    assert rouge_zh("", "丙丁")["rouge2"].f1 == 0.0
