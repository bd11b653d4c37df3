"""/ask: plain-words questions answered from the content with their source, or declined honestly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Request, Status
from bot.core.ask.answer import respond
from bot.core.ask.question import parse
from bot.render.text import render_text
from tests.core.test_ask_eval import evaluate


def test_registered_with_one_required_text_option(core):
    command = core.commands.get("ask")
    assert command is not None and command.usage == "/ask <question>"
    assert [(o.name, o.kind, o.required) for o in command.options] == [("question", "text", True)]


def test_answers_with_source_and_as_of_and_what_it_came_from(ask):
    answer = ask("/ask when was muse spark released")
    assert answer.ok and answer.title == "Muse Spark was released on Apr 8, 2026."
    assert answer.lines[-1] == "From: /rank Muse Spark"
    assert answer.footer and "as of 2026-04-08" in answer.footer[0]


def test_options_work_like_text(core):
    answer = core.handle(Request("ask", options={"question": "is llama 4 open source"}))
    assert answer.ok and "Llama 4 Maverick is open weights" in answer.title


def test_declines_with_what_the_source_does_not_say_and_the_closest_it_does(ask):
    answer = ask("/ask how many parameters does muse spark have")
    assert answer.status is Status.NOT_FOUND and answer.ephemeral
    assert answer.title == "The source does not say how many parameters Muse Spark has."
    assert answer.lines[0] == "What it does say, closest first:" and len(answer.lines) > 1
    assert answer.suggestions


def test_best_at_uses_rank_and_says_so(ask):
    answer = ask("/ask which model is best at healthbench hard")
    assert answer.ok and answer.title.startswith("Muse Spark is first of 4 on HealthBench Hard")
    assert "From: /rank HealthBench Hard" in answer.lines


def test_versus_uses_compare_and_says_so(ask):
    answer = ask("/ask muse spark vs gpt-5.4")
    assert answer.ok and "leads on" in answer.title
    assert "From: /compare Muse Spark vs GPT-5.4" in answer.lines


def test_single_score_implies_no_rank_and_quotes_the_statement(ask):
    answer = ask("/ask what did muse spark score on humanity's last exam")
    assert "58%" in answer.title and "1st" not in answer.title and "of 1" not in answer.title
    assert any("compete with the extended reasoning modes" in line for line in answer.lines)


def test_a_typo_keeps_the_name_but_a_different_version_does_not(ask):
    assert ask("/ask when was muse sprak released").title == "Muse Spark was released on Apr 8, 2026."
    assert not ask("/ask when was gpt-5 released").ok
    assert "GPT-5.4" not in ask("/ask when was gpt 5 released").title  # the decline names no other model
    assert ask("/ask is claude opus better than gpt 5.4").title.startswith("Claude Opus 4.6 leads on")
    assert not ask("/ask what does gemini 3 score on healthbench hard").ok


def test_never_answers_a_different_question(ask):
    # the FAQ's "can I use Muse Spark with OpenClaw" shares most words, but says nothing of parameters
    assert not ask("/ask how many parameters does gpt-5.4 have").ok
    # a passage that mentions coding is not a ranking of coding
    assert not ask("/ask which model is best at coding").ok
    # the source states no release date for GPT-5.4
    assert ask("/ask when was gpt-5.4 released").title == "The source does not say when GPT-5.4 was released."


@pytest.mark.parametrize(
    ("question", "words", "date"),
    [
        ("what happened on april 8, 2026", [], "2026-04-08"),
        ("what happened on 8 april 2026", [], "2026-04-08"),
        ("what happened in april", [], "-04"),
        ("events in 2026-04", ["events"], "2026-04"),
        ("may muse spark be used in may 2026", ["muse", "spark", "may"], "2026-05"),
    ],
)
def test_dates_are_understood(catalog, question, words, date):
    parsed = parse(catalog, question)
    assert parsed.date == date
    assert all(w in parsed.words for w in words)


def test_faq_hands_low_matches_to_ask(ask):
    declined = ask("/faq how many parameters does muse spark have")
    assert declined.status is Status.NOT_FOUND and "No answer matches" in declined.title
    assert declined.lines[0] == "The source does not say how many parameters Muse Spark has."
    assert ask("/faq when was muse spark released").title == "Muse Spark was released on Apr 8, 2026."


@pytest.mark.parametrize("line", [
    "/faq is gpt-5.4 better than claude", "/faq is claude better than chatgpt", "/faq is claude open source",
    "/faq is gemini better than claude", "/faq is gemini open source", "/faq what is gemini good at",
])
def test_faq_never_answers_with_an_entry_on_another_model(ask, line):
    answer = ask(line)
    assert not answer.ok, answer.title


def test_faq_answers_about_the_named_product_and_ignores_chat_mentions(ask):
    llama = ask("/faq is llama open source")
    assert llama.ok and "Llama" in llama.title and "Muse Spark open source" not in llama.title
    assert ask("/faq @here is muse spark open source").title == "Is Muse Spark open source?"
    assert ask("/faq is it better than claude").title == "Is Muse Spark better than ChatGPT or Claude?"


def test_a_score_the_source_lacks_says_so_first(ask):
    assert ask("/ask what did gpt-5.4 score on charxiv").title.startswith(
        "The source gives no GPT-5.4 score on CharXiv Reasoning.")
    assert not ask("/ask what did gpt-5.4 score on humanity's last exam").ok


def test_chat_mentions_do_not_change_the_answer(ask):
    plain = ask("/ask what is muse spark")
    for mention in ("@everyone", "@here", "<!channel>", "<@U0123ABC>"):
        assert ask(f"/ask {mention} what is muse spark").title == plain.title


def test_faq_users_from_the_content(ask):
    answer = ask("/faq how many users does muse spark have")
    assert answer.ok and "3 billion" in answer.title


def test_labelled_set_floors(catalog):
    scores = evaluate(catalog, batch=0)
    assert scores.answerable + scores.unanswerable >= 600
    assert scores.wrong == [], scores.wrong
    assert scores.recall >= 0.98, scores.declined_answerable
    assert scores.declined == 1.0, scores.answered_unanswerable


@pytest.mark.parametrize(("batch", "recall"), [(1, 0.91), (2, 0.85), (3, 0.54)])
def test_former_held_out_batches_floors(catalog, batch, recall):
    """Held-out batches 1 to 3 (tests/core/ask_heldout/), machine-checked since their failures were looked at."""
    scores = evaluate(catalog, batch=batch)
    assert scores.answerable + scores.unanswerable >= 160
    assert scores.wrong == [], scores.wrong
    assert scores.recall >= recall, scores.declined_answerable
    assert scores.declined == 1.0, scores.answered_unanswerable


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.lists(st.sampled_from(["is", "it", "not", "what", "happened", "on", "the", "8th", "of", "apirl", "2026",
                                      "muse", "spark", "gpt", "5.4", "news", "new", "how", "many", "much", "why", "who",
                                      "2nd", "top", "3", "except", "without", "closed", "right", "?", "lol", "ppl",
                                      "15k", "better", "than", "by", "gemini", "healthbench", "nimbus", "2"]),
                     max_size=14).map(" ".join))
def test_chat_shaped_text_answers_or_declines(core, text):
    answer = core.handle(Request("ask", text))
    assert answer.status is not Status.ERROR and answer.title


def test_large_catalog(large_core):
    answer = large_core.handle(Request("ask", "what does model 7 score on benchmark 3"))
    assert answer.ok and answer.title.startswith("Model 7 Hotel scores") and "Benchmark 3 Delta" in answer.title
    assert not large_core.handle(Request("ask", "how many parameters does model 7 have")).ok


HOSTILE = ["", " ", "@everyone", "<!channel>", "<@U123>", "\u202eevil\u202c", "\x00\x01\x1b[31m", "עברית مرحبا",
           "x" * 10_000, "?" * 300, "²³", "٣", "2026-99-99", "gpt-5.4 " * 40, "how many how many"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gets_an_answer_or_a_decline(core, text):
    answer = core.handle(Request("ask", text))
    assert answer.status is not Status.ERROR and answer.title
    assert "Traceback" not in render_text(answer)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.text(max_size=30).map(lambda s: s * 10)))
def test_any_text_answers_or_declines(catalog, text):
    answer = respond(catalog, text)
    assert answer.status in (Status.OK, Status.NOT_FOUND, Status.BAD_INPUT) and answer.title


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("when was muse spark relesed", "Muse Spark was released on Apr 8, 2026."),
        ("wich model is best at helthbench hard", "Muse Spark is first of 4 on HealthBench Hard"),
        ("is muse spark opne source", "Muse Spark is not open weights"),
        ("how many usres does muse spark have", "3 billion"),
    ],
)
def test_typos_in_the_question_words_too(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title


def test_a_passage_is_never_taken_for_a_score_or_a_name_inside_a_word(ask):
    assert not ask("/ask what does claude score on healthbench").ok  # no Claude score there; a passage is no score
    assert not ask("/ask when did anthropic release claude").ok  # 'Claudeonomics' does not name Claude


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("when was muse spark released in europe", "a word nothing accounts for ('europe')"),
        ("when was gpt-5.4 released", "the record lacks the value asked for (no release date)"),
        ("how many employees does meta have", "a count needs a number next to the thing counted, owned"),
        ("when did meta say muse spark is not open weights", "a 'when' needs a dated passage"),
        ("which model is best at coding", "a 'best' needs a ranking, not a passage that mentions coding"),
        ("what does claude opus 4.6 score on healthbench hard", "no score for that model on that benchmark"),
        ("is grok better than claude opus 4.6", "no benchmark reports both"),
    ],
)
def test_decision_rule_declines(ask, question, why):
    answer = ask(f"/ask {question}")
    assert answer.status is Status.NOT_FOUND, why
    assert answer.title.startswith("The source does not say")


@pytest.mark.parametrize(
    "question",
    ["when was muse spark released", "is llama 4 open source", "who made muse spark",
     "what does muse spark score on gdpval", "when were the layoffs", "how many physicians trained muse spark"],
)
def test_decision_rule_answers_with_a_source(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.footer and any(line.startswith("From: ") for line in answer.lines)


@pytest.mark.parametrize(
    "question",
    [
        "when was meta founded",  # the source dates Meta Superintelligence Labs' creation, not Meta's founding
        "how many users does instagram have",  # '3 billion users across Facebook, Instagram, …' are not Instagram's
        "is openai better than anthropic",  # a passage naming both compares neither
    ],
)
def test_near_misses_found_in_held_out_questions_decline(ask, question):
    assert not ask(f"/ask {question}").ok


def test_a_replaced_catalog_is_freed_with_its_lexicon():
    import gc
    import weakref

    from bot.content.loader import load_catalog
    from bot.core.dispatch import prepare
    from tests.conftest import CONTENT

    old = prepare(load_catalog(CONTENT))
    gone = weakref.ref(old)
    del old
    gc.collect()
    assert gone() is None
