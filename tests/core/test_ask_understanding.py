"""/ask in chat phrasing (issue 18): filler, soft and asked-for words, dates in everyday forms, ordinals and
ties, yes/no with premises, A or B and by how much, polarity, definitions, news, quotes from the text."""

from __future__ import annotations

import pytest

from bot.core import Status
from bot.core.ask.question import parse
from tests.conftest import CONTENT

ARTICLE = (CONTENT / "sources" / "muse-spark-launch-article.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("filler", ["hey, so {}", "{} pls", "{} lol", "ok so um {}?", "quick q: {}", "btw {} thx"])
def test_chat_filler_changes_nothing(ask, filler):
    plain = ask("/ask when did muse spark come out")
    assert plain.ok and ask("/ask " + filler.format("when did muse spark come out")).title == plain.title


def test_an_unknown_word_is_soft_where_the_answer_is_certain(ask):
    assert ask("/ask when did muse spark officially drop").title == "Muse Spark was released on Apr 8, 2026."
    assert ask("/ask when did the muse spark thingy come out").title == "Muse Spark was released on Apr 8, 2026."


@pytest.mark.parametrize("question", [
    "how many parameters does muse spark have", "what's the price of gpt-5.4", "whats the context window on muse spark",
    "how much does the muse spark api cost", "when was muse spark released in europe", "who is mark zuckerberg",
    "what is muse spark's training data cutoff", "how old is alexandr wang",
])
def test_an_unknown_word_naming_what_is_asked_declines(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.status is Status.NOT_FOUND and answer.title.startswith("The source does not say"), answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("what happened on the 8th of april", "Muse Spark launches"),
    ("what happened april 8th", "Muse Spark launches"),
    ("what happened in 03/2026", "Llama 4"),
    ("what happened in apr 26", "Muse Spark launches"),
    ("what happened in apirl 2026", "Muse Spark launches"),
    ("what happened in janaury 2026", "15,000"),
    ("what happened on 2026/04/08", "Muse Spark launches"),
])
def test_dates_in_everyday_forms(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title


def test_a_month_is_not_a_day(ask):
    assert ask("/ask what happened in april 2026").ok  # April 2026 has events of its own ...
    assert not ask("/ask what happened on april 2nd 2026").ok  # ... none of which is said to be on April 2
    assert not ask("/ask anything happen in 02/2026").ok


def test_one_date_reader_for_ask_and_timeline(ask):
    for typed in ("the 8th of april", "apirl 8, 2026"):
        answer = ask(f"/timeline {typed}")
        assert answer.ok and answer.table.rows[0][1] == "Muse Spark launches", typed


@pytest.mark.parametrize(("question", "expected"), [
    ("who's 2nd on healthbench hard", "GPT-5.4 is 2nd of 4"),
    ("who is third on the intelligence index", "Claude Opus 4.6 is 3rd of 5"),
    ("who's 2nd on the intelligence index", "No model is 2nd on Artificial Analysis Intelligence Index"),
    ("who is first on gdpval", "GPT-5.4"),
    ("which ones are tied at the top of the intelligence index", "Gemini 3.1 Pro and GPT-5.4 share first"),
    ("top 3 on the aa index", "#3 Claude Opus 4.6"),
    ("who's last on gdpval", "Muse Spark"),
    ("what does muse spark lead on", "HealthBench Hard (42.8, 1st of 4)"),
])
def test_ordinals_ties_and_cuts(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize(("question", "starts", "fact"), [
    ("muse spark beats gpt-5.4 on healthbench, right?", "Yes.", "Muse Spark (42.8) is ahead of GPT-5.4 (40.1)"),
    ("did muse spark come out in 2025?", "No.", "released on Apr 8, 2026"),
    ("was muse spark released in april 2026", "Yes.", "released on Apr 8, 2026"),
    ("is muse spark number one on the intelligence index?", "No.", "4th of 5"),
    ("is muse spark in the top 3 on the intelligence index?", "No.", "4th of 5"),
    ("did muse spark score 50 on the intelligence index", "No.", "scores 52"),
    ("is muse spark made by openai", "No.", "made by Meta Superintelligence Labs"),
    ("gpt 5.4 beat muse spark on charxiv right?", "No.", "beating both Gemini and GPT-5.4"),
    ("did meta lay off 20,000 people?", "No.", "15,000"),
    ("did meta fire 15,000 people", "Yes.", "15,000"),
    ("does muse spark have a public api", "No.", "no public API"),
    ("is contemplating mode available to everyone?", "No.", "not available to everyone"),
    ("muse spark used more tokens than gpt 5.4 right?", "No.", "Muse Spark (58 M tokens)"),
])
def test_yes_no_and_a_wrong_premise_corrected(ask, question, starts, fact):
    answer = ask(f"/ask {question}")
    assert answer.ok and answer.title.startswith(starts) and fact in answer.title, answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("which used fewer tokens, opus or gpt 5.4?", "GPT-5.4 (120 M tokens) is ahead of Claude Opus 4.6 (157 M tokens)"),
    ("by how much does muse spark lead gpt-5.4 on healthbench hard", "by 2.7"),
    ("how far behind gpt-5.4 is muse spark on gdpval", "by 249 Elo"),
    ("gemini or gpt-5.4 on the intelligence index?", "tie at 57"),
])
def test_a_or_b_and_by_how_much(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


class TestPolarity:
    """closed/open, not, without, except: each read explicitly."""

    def test_closed_asks_the_opposite_of_open(self, ask):
        assert ask("/ask is it closed source?").title == "Yes. Muse Spark is not open weights: it is closed."
        assert ask("/ask so is muse spark open weights?").title.startswith("No. Muse Spark is not open weights")
        assert ask("/ask is llama 4 closed?").title == "No. Llama 4 Maverick is open weights."

    def test_not_turns_the_question_around(self, ask):
        assert ask("/ask is muse spark not open source?").title.startswith("Yes. Muse Spark is not open weights")
        assert ask("/ask isn't muse spark open source?").title.startswith("No. Muse Spark is not open weights")
        assert "Muse Spark" in ask("/ask which models aren't open weights").title

    def test_without(self, ask):
        answer = ask("/ask does muse spark reason without burning through tokens?")
        assert answer.title.startswith("Yes.") and "without burning through tokens" in answer.title

    def test_except_leaves_models_out(self, ask):
        answer = ask("/ask which models scored higher than muse spark on the intelligence index except gpt-5.4")
        assert "Gemini 3.1 Pro (57)" in answer.title and "Claude Opus 4.6 (53)" in answer.title
        assert "leaving out GPT-5.4" in answer.title and "GPT-5.4 (57)" not in answer.title


@pytest.mark.parametrize(("question", "expected"), [
    ("what's openclaw", "OpenClaw chains skills together"),
    ("what is claudeonomics", "internal leaderboard called Claudeonomics"),
    ("what does MSL mean", "MSL is short for Meta Superintelligence Labs"),
    ("whats charxiv", "Understanding figures and charts"),
    ("what is meta ai", "the chatbot in"),
    ("what is hle", "hardest multidisciplinary"),
])
def test_what_is_x_gets_x_own_definition(ask, question, expected):
    answer = ask(f"/ask {question}")
    assert answer.ok and expected in answer.title, answer.title


@pytest.mark.parametrize("question", ["what is axios", "what is VU", "what is frontierscience research",
                                      "what is scale ai"])
def test_what_is_x_declines_when_the_source_only_mentions_x(ask, question):
    answer = ask(f"/ask {question}")
    assert answer.status is Status.NOT_FOUND and answer.title.startswith("The source does not say what"), answer.title


def test_it_means_what_the_source_is_about(catalog, ask):
    assert [m.id for m in parse(catalog, "who did it replace").mentions] == ["muse-spark"]
    assert "Llama 4 Maverick" in ask("/ask who did it replace").title
    struggles = ask("/ask where does it struggle?").title
    assert struggles.startswith("The source says: “") and ("falls short" in struggles or "trails" in struggles)


def test_a_passage_is_quoted_word_for_word_with_source_and_context(ask):
    answer = ask("/ask what does feynman do")
    quoted = answer.title.split("“", 1)[1].rstrip("”")
    assert answer.title.startswith("The source says: “") and quoted in ARTICLE
    assert answer.lines[0] == ("This is the same multi-agent pattern we’re seeing everywhere in 2026. Claude Cowork "
                               "dispatches agents to work on your computer. Feynman runs four research agents in "
                               "parallel. OpenClaw chains skills together. The difference is that Meta is building "
                               "multi-agent orchestration directly into the model layer instead of bolting it on top.")
    assert answer.footer == ("Source: Meta Muse Spark launch article (published 2026-04-08) · as of 2026-04-08",)
    heading = "“Contemplating Mode Is the Real Feature”"
    assert answer.lines[-1] == f"From: the text of Meta Muse Spark launch article, {heading}"


def test_records_still_state_the_value(ask):
    answer = ask("/ask what did muse spark get on healthbench hard")
    assert answer.title.startswith("Muse Spark scores 42.8 on HealthBench Hard")
    assert "From: /rank HealthBench Hard" in answer.lines


@pytest.mark.parametrize(("question", "about"), [
    ("anything new on gemini this week", "Gemini 3.1 Pro"), ("any news about meta?", "Meta"),
    ("what's new with gpt-5.4", "GPT-5.4"), ("latest news", ""),
])
def test_a_news_question_goes_to_news(ask, question, about):
    answer = ask(f"/ask {question}")
    assert answer.lines[-1] == f"From: /news {about}".rstrip()
    assert answer.title == "No news feeds are followed"  # the shipped content follows none


def test_news_words_inside_other_questions_stay_with_ask(ask):
    assert "From: /news" not in " ".join(ask("/ask is muse spark a new state of the art").lines)
