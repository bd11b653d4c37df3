"""Regression tests for the lookup review: versions, meaning-inverting typos, trailing separators, mentions,
spaced synonyms, out-of-range pages and huge numbers."""

import pytest

from bot.content.names import same_numbers, search_words
from bot.core import Request, Status


def titles(answer):
    return [row[1] for row in answer.table.rows] if answer.table else []


# 1. A number typed that differs from the real name's is another version: never resolved, at most suggested.
@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("/timeline llama 3", "Llama 4 Maverick"),
        ("/timeline llama 2", "Llama 4 Maverick"),
        ("/timeline llama 5", "Llama 4 Maverick"),
        ("/timeline muse spark 2", "Muse Spark"),
        ("/timeline gpt-5", "GPT-5.4"),
        ("/timeline opus 4.5", "Claude Opus 4.6"),
        ("/timeline gemini 2", "Gemini 3.1 Pro"),
    ],
)
def test_timeline_never_resolves_another_version(ask, line, wrong):
    answer = ask(line)
    assert answer.title != f"Timeline: {wrong}" and not answer.title.startswith(f"Timeline: {wrong} (")
    assert not any(f"About {wrong}" == f.name for f in answer.fields)
    if answer.table:  # only events that hold the typed words, never the other version's
        assert "Llama 4 launches to an icy reception" not in titles(answer)
        assert "Muse Spark launches" not in titles(answer)


def test_timeline_other_version_is_suggested(ask):
    answer = ask("/timeline llama 5")
    assert answer.status is Status.NOT_FOUND
    assert "/timeline Llama 4 Maverick" in answer.suggestions


def test_timeline_llama_3_shows_what_the_sources_say_about_llama_3(ask):
    answer = ask("/timeline llama 3")
    assert "Llama 4 Maverick" not in answer.title
    assert all("Llama 3" in line for f in answer.fields for line in f.value.splitlines())


def test_same_versions_and_typos_still_resolve(ask):
    assert ask("/timeline llama 4").title == "Timeline: Llama 4 Maverick"
    assert titles(ask("/timeline muse sprak")) == ["Muse Spark launches"]
    assert same_numbers("gpt 5.4", "GPT-5.4") and same_numbers("muse sprak", "Muse Spark")
    assert not same_numbers("gpt-5", "GPT-5.4") and not same_numbers("muse spark 2", "Muse Spark")


def test_a_number_word_is_matched_whole():
    texts = ("gpt-5.4 launches", "llama 4 launches", "15,000 people in 2026")
    assert search_words(texts, "gpt-5") == []
    assert search_words(texts, "gpt-5.4") == [0]
    assert search_words(texts, "llama 3") == []
    assert search_words(texts, "2") == []


# 2. A real word is not typo-corrected into another; synonyms do not chain.
@pytest.mark.parametrize("line", ["/timeline hires", "/timeline hired", "/timeline hiring"])
def test_hiring_words_never_find_the_firing(ask, line):
    found = titles(ask(line))
    assert found and all("poaches" in title for title in found)
    assert not any("fires" in title for title in found)


@pytest.mark.parametrize("line", ["/timeline firing", "/timeline fired", "/timeline firings", "/timeline layoffs"])
def test_firing_words_never_find_the_poaching(ask, line):
    assert titles(ask(line)) == ["Meta fires 15,000 people; its stock goes up 3%"]


def test_typos_of_unknown_words_still_work(ask):
    assert titles(ask("/timeline fireing")) == ["Meta fires 15,000 people; its stock goes up 3%"]
    assert titles(ask("/timeline claudeonomcs"))


def test_known_word_is_not_a_typo_of_another():
    texts = ("meta fires people", "meta poaches a founder")
    synonyms = {"hires": ("poaches",), "fired": ("fires",), "hired": ("poaches",)}
    assert search_words(texts, "hires", synonyms) == [1]
    assert search_words(texts, "hired", synonyms) == [1]
    assert search_words(texts, "fired", synonyms) == [0]
    assert search_words(("meta poaches", "a wire"), "wires", {}) == [1]  # unknown word: a typo still matches


