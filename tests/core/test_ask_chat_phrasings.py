"""/ask, round 3 of issue 18: the classes of failure held-out batch 2 showed, each probed in phrasings no batch
used (the labelled set holds the batches' own): chat near-synonyms, a named subject's sentence for the slot asked,
gaps worded as trail/close/jump, yes/no with a date premise, definitions and makers, the ends of rankings, other
words for a score, and lists the article gives."""

from __future__ import annotations

import pytest

from bot.core.chart_policy import chart_wish


@pytest.mark.parametrize(("question", "expected"), [
    ("how much cash is meta investing in ai", "$135 billion"),
    ("what's meta pouring into AI", "$135 billion"),
    ("what was the reaction to llama 4", "icy reception"),
    ("who spotted evaluation awareness in muse spark", "Apollo Research"),
    ("what did meta conclude about evaluation awareness", "blocking concern"),
    ("what are its weak spots", "coding"),
    ("how many doctors curated data", "1,000 physicians"),
    ("who can use the private api", "select partners"),
])
def test_chat_words_for_the_article_s(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("by how many points does gemini 3.1 pro lead muse spark on the index", "by 5."),
    ("how close is grok to gemini on healthbench hard", "by 0.3."),
    ("how much did muse spark improve over llama 4 maverick", "by 34."),
    ("who's at the bottom of the intelligence index", "Llama 4 Maverick is last"),
    ("what's grok 4.2's healthbench hard rating", "20.3"),
    ("gpt-5.4 token consumption on the index?", "120 M tokens"),
    ("how many tokens did claude opus need for the full index", "157 M tokens"),
])
def test_gaps_ends_and_scores_in_other_words(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts", "fact"), [
    ("muse spark launched april 9th right?", "No.", "Apr 8, 2026"),
    ("muse spark came out april 8 correct?", "Yes.", "Apr 8, 2026"),
    ("when was MSL created, march '26?", "No.", "Apr 2026"),
    ("when were the meta layoffs, feb '26?", "No.", "Jan 2026"),
    ("llama 4 came out in feb '26, yeah?", "No.", "March 2026"),
    ("the layoffs were in january 2026 yeah?", "Yes.", "January 2026"),
    ("did meta hold off on releasing it?", "No.", "not a blocking concern"),
])
def test_a_date_or_a_statement_to_confirm_or_correct(ask, question, starts, fact):
    answer = ask(f"/ask {question}")
    assert answer.title.startswith(starts) and fact in answer.title, answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("what exactly is hyperion", "Hyperion data center"),
    ("what kind of feature is contemplating mode", "multi-agent reasoning feature"),
    ("which company is behind muse spark", "made by Meta Superintelligence Labs"),
    ("what llama models has meta released", "Llama, Llama 2, Llama 3, Llama 4"),
])
def test_definitions_makers_and_lists(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize("question", [
    "how much is meta putting into hyperion",  # the $135 billion is spent on AI, not said of Hyperion
    "what was the average tokens per employee on claudeonomics",  # an average the article never gives
    "how much is meta spending on ai yearly",
    "what exact day did meta poach wang",  # a month, not a day
    "when was gpt-5.4 released, march 2026?",  # a premise the source cannot check
    "what's llama 4 maverick's healthbench hard rating",
    "did meta lay off people in february 2026?",  # no: would say there were none then
])
def test_declines_what_the_article_does_not_say(ask, question):
    assert not ask(f"/ask {question}").ok


def test_chart_is_a_wish_only_at_either_end():
    assert chart_wish("/rank gdpval chart", {})[:2] == (True, "/rank gdpval")
    assert chart_wish("chart gdpval", {})[:2] == (True, "gdpval")
    assert chart_wish("does it beat gemini on chart understanding", {})[0] is None


@pytest.mark.parametrize(("question", "expected"), [
    ("what is muse spark built with", "natively multimodal"),  # the sentence that speaks of it, not of developers
    ("how did meta train it for health", "1,000 physicians"),  # how it was trained, not its HealthBench score
    ("how did muse spark fare on gdpval", "1,427 Elo"),
])
def test_the_sentence_that_speaks_of_what_is_named(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize("question", [
    "how many tokens does muse spark use per answer",  # the index run's total is no count per answer
    "how many tokens per employee on claudeonomics",
    "is muse spark the best on healthbench hard in contemplating mode",  # no HealthBench score was made in it
    "what does muse spark score on healthbench hard in contemplating mode",
])
def test_a_value_qualified_otherwise_is_another_value(ask, question):
    assert not ask(f"/ask {question}").ok


def test_a_domain_no_benchmark_measures_is_not_the_headline_score(ask):
    answer = ask("/ask muse spark coding perf?")
    assert "Intelligence Index" not in answer.title and "coding" in answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("why did meta do the layoffs", "The pitch"),  # the sentence that gives the reason, of the passage found
    ("why is hyperion being built", "being built to train them"),
])
def test_why_is_answered_by_the_reason_given(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts"), [
    ("opus used 157m tokens right", "Yes."),  # 157 M tokens, stated in full
    ("meta is spending 135b on ai right", "Yes."),  # $135 billion
    ("muse spark was trained with 10,000 physicians?", "No."),
    ("muse spark trails sonnet on gdpval?", "Yes."),  # a statement asked with '?': a yes or a no
    ("muse spark leads gpt on gdpval?", "No."),
    ("gpt-5.4 and gemini tie on the index?", "Yes."),
    ("feynman runs four agents?", "Yes."),
])
def test_a_stated_premise_is_checked_at_its_scale(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.title.startswith(starts), answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("which models did muse spark beat on healthbench hard", "3 models score lower"),  # Muse Spark beats them
    ("which models beat muse spark on the index", "3 models score higher"),
    ("what are the claudeonomics titles", "Token Legend"),  # the titles, not what Claudeonomics is
])
def test_who_beats_whom_and_the_thing_named(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


def test_which_apps_wants_them_named(ask):
    answer = ask("/ask which apps have muse spark")
    assert not answer.ok or "Instagram" in answer.title  # never 'Meta's apps and website' for a list


@pytest.mark.parametrize("question", ["what's a frontier model", "what is frontier"])
def test_a_benchmark_named_in_part_with_nothing_else_asked_quotes_nothing(ask, question):
    assert not ask(f"/ask {question}").ok


@pytest.mark.parametrize("question", [
    "how did developers react to muse spark",  # a reaction, not how it is available
    "how did the stock react to muse spark",  # the stock went up after the layoffs, not after the launch
    "is a public api coming",  # 'coming' is 'in development', and 'development' is not 'developers'
])
def test_near_synonyms_never_stretch_to_another_fact(ask, question):
    assert not ask(f"/ask {question}").ok


@pytest.mark.parametrize(("question", "starts"), [
    ("is muse spark ahead of gpt-5.4 on healthbench hard by more than 5", "No."),  # by 2.7
    ("is muse spark ahead of gpt-5.4 on healthbench hard by more than 2", "Yes."),
    ("does gpt-5.4 beat sonnet on gdpval by 30?", "No."),  # by 28
    ("muse spark relesed april 7?", "No."),  # a date stated without a question word is a premise too
])
def test_a_margin_or_a_date_stated_is_checked(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.title.startswith(starts), answer.title


def test_how_many_points_between_two_models(ask):
    assert "by 5." in ask("/ask how many points between gemini and muse spark on AA").title


@pytest.mark.parametrize(("question", "starts"), [
    ("is this article a technical deep dive?", "No."),  # 'Not ideal for: … a technical deep dive'
    ("is muse spark good at agentic tasks", "No."),  # '… but trails in coding and agentic tasks'
    ("is there an api for devs", "No."),  # 'will need to wait for a public API'
    ("can i build apps on muse spark", "No."),  # the FAQ entry's 'Not currently.'
    ("can i use muse spark with autonomous agents", "No."),  # 'won't be available through … agent frameworks'
    ("did meta flag it for more research", "Yes."),  # '"was not a blocking concern" and flagged it'
])
def test_polarity_over_a_clause(ask, question, starts):
    answer = ask(f"/ask {question}")
    assert answer.title.startswith(starts), answer.title


@pytest.mark.parametrize("question", ["how much did the index score improve from llama 4 maverick",
                                      "what's the overall verdict on muse spark"])
def test_one_score_is_no_gap_and_meta_s_conclusion_no_verdict_on_it(ask, question):
    assert not ask(f"/ask {question}").ok


@pytest.mark.parametrize(("question", "expected"), [
    ("how much did the stock rise", "stock goes up 3%"),
    ('what was "cache wizard"', "Cache Wizard"),  # one of the titles listed: 'titles like "Token Legend" and …'
    ("does muse spark do tool calling", "tool use"),
    ("whats sonnet 4.6 on gdpval", "1,648 Elo"),
    ("what's hyperion for", "being built to train them"),
])
def test_more_everyday_wordings(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


def test_an_amount_is_quoted_from_the_sentence_that_gives_it(ask):
    assert "$135 billion" in ask("/ask how much money is meta spending on ai").title


def test_a_value_s_name_is_no_thing_to_define(ask):
    assert not ask("/ask what's the ai budget").ok  # never 'Meta AI (the chatbot …)'


@pytest.mark.parametrize("question", [
    "what did muse spark score on healthbench (not hard)",  # not the benchmark it names
    "how many tokens did the bottom claudeonomics user burn",  # the top user's are not the bottom one's
    "does muse spark have voice mode",  # 'voice mode' is another mode than Contemplating
])
def test_another_thing_than_the_one_stated(ask, question):
    assert not ask(f"/ask {question}").ok


def test_falls_short_reaches_over_a_colon(ask):
    assert ask("/ask can muse spark code").title.startswith("No.")  # 'Where it falls short: coding …'


@pytest.mark.parametrize(("question", "starts"), [
    ("muse spark is meta's first closed model right?", "Yes."),  # closed: 'not open weights'
    ("did meta's stock drop after the layoffs", "No."),  # 'stock goes up 3%'
])
def test_opposites_and_their_negation(ask, question, starts):
    assert ask(f"/ask {question}").title.startswith(starts)


def test_wait_is_filler_only_first(ask):
    assert ask("/ask do developers have to wait for a public api").title.startswith("Yes.")
    assert ask("/ask wait so when did muse spark come out").title == "Muse Spark was released on Apr 8, 2026."


def test_is_x_the_y_needs_x_in_the_clause_that_says_the_y(ask):
    assert not ask("/ask is muse spark the end goal").title.startswith("Yes.")  # personal superintelligence is


@pytest.mark.parametrize(("question", "starts"), [
    ("does muse spark use fewer tokens than opus", "Yes."),  # 58 M against 157 M
    ("did gpt-5.4 use fewer tokens than muse spark", "No."),
    ("did opus use more tokens than muse spark", "Yes."),
])
def test_fewer_and_more_compare_values(ask, question, starts):
    assert ask(f"/ask {question}").title.startswith(starts)


@pytest.mark.parametrize(("question", "expected"), [
    ("define gdpval", "Real world work tasks"), ("explain contemplating mode", "multi-agent reasoning feature"),
    ("describe muse spark", "first model from Meta Superintelligence Labs"),
])
def test_define_explain_describe(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts"), [
    ("did muse spark score lower than opus on the index", "Yes."),  # 52 against 53: 'lower' is no double negative
    ("is opus more token efficient than muse spark", "No."),  # more efficient is better, not more tokens
    ("wasn't llama 4 received well", "No."),  # 'well' at the end is no filler: an icy reception
    ("is muse spark weak at coding", "Yes."),  # weak: 'trails in coding'
])
def test_comparatives_and_their_sense(ask, question, starts):
    assert ask(f"/ask {question}").title.startswith(starts)


def test_who_is_quoted_from_the_sentence_that_names_them(ask):
    assert "Apollo Research" in ask("/ask which evaluator found evaluation awareness").title


@pytest.mark.parametrize("question", [
    "what happened the day before muse spark launched",  # events in order, which no single sentence gives
    "what happened after the layoffs",
    "did msl get created before llama 4",  # an order, not who made Llama 4
])
def test_events_placed_against_others_decline(ask, question):
    assert not ask(f"/ask {question}").ok


def test_what_happened_to_x_after_y_is_no_order(ask):
    assert "stock goes up 3%" in ask("/ask what happened to the stock after the layoffs").title


def test_second_to_last_is_not_second(ask):
    assert "2nd" not in ask("/ask who's second to last on the index").title


def test_who_leads_a_mode_asks_someone(ask):
    assert not ask("/ask who at meta leads contemplating mode").ok  # not the benchmarks Muse Spark leads


@pytest.mark.parametrize("question", ["how many agents does openclaw chain",
                                      "how many research agents does claude cowork run"])
def test_a_count_is_of_the_name_asked_not_its_neighbour(ask, question):
    assert not ask(f"/ask {question}").ok  # 'Feynman runs four research agents' counts Feynman's


def test_the_count_of_the_name_asked(ask):
    assert "four research agents" in ask("/ask how many agents does feynman use").title


def test_a_benchmark_s_scores_are_no_answer_for_another_name(ask):
    assert not ask("/ask what does openclaw score on the index").ok
    assert "86.4" in ask("/ask charxiv score?").title


def test_a_yes_no_on_one_model_rests_on_no_clause_about_another(ask):
    assert not ask("/ask is gpt-5.4 available through openclaw").ok  # 'Muse Spark won't be available through …'
    assert ask("/ask does it beat gemini on chart understanding").title.startswith("Yes.")  # 'it' is the source's
