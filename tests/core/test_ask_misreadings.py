"""/ask, round 4 of issue 18: the wrong answers held-out batch 3 showed, each a class probed in phrasings no
batch used (the labelled set holds the batch's own): a number the question asks by, a polite request around a
question, a phrase a sentence only lists, 'but what …' as a second question, an outside organization, a yes/no
on a word the content never uses, and a sentence on other models for a question on one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", [
    "how many tokens did the 3rd place claudeonomics user burn",
    "how many tokens did user number 2 on claudeonomics consume",
    "what did the #5 claudeonomics person burn",
])
def test_a_number_asked_by_must_be_held(ask, question):
    assert not ask(f"/ask {question}").ok  # the top user's 281 billion are not theirs


@pytest.mark.parametrize(("question", "expected"), [
    ("could you tell me when muse spark was released", "Apr 8, 2026"),
    ("can you explain what gdpval measures", "Real world work tasks"),
    ("would you please tell me who made muse spark", "Meta Superintelligence Labs"),
    ("can you describe what contemplating mode is", "multiple AI agents"),
])
def test_a_polite_request_asks_the_question_it_wraps(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title and not answer.title.startswith(("Yes", "No")), answer.title


@pytest.mark.parametrize("question", [
    "what does tool use mean", "define visual chain of thought", "what does 'visual chain of thought' mean",
])
def test_a_phrase_a_sentence_only_lists_is_not_defined_by_it(ask, question):
    assert not ask(f"/ask {question}").ok


def test_a_phrase_a_sentence_uses_is_still_defined_by_it(ask):
    assert "Apollo Research" in ask("/ask what does evaluation awareness mean").title


@pytest.mark.parametrize("question", [
    "gpt-5.4 beat muse spark on gdpval, but what did claude opus 4.6 get there",
    "muse spark leads healthbench hard but what does claude opus 4.6 score there",
    "Muse Spark tops CharXiv Reasoning, but what is GPT-5.4's score there?",
])
def test_but_before_a_question_word_leaves_no_model_out(ask, question):
    answer = ask(f"/ask {question}")
    assert not answer.ok and "leaving out" not in answer.title, answer.title


def test_but_still_leaves_out_a_model(ask):
    answer = ask("/ask which models beat muse spark on gdpval but gpt-5.4")
    assert answer.ok and "leaving out GPT-5.4" in answer.title


@pytest.mark.parametrize("question", [
    "which independent organization found the evaluation awareness",
    "which third-party organization tested muse spark",
    "who flagged muse spark's evaluation awareness",
])
def test_an_outside_organization_is_not_the_maker(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.ok and "Apollo Research" in answer.title, answer.title


def test_an_outside_organization_is_never_the_makers_follow_up(ask):
    assert "Meta's follow-up" not in ask("/ask which outside organization flagged muse spark's awareness").title


@pytest.mark.parametrize("question", [
    "is muse spark a video-only model", "muse spark is an audio chatbot right", "is muse spark a speech-only assistant",
])
def test_a_yes_no_on_a_word_the_content_never_uses_declines(ask, question):
    assert not ask(f"/ask {question}").ok


@pytest.mark.parametrize("question", [
    "what capabilities are built into muse spark",
    "could you explain which capabilities muse spark has",
    "what kind of model is muse spark and what is built into it",
])
def test_a_model_s_question_is_not_answered_by_a_sentence_on_other_models(ask, question):
    assert "Llama 2" not in ask(f"/ask {question}").title


def test_a_question_asking_for_a_model_may_be_answered_by_another_s_sentence(ask):
    assert "Llama 4 Maverick" in ask("/ask what model did muse spark replace").title


@pytest.mark.parametrize(("question", "expected"), [
    ("what happened on 04/07/2026", "Claudeonomics"),  # April 7 has events, July 4 none
    ("anything happen on 07/04/2026", "Claudeonomics"),
    ("what happened 4/8/2026", "Muse Spark launch"),
])
def test_a_numeric_day_that_reads_two_ways_takes_the_reading_the_content_has(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts"), [
    ("did meta's stock tank after it fired 15,000 people", "No"),  # a number held is no yes when the sense is not
    ("did meta shares plunge after the january layoffs", "No"),
    ("did meta's stock soar after the layoffs", "Yes"),
])
def test_chat_words_for_a_fall_or_a_rise_are_read_with_their_sense(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.title.startswith(starts) and " up" in answer.title, answer.title


@pytest.mark.parametrize("question", [
    "how much did meta tell wall st it would spend on ai", "what did meta tell wall st about ai spending",
    "what did meta tell wall st it was spending on ai",
])
def test_wall_st_is_wall_street(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.ok and "$135 billion" in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts"), [
    ("gpt-5.4 edged out muse spark on gdpval?", "Yes"),
    ("does grok 4.2 edge out gemini 3.1 pro on healthbench hard", "No"),
    ("muse spark edges out gpt-5.4 on healthbench hard, yeah?", "Yes"),
])
def test_edging_out_is_beating(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.title.startswith(starts) and "is ahead of" in answer.title, answer.title


@pytest.mark.parametrize("question", [
    "can i use muse spark inside claude code", "is muse spark available inside my agent framework",
    "can i use muse spark inside openclaw",
])
def test_inside_a_tool_is_in_it(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.title.startswith("No") and "public API" in answer.title, answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("which models lead on healthbench hard according to the article", "Muse Spark is first"),
    ("what does gdpval measure, based on the article", "Real world work tasks"),
    ("where does muse spark fall short according to the benchmarks", "coding"),
])
def test_where_the_answer_should_come_from_asks_nothing(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


def test_where_the_answer_should_come_from_does_not_make_an_unknown_answerable(ask):
    assert not ask("/ask who is the ceo of meta according to the article").ok


@pytest.mark.parametrize(("question", "expected"), [
    ("where does grok 4.2 land on healthbench hard", "Grok 4.2 scores 20.3 on HealthBench Hard, 4th of 4"),
    ("where does gpt-5.4 finish on gdpval", "1st of 3"),
    ("where does muse spark sit on gdpval", "Muse Spark scores 1,427 Elo on GDPval, 3rd of 3"),
])
def test_where_a_model_lands_is_where_it_places(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts"), [
    ("does gpt-5.4 come out ahead of muse spark on gdpval", "Yes"),
    ("did gemini 3.1 pro come out ahead of grok 4.2 on healthbench hard", "Yes"),
    ("does grok 4.2 come out ahead of muse spark on healthbench hard", "No"),
])
def test_coming_out_ahead_of_a_model_is_beating_it(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.title.startswith(starts) and "is ahead of" in answer.title, answer.title
