"""Issue 11's "Why", one test per example of a name or timeline lookup that used to miss."""

from bot.core import Status


def dates(answer):
    return [row[0] for row in answer.table.rows]


def about(answer):
    return {field.name: field.value for field in answer.fields}


def test_timeline_april_is_every_april(ask):
    answer = ask("/timeline april")
    assert answer.ok and dates(answer) == ["Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]


def test_timeline_iso_date(ask):
    answer = ask("/timeline 2026-04-08")
    assert answer.ok and dates(answer) == ["Apr 8, 2026"]
    assert answer.table.rows[0][1] == "Muse Spark launches"


def test_timeline_written_date(ask):
    answer = ask("/timeline april 8, 2026")
    assert answer.ok and dates(answer) == ["Apr 8, 2026"]


def test_timeline_day_month_year(ask):
    assert dates(ask("/timeline 8 april 2026")) == ["Apr 8, 2026"]


def test_timeline_layoffs_finds_the_firing_by_synonym(ask):
    answer = ask("/timeline layoffs")
    assert answer.ok and dates(answer) == ["Jan 2026"]
    assert "fires 15,000" in answer.table.rows[0][1]


def test_timeline_alexander_wang_despite_the_spelling(ask):
    answer = ask("/timeline alexander wang")
    assert answer.ok and dates(answer) == ["Apr 2026"]
    assert "Alexandr Wang" in answer.table.rows[0][1]


def test_rank_muse_sprak_suggests_muse_spark(ask):
    answer = ask("/rank muse sprak")
    assert answer.status is Status.NOT_FOUND
    assert answer.suggestions[0] == "/rank Muse Spark"


def test_rank_chatgpt_suggests_gpt_not_a_benchmark(ask):
    answer = ask("/rank chatgpt")
    assert answer.ok and "ChatGPT is a product of OpenAI." in answer.lines
    assert "Its models: GPT-5.4." in answer.lines
    assert answer.suggestions == ("/rank GPT-5.4",)
    assert not any("CharXiv" in s for s in answer.suggestions)


def test_rank_gemni_suggests_gemini(ask):
    assert ask("/rank gemni").suggestions[0] == "/rank Gemini 3.1 Pro"


def test_rank_claude_suggests_the_claude_models(ask):
    answer = ask("/rank claude")
    assert set(answer.suggestions) == {"/rank Claude Opus 4.6", "/rank Claude Sonnet 4.6"}


def test_facts_without_events_reach_timeline_and_rank(ask):
    for name, fact in (("Anthropic", "enterprise market"), ("OpenAI", "enterprise market"),
                       ("Apollo Research", "evaluation awareness")):
        for line in (f"/timeline {name}", f"/rank {name}"):
            answer = ask(line)
            assert answer.ok, line
            assert fact in about(answer)[f"About {name}"], line
            assert not any("Did you mean" in text for text in answer.lines), line
            assert answer.table is None and answer.footer, line


def test_a_name_only_facts_mention_shows_those_facts(ask):
    for line in ("/rank alexander wang", "/timeline alexandr wang ceo"):
        answer = ask(line)
        assert answer.ok, line
        assert "Alexandr Wang" in about(answer)["Mentioned in"], line


def test_no_implied_rank_where_a_benchmark_has_one_score(ask):
    answer = ask("/rank muse spark")
    places = {row[0]: (row[1], row[2]) for row in answer.table.rows}
    for bench, score in (("Humanity's Last Exam", "58% (Contemplating mode)"),
                         ("FrontierScience Research", "38% (Contemplating mode)")):
        assert places[bench] == (score, "no other model scored")
        assert any(note.startswith(bench) and "compete with the extended reasoning modes" in note
                   for note in answer.notes)
    assert not any(place.endswith("of 1") for _, place in places.values())
    assert places["HealthBench Hard"][1] == "1 of 4"
