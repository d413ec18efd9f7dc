"""The offline gloss on sentences written for this table: names and numbers must come out right (the words
between them are a gloss, and every output says so)."""

import pytest

from summarize.pipeline import Pipeline

TABLE = [
    ("雷军宣布小米将投资100亿元。", ["Lei Jun", "Xiaomi", "10 billion yuan"]),
    ("马化腾表示腾讯今年营收增长三成。", ["Pony Ma", "Tencent", "30%"]),
    ("李彦宏说百度的自动驾驶已经覆盖十几个城市。", ["Robin Li", "Baidu", "more than ten"]),
    ("刘强东创办的京东去年交易额超过2.6万亿元。", ["Richard Liu", "JD.com", "more than", "2.6 trillion yuan"]),
    ("黄仁勋称英伟达的芯片供不应求。", ["Jensen Huang", "Nvidia"]),
    ("李嘉诚旗下公司出售了港口资产。", ["Li Ka-shing"]),
    ("马斯克的特斯拉在上海工厂交付了两万五千辆车。", ["Musk", "Tesla", "Shanghai", "25,000"]),
    ("纳德拉领导的微软收购了一家游戏公司。", ["Nadella", "Microsoft"]),
    ("快手和抖音在直播电商领域竞争激烈。", ["Kuaishou", "Douyin"]),
    ("拼多多的年活跃买家数达到8.8亿。", ["Pinduoduo", "880 million"]),
    ("宁德时代的电池装机量占全球三成以上。", ["CATL", "30%"]),
    ("字节跳动招募了数千名新员工。", ["ByteDance", "thousands"]),
    ("张一鸣在2012年创办了公司。", ["Zhang Yiming", "2012"]),
    ("罗永浩在抖音上的首场直播销售额超过1.1亿元。", ["Luo Yonghao", "Douyin", "110 million yuan"]),
    ("阿里巴巴旗下的淘宝和天猫推出了新功能。", ["Alibaba", "Taobao", "Tmall"]),
    ("美团的外卖业务收入同比增长百分之三点五。", ["Meituan", "3.5%"]),
    ("华为的手机出货量下降了一千二百万台。", ["Huawei", "12 million"]),
    ("比亚迪今年前三季度销量同比增长了两倍。", ["BYD"]),
    ("蔚来和小鹏都发布了新车。", ["NIO", "Xpeng"]),
    ("台积电将在美国建设新工厂，投资120亿美元。", ["TSMC", "$12 billion"]),
    ("苹果公司的市值一度突破3万亿美元。", ["Apple", "$3 trillion"]),
    ("微信的月活跃用户超过13亿。", ["WeChat", "1.3 billion"]),
    ("滴滴出行在纽交所上市。", ["Didi", "New York Stock Exchange"]),
    ("公司净利润为9.3亿元，同比增长32.5%。", ["930 million yuan", "32.5%"]),
    ("营收达到185亿元，毛利率提高了2个百分点。", ["18.5 billion yuan", "2 percentage points"]),
    ("该基金募集了50亿美元。", ["$5 billion"]),
    ("当天股价上涨7.2%，收于每股48.5港元。", ["7.2%", "HK$48.5"]),
    ("全年交付量接近10万辆。", ["close to", "100,000"]),
    ("公司员工总数约为两万人。", ["about", "20,000"]),
    ("项目总投资逾300亿元。", ["over", "30 billion yuan"]),
    ("2021年5月10日，公司发布了财报。", ["May 10, 2021"]),
    ("去年12月，该公司完成了新一轮融资。", ["December"]),
    ("科创板上市公司数量已经超过400家。", ["STAR Market", "400"]),
    ("证监会批准了这家公司的上市申请。", ["CSRC"]),
    ("网易的游戏收入占总收入的七成。", ["NetEase", "70%"]),
    ("哔哩哔哩的用户平均年龄为22岁。", ["Bilibili", "22"]),
    ("小红书的估值达到200亿美元。", ["Xiaohongshu", "$20 billion"]),
    ("海尔和美的是中国最大的家电企业。", ["Haier", "Midea", "China"]),
    ("这是一个完美的方案。", ["perfect"]),
    ("联想在全球个人电脑市场的份额约为24%。", ["Lenovo", "24%"]),
    ("软银的孙正义投资了多家中国公司。", ["SoftBank", "Masayoshi Son"]),
    ("深圳和杭州的科技公司增长最快。", ["Shenzhen", "Hangzhou"]),
]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.from_cards("extractive", "gloss")


@pytest.mark.parametrize(("zh", "wanted"), TABLE, ids=[zh[:8] for zh, _ in TABLE])
def test_names_and_numbers_are_rendered_right(pipeline, zh, wanted):
    digest = pipeline.run(zh)
    english = " ".join(a.en for a in digest.translation)
    missing = [w for w in wanted if w.lower() not in english.lower()]
    assert not missing, f"{english!r} lacks {missing}"
    assert digest.checks.number_issues == () and digest.checks.name_issues == ()


def test_the_table_is_big_enough_to_mean_something():
    assert len(TABLE) >= 40 and sum(len(w) for _, w in TABLE) >= 80
