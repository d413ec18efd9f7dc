"""summarize: Chinese → English bilingual news digests.

    from summarize import Pipeline
    digest = Pipeline.from_cards().run(Path("article.md"))  # the learned ranker and the gloss

Importing this package is cheap: stages and backends (torch, transformers) load only when used.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Pipeline": "summarize.pipeline",
    "RunConfig": "summarize.config",
    "Article": "summarize.data",
    "Digest": "summarize.data",
    "KeyPoint": "summarize.data",
    "Sentence": "summarize.data",
    "SummarizeError": "summarize.errors",
    "load_article": "summarize.ingest",
    "to_dict": "summarize.render",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    import importlib  # noqa: PLC0415 - the lazy export table: import only what is asked for

    module = importlib.import_module(_EXPORTS[name])
    return getattr(module, "load" if name == "load_article" else name)
