"""`summarize bench --llm`'s accounting: what a digest needs to read and write, the editor's points included."""

from pathlib import Path

from summarize.bench_llm import needed
from summarize.pipeline import Pipeline

EXAMPLE = Path(__file__).parents[1] / "summarize" / "examples" / "ev-maker-q3.md"


class CharCounter:
    def count_tokens(self, text: str) -> int:
        return len(text)


def test_needed_counts_the_editors_points_as_read_and_their_english_as_written():
    pipeline = Pipeline.from_cards()
    article, digest = pipeline.ingest(EXAMPLE), pipeline.run(EXAMPLE)
    assert article.reference_points and digest.reference_points_en  # the example has the editor's points
    body, editor, editor_en, output = needed(CharCounter(), article, digest)
    assert body == len(article.title + article.text) and editor == len("".join(article.reference_points))
    assert editor_en == len(" ".join(digest.reference_points_en))
    assert " ".join(digest.reference_points_en) not in " ".join(a.en for a in digest.translation)  # not twice
    assert output == len(" ".join([digest.title_en, *digest.key_points_zh, *digest.key_points_en,
                                   *(a.en for a in digest.translation)]))
