import pytest

from summarize.backends.gloss import GlossTranslator
from summarize.cards import load_card
from summarize.textutil import has_cjk


@pytest.fixture(scope="module")
def gloss():
    return GlossTranslator(load_card("gloss"))


@pytest.mark.parametrize(("zh", "en_part"), [
    ("公司营收达到260亿美元。", "$26 billion"),
    ("销售额有望超过1850亿美元。", "$185 billion"),
    ("市场规模为1.7万亿美元。", "$1.7 trillion"),
    ("公司在2021年5月10日上市。", "May 10, 2021"),
    ("超过百分之三十的用户。", "30%"),
    ("成交额超过4000亿元。", "400 billion yuan"),
])
def test_numbers_are_rendered_in_english(gloss, zh, en_part):
    assert en_part in gloss.gloss(zh)


def test_gloss_is_english_and_labelled(gloss):
    out = gloss.translate(["示例公司今天在北京发布了新产品。", "张伟表示，市场需求很大。"]).texts
    assert all(not has_cjk(o) for o in out)
    assert out[0].startswith(out[0][0].upper()) and out[0].endswith(".")
    assert "Beijing" in out[0]
    assert "Zhang Wei" in out[1]
    assert gloss.is_gloss is True


def test_latin_words_survive(gloss):
    assert "IPO" in gloss.gloss("公司计划进行IPO。")
    assert "TikTok" in gloss.gloss("海外版TikTok很流行。")


def test_fast_segmentation_matches_jieba(gloss):
    import jieba

    reference = jieba.Tokenizer(dictionary=gloss.dictionary.jieba_dict)
    reference.FREQ, reference.total = gloss.dictionary.jieba_freq, gloss.dictionary.jieba_total
    reference.initialized = True
    from tiny_models import CORPUS_ZH

    for sentence in [*CORPUS_ZH, "张伟雇佣了数千名新员工，并拉来知名人物直播带货。", "研究生命起源"]:
        for hmm in (True, False):
            assert gloss._tokenizer.lcut(sentence, HMM=hmm) == reference.lcut(sentence, HMM=hmm)


def test_web_and_mail_addresses_and_hyphenated_latin_words_stay_whole(gloss):
    english = gloss.gloss("星河宣布GPT-4已在https://example.com/gpt-4上线，用户可通过help@example.com反馈。")
    assert "GPT-4" in english and "https://example.com/gpt-4 " in english and "help@example.com" in english


@pytest.mark.parametrize(("zh", "ordinal"), [("第1季度", "1st"), ("第22届", "22nd"), ("第11名", "11th"), ("第3次", "3rd")])
def test_an_ordinal_in_digits_is_an_english_ordinal(gloss, zh, ordinal):
    assert gloss.gloss(zh).startswith(ordinal)


def test_an_ordinal_is_not_read_inside_a_larger_number(gloss):
    assert "10th" not in gloss.gloss("第10万辆车今天下线")


@pytest.mark.parametrize(("zh", "en"), [("三年内完成", "within 3 years"), ("30天内回复", "within 30 days"),
                                        ("一年内", "within 1 year")])
def test_a_span_of_time_with_nei_is_within_it(gloss, zh, en):
    assert en in gloss.gloss(zh).lower()
