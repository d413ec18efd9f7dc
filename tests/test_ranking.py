import subprocess
import sys
import textwrap

import numpy as np

from summarize.ranking import Weights, best_source, choose, pairwise, tfidf, tfidf_matrix

WORDS = ["公司", "发布", "芯片", "营收", "增长", "市场", "用户", "城市", "投资", "研发", "利润", "产品", "AI", "2021年"]


def sentences(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(WORDS, size=rng.integers(3, 12))) + "。" for _ in range(n)]


def test_sparse_similarities_equal_the_dense_ones():
    texts = sentences(80) + ["", "。"]  # empty rows too
    x = tfidf(texts)
    dense = tfidf_matrix(texts)
    assert np.allclose(x.gram(), pairwise(dense), atol=1e-12)
    assert np.allclose(x.dot(5), dense @ dense[5], atol=1e-12)
    assert np.allclose(x.degree(), pairwise(dense).sum(axis=1), atol=1e-9)


def test_best_source_is_the_most_similar_sentence():
    sources = ["天气很好。", "公司发布了新芯片，性能提高四成。", "用户数量增长。"]
    assert best_source("新芯片性能提高", sources) == 1


def test_an_article_longer_than_the_pool_keeps_its_central_sentences():
    """Past the pool, sentences are shortlisted first; the points are those an unlimited ranking finds."""
    theme = ["示例公司发布新一代芯片，性能提高四成。", "新一代芯片由示例公司研发，性能提高明显。",
             "示例公司表示，芯片性能提高四成，功耗更低。"]
    rng = np.random.default_rng(1)  # unrelated filler: random characters
    texts = ["".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, size=20)) + "。" for _ in range(700)]
    for i, t in zip((40, 300, 650), theme):
        texts[i:i] = [t] * 5
    exact = choose(texts, "示例公司发布新芯片", 3, Weights(pool=100_000))
    assert choose(texts, "示例公司发布新芯片", 3, Weights(pool=100)) == exact
    assert {texts[i] for i in exact} <= set(theme)


def test_short_articles_are_ranked_exactly_within_the_pool():
    texts = sentences(120, seed=2)
    assert choose(texts, "公司营收", 3, Weights()) == choose(texts, "公司营收", 3, Weights(pool=10**6))


def test_a_hundred_thousand_tiny_sentences_rank_in_bounded_memory():
    """'好吗？' × 100,000 once asked for a 74.5 GiB matrix; now it fits under a 1.5 GB address-space cap."""
    code = textwrap.dedent("""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from summarize.ingest import parse
        from summarize.ranking import Weights, best_source, choose
        article = parse("好吗？" * 100_000)
        texts = [s.analysis_text for s in article.sentences]
        assert len(texts) == 100_000
        assert len(choose(texts, "", 3, Weights())) == 3
        assert 0 <= best_source("好吗", texts) < len(texts)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
