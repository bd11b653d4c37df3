"""/faq matching (typos, word order, other phrasings, no good match) and /help."""

import pytest

from bot.core import Request, Status


def test_listing(ask):
    answer = ask("/faq")
    assert answer.ok and len(answer.lines) == 5
    assert answer.lines[2] == "3. Is Muse Spark open source?"


@pytest.mark.parametrize(
    ("line", "question"),
    [
        ("/faq is muse spark open source", "Is Muse Spark open source?"),
        ("/faq is muse spark open sourse", "Is Muse Spark open source?"),
        ("/faq open source muse spark?", "Is Muse Spark open source?"),
        ("/faq can I download muse spark", "Is Muse Spark open source?"),
        ("/faq open weights", "Is Muse Spark open source?"),
        ("/faq what is contemplating mode", "What is Contemplating mode?"),
        ("/faq contemplatng mode", "What is Contemplating mode?"),
        ("/faq claude code openclaw", "Can I use Muse Spark with OpenClaw or Claude Code?"),
        ("/faq muse spark api", "Can I use Muse Spark with OpenClaw or Claude Code?"),
        ("/faq is it better than claude", "Is Muse Spark better than ChatGPT or Claude?"),
        ("/faq 1", "What is Meta Muse Spark?"),
        ("/faq open-source", "Is Muse Spark open source?"),
    ],
)
def test_matches(ask, line, question):
    answer = ask(line)
    assert answer.ok, answer
    assert answer.title == question


def test_answer_is_the_article_text(ask):
    answer = ask("/faq what is contemplating mode")
    assert "58% on Humanity's Last Exam and 38% on FrontierScience Research" in answer.lines[0]
    assert answer.footer


@pytest.mark.parametrize("line", ["/faq what is the weather today", "/faq how do I bake bread", "/faq asdkjh"])
def test_no_good_match_offers_closest_instead_of_guessing(ask, line):
    answer = ask(line)
    assert answer.status is Status.NOT_FOUND and answer.ephemeral
    assert "No answer matches" in answer.title
    assert all(s.startswith("/faq ") for s in answer.suggestions)


def test_faq_on_large_catalog(large_core):
    answer = large_core.handle(Request("faq", "Question 1234"))
    assert answer.ok and answer.title.startswith("Question 1234:")
    listing = large_core.handle(Request("faq", "", page=3))
    assert listing.page == 3 and listing.pages > 3


def test_help_lists_every_command_and_counts(ask, core):
    answer = ask("/help")
    usages = [field.name for field in answer.fields]
    assert usages == [command.usage for command in core.commands]
    assert "7 models, 8 benchmarks, 18 scores, 5 events, 5 FAQ entries, 1 source" in answer.lines[1]
    assert "2026-04-08" in answer.lines[1]


def test_unknown_command(ask):
    answer = ask("/bogus things")
    assert answer.status is Status.UNKNOWN_COMMAND and answer.ephemeral
    assert "/rank" in answer.lines[0]


def test_a_number_out_of_range_says_how_many_there_are(ask):
    answer = ask("/faq 9")
    assert answer.status is Status.NOT_FOUND
    assert "pick a number from 1 to 5" in answer.lines[0]
