"""A line that leaves out a name of the glossary is asked again with the name inline; where the model still
drops the clause that held it, a few sampled answers are asked for and the best one is kept."""

from fake_llm import ScriptedEngine

from summarize.cards import ModelCard
from summarize.data import Term
from summarize.llm.engine import ChatResult
from summarize.llm.names_again import invented
from summarize.llm.translator import LLMTranslator
from summarize.stages import Call

SOURCE = "示例集团创始人王小明表示，公司今天在北京发布了新产品。"
NAMES = (Term("王小明", "Wang Xiaoming", "lexicon"),)
CALL = Call(glossary={"王小明": "Wang Xiaoming"}, names=NAMES)


class DropsTheClause(ScriptedEngine):
    """Greedy, the model leaves out the founder's clause even with the name inline; sampled, it keeps it with
    the seeds in ``keeps`` (a seed it was given, a sampled answer is the same every time)."""

    def __init__(self, keeps=(2,), **kwargs):
        super().__init__(**kwargs)
        self.keeps, self.sampling = set(keeps), []

    def chat_one(self, request):
        self.calls.append(list(request.messages))
        self.sampling.append((request.temperature, request.seed))
        if request.seed in self.keeps:
            answer = f"Founder Wang Xiaoming said the company released a new product in Beijing today ({request.seed})."
        else:
            answer = f"The Example Group company released a new product in Beijing today ({request.seed})."
        return ChatResult(answer, 10, len(answer) // 4, 0.0, 0.0)


def card(**options):
    return ModelCard("scripted", "llama-cpp", ("translate",), options={"unit": "sentence", **options})


def test_a_name_the_model_still_drops_when_asked_again_comes_back_in_a_sampled_answer():
    engine = DropsTheClause(keeps={2})
    result = LLMTranslator(card(), engine).translate([SOURCE], CALL)
    assert result.texts == ("Founder Wang Xiaoming said the company released a new product in Beijing today (2).",)
    assert engine.sampling == [(None, None), (None, None), (0.7, 1), (0.7, 2), (0.7, 3)]  # the line, again, 3 samples
    assert result.info["names_sampled"] == 1 and result.info["names_fixed"] == 1


def test_of_several_sampled_answers_that_hold_the_name_the_closest_to_the_first_english_is_kept():
    class Closer(DropsTheClause):
        def chat_one(self, request):
            result = super().chat_one(request)
            if request.seed == 1:  # holds the name too, and comes first, but says something else
                return ChatResult("Wang Xiaoming, a founder, spoke in Beijing about several other matters.", 10, 12, 0, 0)
            return result

    result = LLMTranslator(card(), Closer(keeps={1, 3})).translate([SOURCE], CALL)
    assert result.texts[0].endswith("(3).")


def test_without_samples_or_when_none_holds_the_name_the_line_is_left_for_the_names_check_to_report():
    for engine, options in ((DropsTheClause(), {"names_samples": 0}), (DropsTheClause(keeps=()), {})):
        result = LLMTranslator(card(**options), engine).translate([SOURCE], CALL)
        assert "Wang Xiaoming" not in result.texts[0] and result.info["names_fixed"] == 0
    assert len(engine.calls) == 5 and engine.sampling[-1] == (0.7, 3)


def test_sampling_follows_the_cards_temperature_and_a_line_the_first_ask_again_fixes_is_never_sampled():
    engine = DropsTheClause()
    LLMTranslator(card(sample_temperature=1.0), engine).translate([SOURCE], CALL)
    assert {t for t, _ in engine.sampling[2:]} == {1.0}
    fixed = ScriptedEngine()  # leaves the name out, then writes it when it stands inline
    result = LLMTranslator(card(), fixed).translate([SOURCE], CALL)
    assert "Wang Xiaoming" in result.texts[0] and result.info["names_sampled"] == 0 and len(fixed.calls) == 2


def test_sampled_answers_are_kept_in_the_completion_cache_apart_by_seed(tmp_path):
    from summarize.cards import load_card

    path = tmp_path / "cached.toml"
    path.write_text('name = "cached"\nbackend = "llama-cpp"\ntasks = ["translate"]\n[options]\nunit = "sentence"\n',
                    encoding="utf-8")
    engine = DropsTheClause(keeps={2})
    first = LLMTranslator(load_card(str(path)), engine).translate([SOURCE], CALL)
    again = LLMTranslator(load_card(str(path)), engine).translate([SOURCE], CALL)
    assert again.texts == first.texts and "Wang Xiaoming" in again.texts[0] and len(engine.calls) == 5


def test_a_card_may_make_a_grammar_hold_the_names_of_a_line_asked_again():
    for option, held in ((True, True), (False, False)):
        engine = ScriptedEngine()
        LLMTranslator(card(names_grammar=option), engine).translate([SOURCE], CALL)
        assert '"Wang Xiaoming"' not in engine.grammars[0]
        assert ('"Wang Xiaoming"' in engine.grammars[1]) is held


def test_a_sampled_answer_that_brings_in_a_known_name_the_source_does_not_state_is_not_kept():
    class Invents(DropsTheClause):
        def chat_one(self, request):
            result = super().chat_one(request)
            if request.seed == 1:  # holds the name and is the closest to the first English, but brings in Baidu
                return ChatResult("The Example Group company of Wang Xiaoming and Baidu released a new product in "
                                  "Beijing today (1).", 10, 12, 0, 0)
            return result

    result = LLMTranslator(card(), Invents(keeps={3})).translate([SOURCE], CALL)
    assert result.texts[0].endswith("(3).") and "Baidu" not in result.texts[0]


def test_a_known_name_counts_as_stated_in_any_of_its_chinese_forms_and_when_it_is_asked_for():
    assert invented("Didi shares fell.", "Shares fell.", "滴滴股价下跌。") == ""  # 滴滴 and 滴滴出行 are both Didi
    assert invented("Baidu and Didi shares fell.", "Shares fell.", "股价下跌。", held=["Baidu"]) == "Didi"
    assert invented("China-US trade grew.", "Trade grew.", "中美贸易增长。") == ""  # places are not judged
