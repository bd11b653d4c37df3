"""/rank against the article's numbers: ties, direction, modes, relations, options."""

from bot.core import Request, Status


def rows(answer):
    return [row[:3] for row in answer.table.rows]


def test_headline_ranking_shares_ranks_on_ties(ask):
    answer = ask("/rank")
    assert answer.ok
    assert "Intelligence Index" in answer.title and "higher is better" in answer.title
    assert rows(answer) == [
        ("1", "Gemini 3.1 Pro", "57"),
        ("1", "GPT-5.4", "57"),
        ("3", "Claude Opus 4.6", "53"),
        ("4", "Muse Spark", "52"),
        ("5", "Llama 4 Maverick", "18"),
    ]
    assert any("Other benchmarks:" in line and "HealthBench Hard" in line for line in answer.lines)
    assert answer.footer and "as of 2026-04-08" in answer.footer[0]


def test_healthbench_hard_numbers(ask):
    answer = ask("/rank healthbench hard")
    assert rows(answer) == [
        ("1", "Muse Spark", "42.8"),
        ("2", "GPT-5.4", "40.1"),
        ("3", "Gemini 3.1 Pro", "20.6"),
        ("4", "Grok 4.2", "20.3"),
    ]
    assert not any("Other benchmarks" in line for line in answer.lines)


def test_lower_is_better_puts_fewest_tokens_first(ask):
    answer = ask("/rank output tokens")
    assert "lower is better" in answer.title
    assert rows(answer) == [
        ("1", "Muse Spark", "58 M tokens"),
        ("2", "GPT-5.4", "120 M tokens"),
        ("3", "Claude Opus 4.6", "157 M tokens"),
    ]


def test_gdpval_elo_with_thousands_separator(ask):
    assert rows(ask("/rank gdpval")) == [
        ("1", "GPT-5.4", "1,676 Elo"),
        ("2", "Claude Sonnet 4.6", "1,648 Elo"),
        ("3", "Muse Spark", "1,427 Elo"),
    ]


def test_mode_is_shown_with_the_value(ask):
    answer = ask("/rank HLE")
    assert rows(answer) == [("1", "Muse Spark", "58% (Contemplating mode)")]


def test_relation_without_numbers_is_listed_as_stated(ask):
    answer = ask("/rank charxiv")
    assert rows(answer) == [("1", "Muse Spark", "86.4")]
    assert len(answer.notes) == 1
    note = answer.notes[0]
    assert "ahead of Gemini 3.1 Pro and GPT-5.4" in note and "no score for this comparison" in note
    assert "beating both Gemini and GPT-5.4" in note


def test_benchmark_with_only_a_relation(ask):
    answer = ask("/rank terminal-bench hard")
    assert answer.ok and answer.table is None
    assert "No numeric scores" in " ".join(answer.lines)
    assert "trails all three frontrunners" in answer.notes[0]


def test_top_n_in_several_spellings(ask):
    for line in ("/rank intelligence index top 2", "/rank top 2 intelligence index", "/rank intelligence index 2",
                 "/rank top=2"):
        answer = ask(line)
        assert [r[1] for r in answer.table.rows] == ["Gemini 3.1 Pro", "GPT-5.4"], line


def test_bad_top_is_a_clear_message(ask):
    for line in ("/rank hle top 0", "/rank top 100000", "/rank hle top -3"):
        answer = ask(line)
        assert answer.status is Status.BAD_INPUT and answer.ephemeral, line
        assert "between 1 and" in answer.lines[0]


def test_structured_options_as_discord_sends_them(core):
    answer = core.handle(Request("rank", options={"benchmark": "gdpval", "top": 1}))
    assert [r[1] for r in answer.table.rows] == ["GPT-5.4"]


def test_unknown_benchmark_suggests_close_names(ask):
    answer = ask("/rank helthbench")
    assert answer.status is Status.NOT_FOUND and answer.ephemeral
    assert "HealthBench Hard" in answer.lines[0]
    assert "/rank HealthBench Hard" in answer.suggestions


def test_model_name_shows_its_standing_everywhere(ask):
    answer = ask("/rank muse spark")
    assert answer.ok and answer.title == "Muse Spark on every benchmark"
    places = {row[0]: row[2] for row in answer.table.rows}
    assert places["Artificial Analysis Intelligence Index"] == "4 of 5"
    assert places["GDPval"] == "3 of 3"
    assert places["HealthBench Hard"] == "1 of 4"


def test_model_standing_implies_no_rank_where_only_it_was_scored(ask):
    answer = ask("/rank muse spark")
    places = {row[0]: row[2] for row in answer.table.rows}
    for bench in ("Humanity's Last Exam", "FrontierScience Research", "CharXiv Reasoning"):
        assert places[bench] == "no other model scored"
    assert not any(place == "1 of 1" for place in places.values())
    notes = " ".join(answer.notes)
    assert "These numbers compete with the extended reasoning modes" in notes
    assert "beating both Gemini and GPT-5.4" in notes


def test_organization_shows_its_models_benchmarks_and_facts(ask):
    answer = ask("/rank artificial analysis")
    assert answer.ok and answer.title == "Artificial Analysis"
    assert "Intelligence Index output tokens" in " ".join(answer.lines)
    assert "/rank Artificial Analysis Intelligence Index" in answer.suggestions
    answer = ask("/rank claude")
    assert answer.lines[0] == "Claude is a product of Anthropic."
    assert answer.suggestions == ("/rank Claude Opus 4.6", "/rank Claude Sonnet 4.6")


def test_unknown_names_suggest_models_and_benchmarks_alike(ask):
    assert ask("/rank gdpvall").suggestions[0] == "/rank GDPval"
    assert ask("/rank sonet").suggestions[0] == "/rank Claude Sonnet 4.6"
    answer = ask("/rank nonsense")
    assert answer.status is Status.NOT_FOUND and "Usage" in answer.lines[0]


def test_model_standing_shows_the_models_facts(ask):
    answer = ask("/rank muse spark")
    about = {field.name: field.value for field in answer.fields}["About Muse Spark"]
    assert "Trained with over 1,000 physicians" in about
    assert "Claude Cowork" in about


def test_timeline_of_an_organization_shows_its_facts(ask):
    answer = ask("/timeline meta")
    about = {field.name: field.value for field in answer.fields}["About Meta"]
    assert "$135 billion" in about and "Hyperion" in about
