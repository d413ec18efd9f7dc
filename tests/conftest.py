from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parent.parent / "shared" / "data"
sys.path.insert(0, str(HERE))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Models folder is empty for every test; the gloss table cache is shared across the session."""
    monkeypatch.setenv("SUMMARIZE_MODELS_DIR", str(tmp_path_factory.getbasetemp() / "no-models"))
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path_factory.getbasetemp() / "hf-home"))


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name
