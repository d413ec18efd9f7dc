import pytest

from summarize.numbers import find_en, find_zh, format_number, render_en, same_value, zh_numeral_value

ZH = [
    ("260亿美元", 2.6e10, "USD", "$26 billion"),
    ("1850亿美元", 1.85e11, "USD", "$185 billion"),
    ("1.7万亿美元", 1.7e12, "USD", "$1.7 trillion"),
    ("4000亿元", 4e11, "CNY", "400 billion yuan"),
    ("百分之三十", 30, "%", "30%"),
    ("70%", 70, "%", "70%"),
    ("18.56亿", 1.856e9, "", "1.856 billion"),
    ("5亿元", 5e8, "CNY", "500 million yuan"),
    ("一万小时", 1e4, "", "10,000"),
    ("三百二十个", 320, "", "320"),
    ("37380名", 37380, "", "37,380"),
    ("2,000家", 2000, "", "2000"),
    ("50亿元", 5e9, "CNY", "5 billion yuan"),
    ("9000多万党员", 9e7, "", "more than 90 million"),  # 多 before the scale: more than
    ("十余家公司", 10, "", "10"),  # 余 between a numeral and its classifier
    ("二十多人", 20, "", "20"),
    ("两万五千片", 25000, "", "25,000"),  # a numeral with 万 inside, whatever follows it
    ("12345678名", 12345678, "", "12,345,678"),  # exactly: not 12.3457 million
    ("1,234,567元", 1234567, "CNY", "1,234,567 yuan"),
    ("三分之二的用户", 2 / 3, "fraction", "2/3"),  # one number, not 3 and 2
    ("千分之五", 0.5, "%", "0.5%"),
    ("三四十人", 30, "", "30 to 40"),  # a range rendered whole
    ("一两个人", 1, "", "1 or 2"),
    ("三四千万元", 3e7, "CNY", "30 million to 40 million yuan"),
]


@pytest.mark.parametrize(("text", "value", "unit", "english"), ZH)
def test_chinese_quantities(text, value, unit, english):
    (q,) = find_zh(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert render_en(q) == english


@pytest.mark.parametrize("text", ["千万一定要注意", "百万一线城市", "一些人", "统一标准", "第一季度", "数千名员工", "十四五规划", "千万不要错过",
                                  "万科集团", "亿万富翁", "万一出错", "千万记住"])
def test_words_that_are_not_numbers(text):
    assert find_zh(text) == []


EN = [
    ("$26 billion", 2.6e10, "USD"),
    ("$1,850 billion", 1.85e12, "USD"),
    ("US$5bn", 5e9, "USD"),
    ("1.7 trillion", 1.7e12, ""),
    ("400 billion yuan", 4e11, "CNY"),
    ("3.5 percent", 3.5, "%"),
    ("70%", 70, "%"),
    ("37,380", 37380, ""),
]


@pytest.mark.parametrize(("text", "value", "unit"), EN)
def test_english_quantities(text, value, unit):
    (q,) = find_en(text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_numbers_inside_names_are_not_quantities():
    assert [q.text for q in find_en("COVID-19 and the A380, support 24/7")] == []


@pytest.mark.parametrize(("text", "value"), [("十二", 12), ("二十", 20), ("三百零五", 305), ("一点五", 1.5),
                                             ("二〇二一", 2021), ("十", 10)])
def test_zh_numerals(text, value):
    assert zh_numeral_value(text) == value


def test_scale_error_is_caught_by_value():
    source = find_zh("1850亿美元")[0].value
    assert same_value(find_en("$185 billion")[0].value, source)
    assert not same_value(find_en("$1,850 billion")[0].value, source)
    assert same_value(2.6e10, 2.604e10)  # a writer's rounding


@pytest.mark.parametrize(("value", "text"), [(2.6e10, "26 billion"), (1.7e12, "1.7 trillion"), (3.5, "3.5"),
                                             (12000, "12,000"), (5e6, "5 million"), (1.2345e9, "1.2345 billion"),
                                             (12345678, "12,345,678")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_single_letter_scales_need_a_currency():
    assert [q.value for q in find_en("4k video and $5m")] == [4, 5e6]


def test_round_amounts_written_with_a_scale_alone_are_numbers():
    assert [(q.value, q.unit) for q in find_zh("月薪上万元，销量破亿，近千人")] == [
        (10_000, "CNY"), (100_000_000, ""), (1000, "")]
    assert find_zh("数万人") == []  # vague: a word, not a number


@pytest.mark.parametrize(("text", "value", "unit"), [("多次万米下潜", 10_000, ""), ("亿元级融资", 1e8, "CNY"),
                                                      ("年薪万元", 10_000, "CNY"), ("千万用户", 1e7, "")])
def test_a_scale_alone_before_a_unit_or_measure_word_is_a_number(text, value, unit):
    (q,) = find_zh(text)
    assert (q.value, q.unit) == (value, unit)


def test_a_scale_inside_a_number_or_after_a_vague_word_is_not_a_number_of_its_own():
    assert [q.value for q in find_zh("营收 5 万元")] == [50_000]
    assert find_zh("十来万元") == [] and find_zh("万户") == []


def test_ten_million_before_a_range_word_is_still_an_amount():
    assert [q.value for q in find_zh("从百万到千万不等")] == [1e6, 1e7]
    assert [q.value for q in find_zh("上千万不止")] == [1e7]


@pytest.mark.parametrize(("text", "value"), [("四五", 4), ("五六百", 500), ("三四十", 30)])
def test_two_neighbouring_digits_are_a_range_read_from_its_bottom(text, value):
    assert zh_numeral_value(text) == value


@pytest.mark.parametrize(("text", "values"), [("5至10万人", [5e4, 1e5]), ("10-20亿美元", [1e9, 2e9]),
                                              ("2020年至2021年", [2020, 2021]), ("3至5名", [3, 5]),
                                              ("月薪3至5千元", [3000, 5000])])
def test_a_range_bottom_without_a_scale_takes_its_tops(text, values):
    assert [q.value for q in find_zh(text)] == values