# 3. A trailing separator means one model.
@pytest.mark.parametrize(
    "line", ["/compare muse spark vs", "/compare muse spark vs.", "/compare muse spark,", "/compare vs muse spark"]
)
def test_compare_trailing_separator_asks_for_the_other_model(ask, line):
    answer = ask(line)
    assert answer.title == ask("/compare muse spark").title == "Compare Muse Spark with which model?"
    assert all("Muse Spark" in s and "vs Muse Spark" not in s for s in answer.suggestions)


def test_compare_trailing_separator_with_a_typo_suggests_the_one_model(ask):
    answer = ask("/compare muse sprak vs")
    assert answer.status is Status.NOT_FOUND and "muse sprak" in answer.title
    assert answer.suggestions and all(s.startswith("/compare Muse Spark vs ") for s in answer.suggestions)
    assert "/compare muse vs Muse Spark" not in answer.suggestions


# 4. Mentions are not names.
@pytest.mark.parametrize("mention", ["@everyone", "@here", "<!channel>", "<!here>", "<@U123ABC>"])
def test_mentions_alone_match_nothing(ask, mention):
    for command in ("/rank", "/timeline"):
        answer = ask(f"{command} {mention}")
        assert answer.status is Status.NOT_FOUND
        assert not answer.title.startswith("What the sources say")
        assert not answer.fields


@pytest.mark.parametrize("mention", ["@everyone", "<!here>", "<@U123ABC>"])
def test_mentions_are_ignored_beside_a_name(ask, mention):
    assert ask(f"/rank {mention} hle").title == ask("/rank hle").title
    assert ask(f"/timeline {mention} llama 4").title == "Timeline: Llama 4 Maverick"
    assert ask(f"/compare {mention} muse spark vs gpt-5.4").title == "Muse Spark vs GPT-5.4"


# 5. Spacing inside a synonym.
@pytest.mark.parametrize("line", ["/timeline lay offs", "/timeline lay off", "/timeline Lay-offs"])
def test_spaced_synonym_finds_what_the_joined_one_does(ask, line):
    assert titles(ask(line)) == titles(ask("/timeline layoffs")) == ["Meta fires 15,000 people; its stock goes up 3%"]


# 6. Out-of-range pages are said to be so.
@pytest.mark.parametrize("page", ["99", "0", "99999999999999"])
def test_timeline_out_of_range_page_says_how_many(ask, page):
    answer = ask(f"/timeline page {page}")
    assert answer.status is Status.NOT_FOUND and not answer.table
    assert "There is no page" in answer.title and "1 page" in answer.lines[0]


def test_timeline_out_of_range_page_on_a_long_list(large_core):
    answer = large_core.handle(Request.parse("/timeline page 99999"))
    assert answer.status is Status.NOT_FOUND
    assert "There are 1000 pages" in answer.lines[0] and "from 1 to 1000" in answer.lines[0]
    assert large_core.handle(Request.parse("/timeline page 1000")).page == 1000
    assert ask_ok(large_core, "/timeline page 2").page == 2


def ask_ok(core, line):
    answer = core.handle(Request.parse(line))
    assert answer.status is Status.OK
    return answer


def test_timeline_valid_pages_still_work(ask):
    assert ask("/timeline page 1").table and ask("/timeline 2026 page 1").table


# 7. Huge numbers get the range error.
@pytest.mark.parametrize(
    "line",
    ["/rank healthbench top 99999999999999999999", "/rank healthbench top 0", "/rank healthbench 99999999999999999999",
     "/rank top 1000000000000 healthbench"],
)
def test_rank_top_out_of_range(ask, line):
    answer = ask(line)
    assert answer.title == "Bad /rank option" and answer.status is Status.BAD_INPUT
    assert "between 1 and 1000" in answer.lines[0]


def test_rank_top_in_range_still_works(ask):
    assert len(ask("/rank healthbench top 2").table.rows) == 2
