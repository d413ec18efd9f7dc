import pytest

from summarize.cards import find_weights, load_card
from summarize.errors import ConfigError, UnknownModelError


def test_every_shipped_card_loads_and_has_a_backend():
    from summarize.cards import available_cards
    from summarize.registry import BACKENDS

    names = available_cards()
    assert {"extractive", "gloss", "opus-mt-zh-en", "nllb-200-distilled-600m", "mt5-xlsum",
            "qwen2.5-coder-1.5b-gguf", "qwen2.5-1.5b-instruct"} <= set(names)
    for name in names:
        card = load_card(name)
        assert card.name == name
        assert set(card.tasks) <= set(BACKENDS[card.backend].tasks)


def test_unknown_card_suggests_close_names():
    with pytest.raises(UnknownModelError, match="did you mean 'opus-mt-zh-en'"):
        load_card("opus-mt-zh")


def test_invalid_card_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nbackend = "gloss"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="has no 'tasks'"):
        load_card(str(bad))


@pytest.mark.parametrize(("lines", "field"), [
    ('tasks = "summarize"', "tasks"), ("tasks = 5", "tasks"), ('tasks = ["summarize"]\noptions = "x"', "options"),
    ('tasks = ["summarize"]\ngeneration = [1]', "generation"), ('tasks = ["summarize"]\nauto = {summarize = "high"}', "auto"),
    ('tasks = ["summarize"]\nname = 3', None),  # TOML refuses the key twice: a syntax error
])
def test_a_card_of_the_wrong_shape_is_one_line_naming_the_field(tmp_path, lines, field):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'name = "bad"\nbackend = "extractive"\n{lines}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=f"'{field}' is not of the right kind" if field else "not valid TOML"):
        load_card(str(bad))


def test_hub_cache_snapshot_follows_the_revision(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    repo = tmp_path / "models--org--tiny"
    for commit in ("aaa111", "bbb222"):
        (repo / "snapshots" / commit).mkdir(parents=True)
        (repo / "snapshots" / commit / "config.json").write_text("{}")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("bbb222")
    card_file = tmp_path / "tiny.toml"
    card_file.write_text('name = "tiny"\nbackend = "hf-seq2seq"\ntasks = ["translate"]\nmodel = "org/tiny"\n')
    assert find_weights(load_card(str(card_file))) == repo / "snapshots" / "bbb222"
    card_file.write_text(card_file.read_text() + 'revision = "aaa111"\n')
    assert find_weights(load_card(str(card_file))) == repo / "snapshots" / "aaa111"
    card_file.write_text(card_file.read_text().replace("aaa111", "v9"))
    assert find_weights(load_card(str(card_file))) is None


def test_a_broken_card_in_the_cards_folder_is_listed_as_such_and_never_stops_the_others(tmp_path, monkeypatch, capsys):
    import shutil

    from summarize import cards
    from summarize.models_cli import list_models
    from summarize.registry import pick_auto

    for path in cards.cards_dir().iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.toml").write_text('name = "broken"\nbackend =\n', encoding="utf-8")
    monkeypatch.setenv("SUMMARIZE_CARDS_DIR", str(tmp_path))
    assert list_models() == 0
    out = capsys.readouterr().out
    assert "broken" in out and "cannot be read: model card" in out and "gloss" in out
    assert pick_auto("summarize")[0].name != "broken"
