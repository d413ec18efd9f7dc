"""A line that leaves out a name of the glossary is asked again with the name inline; where the model still
drops the clause that held it, sampled answers are asked for, one a round, until one keeps the name."""

import re

from fake_llm import ScriptedEngine

from summarize.cards import ModelCard
from summarize.data import Term
from summarize.llm.engine import ChatResult
from summarize.llm.names_again import invented, unstated
from summarize.llm.translator import LLMTranslator
from summarize.stages import Call

SOURCE = "示例集团创始人王小明表示，公司今天在北京发布了新产品。"
NAMES = (Term("王小明", "Wang Xiaoming", "lexicon"), Term("示例集团", "Example Group", "lexicon"))
CALL = Call(glossary={t.zh: t.en for t in NAMES}, names=NAMES)
DROPPED = "The Example Group company released a new product in Beijing today ({})."
KEPT = "Founder Wang Xiaoming said the Example Group company released a new product in Beijing today ({})."


class DropsTheClause(ScriptedEngine):
    """Greedy, the model leaves out the founder's clause even with the name inline; sampled, it keeps it with
    the seeds in ``keeps`` (a seed it was given, a sampled answer is the same every time)."""

    def __init__(self, keeps=(2,), answers=None, **kwargs):
        super().__init__(**kwargs)
        self.keeps, self.answers, self.sampling = set(keeps), answers or {}, []

    def chat_one(self, request):
        self.calls.append(list(request.messages))
        self.sampling.append((request.temperature, request.seed))
        answer = self.answers.get(request.seed) or (KEPT if request.seed in self.keeps else DROPPED).format(request.seed)
        return ChatResult(answer, 10, len(answer) // 4, 0.0, 0.0)


def card(**options):
    return ModelCard("scripted", "llama-cpp", ("translate",), options={"unit": "sentence", **options})


def test_a_name_the_model_still_drops_when_asked_again_comes_back_in_a_sampled_answer():
    engine = DropsTheClause(keeps={2})
    result = LLMTranslator(card(), engine).translate([SOURCE], CALL)
    assert result.texts == (KEPT.format(2),)
    assert engine.sampling == [(None, None), (None, None), (0.7, 1), (0.7, 2)]  # the first to hold it ends the rounds
    assert result.info["names_sampled"] == 1 and result.info["names_fixed"] == 1


def test_a_sampled_ask_has_every_name_of_the_line_in_english_and_asks_for_the_one_left_out():
    engine = DropsTheClause(keeps={1})
    LLMTranslator(card(), engine).translate([SOURCE], CALL)
    sampled = engine.calls[2][-1]["content"]
    assert "Example Group创始人Wang Xiaoming表示" in sampled
    assert re.search(r"must contain these names exactly as written here: Wang Xiaoming\.$", sampled)


def test_without_samples_or_when_none_holds_the_name_the_line_is_left_for_the_names_check_to_report():
    for engine, options in ((DropsTheClause(), {"names_samples": 0}), (DropsTheClause(keeps=()), {})):
        result = LLMTranslator(card(**options), engine).translate([SOURCE], CALL)
        assert "Wang Xiaoming" not in result.texts[0] and result.info["names_fixed"] == 0
        assert result.info["names_sampled"] == (1 if options.get("names_samples", 4) else 0)
    assert len(engine.calls) == 2 + 4 and engine.sampling[-1] == (0.7, 4)


def test_sampling_follows_the_cards_temperature_and_a_line_the_first_ask_again_fixes_is_never_sampled():
    engine = DropsTheClause(keeps={3})
    LLMTranslator(card(sample_temperature=1.0), engine).translate([SOURCE], CALL)
    assert {t for t, _ in engine.sampling[2:]} == {1.0}
    fixed = ScriptedEngine()  # leaves the name out, then writes it when it stands inline
    one = Call(glossary={"王小明": "Wang Xiaoming"}, names=NAMES[:1])
    result = LLMTranslator(card(), fixed).translate([SOURCE], one)
    assert "Wang Xiaoming" in result.texts[0] and result.info["names_sampled"] == 0 and len(fixed.calls) == 2


def test_a_sampled_answer_that_brings_in_a_name_the_source_does_not_state_is_not_kept():
    invents = {1: "Founder Wang Xiaoming said the Example Group company and Baidu released a new product (1).",
               2: "Mr. Cameron said Founder Wang Xiaoming of the Example Group released a new product today (2)."}
    result = LLMTranslator(card(), DropsTheClause(keeps={3}, answers=invents)).translate([SOURCE], CALL)
    assert result.texts == (KEPT.format(3),)


def test_of_answers_that_leave_out_as_few_names_the_closest_to_the_first_english_is_kept():
    class TwoAsks(ScriptedEngine):  # the line leaves out both names; asked again, every answer holds both
        def chat_one(self, request):
            self.calls.append(list(request.messages))
            user = request.messages[-1]["content"]
            if "must contain" not in user:
                answer = "The company released a new product in Beijing today."
            elif "Example Group; Wang Xiaoming" in user or "Wang Xiaoming; Example Group" in user:
                answer = "Wang Xiaoming of Example Group spoke about several other matters at length."
            else:
                answer = "Founder Wang Xiaoming said Example Group released a new product in Beijing today."
            return ChatResult(answer, 10, len(answer) // 4, 0.0, 0.0)

    result = LLMTranslator(card(), TwoAsks()).translate([SOURCE], CALL)
    assert result.texts[0].startswith("Founder")  # asked with each name alone: closer to the first English


def test_a_known_name_counts_as_stated_in_any_of_its_chinese_forms_and_when_it_is_asked_for():
    assert invented("Didi shares fell.", "Shares fell.", "滴滴股价下跌。") == ""  # 滴滴 and 滴滴出行 are both Didi
    assert invented("Baidu and Didi shares fell.", "Shares fell.", "股价下跌。", held=["Baidu"]) == "Didi"
    assert invented("China-US trade grew.", "Trade grew.", "中美贸易增长。") == ""  # places are not judged


def test_a_capitalised_word_of_its_own_is_unstated_but_not_one_that_opens_a_sentence_or_a_month():
    first, source = "The group said data helps.", "示例集团(Example Group)说"
    assert unstated("Mr. Cameron said the Example Group data helps.", first, source) == "Cameron"
    assert unstated("Data helps, the Telenor Group said.", first, source) == "Telenor"
    assert unstated("In May the Example Group said: \"Data helps.\" It did.", first, source) == ""
    assert unstated("Wang Xiaoming said data helps.", first, source, allowed=["Wang Xiaoming"]) == ""


def test_sampled_answers_are_kept_in_the_completion_cache_apart_by_seed(tmp_path):
    from summarize.cards import load_card

    path = tmp_path / "cached.toml"
    path.write_text('name = "cached"\nbackend = "llama-cpp"\ntasks = ["translate"]\n[options]\nunit = "sentence"\n',
                    encoding="utf-8")
    engine = DropsTheClause(keeps={2})
    first = LLMTranslator(load_card(str(path)), engine).translate([SOURCE], CALL)
    again = LLMTranslator(load_card(str(path)), engine).translate([SOURCE], CALL)
    assert again.texts == first.texts == (KEPT.format(2),) and len(engine.calls) == 4


def test_a_card_may_make_a_grammar_hold_the_names_of_a_line_asked_again():
    for option, held in ((True, True), (False, False)):
        engine = ScriptedEngine()
        LLMTranslator(card(names_grammar=option), engine).translate([SOURCE], CALL)
        assert '"Wang Xiaoming"' not in engine.grammars[0]
        assert ('"Wang Xiaoming"' in engine.grammars[1]) is held
