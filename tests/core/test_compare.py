"""/compare: parsing of the pair, per-row winners by direction, verdict and model facts."""

import pytest

from bot.core import Request, Status


@pytest.mark.parametrize(
    "line",
    [
        "/compare muse spark vs gpt-5.4",
        "/compare Muse Spark VS GPT-5.4",
        "/compare muse spark and gpt 5.4",
        "/compare muse spark, GPT-5.4",
        "/compare muse spark gpt-5.4",
        "/compare muse spark versus gpt5.4",
        "/compare spark v gpt",
    ],
)
def test_pair_spellings(ask, line):
    answer = ask(line)
    assert answer.ok, answer
    assert answer.title == "Muse Spark vs GPT-5.4"


def test_rows_and_verdict(ask):
    answer = ask("/compare muse spark vs gpt-5.4")
    table = {row[0]: row[1:] for row in answer.table.rows}
    assert table["Artificial Analysis Intelligence Index"] == ("52", "57", "GPT-5.4", "5")
    assert table["Intelligence Index output tokens"] == ("58 M tokens", "120 M tokens", "Muse Spark", "62 M tokens")
    assert table["HealthBench Hard"] == ("42.8", "40.1", "Muse Spark", "2.7")
    assert table["GDPval"] == ("1,427 Elo", "1,676 Elo", "GPT-5.4", "249 Elo")
    assert table["CharXiv Reasoning"] == ("86.4", "not reported", "—", "—")
    assert answer.lines[0].startswith("Muse Spark leads on 2 of 4 benchmarks that report both; GPT-5.4 leads on 2")
    assert any("beating both Gemini and GPT-5.4" in note for note in answer.notes)


def test_multi_word_names_without_separator(ask):
    answer = ask("/compare gpt 5.4 claude opus 4.6")
    assert answer.title == "GPT-5.4 vs Claude Opus 4.6"
    assert answer.lines[0] == "GPT-5.4 leads on 2 of 2 benchmarks that report both; Claude Opus 4.6 leads on 0."


def test_tie_is_counted(ask):
    answer = ask("/compare gemini vs gpt")
    assert "tied on 1" in answer.lines[0]
    assert ("Artificial Analysis Intelligence Index", "57", "57", "tie", "—") in answer.table.rows


def test_model_facts(ask):
    answer = ask("/compare muse vs maverick")
    facts = {field.name: field.value for field in answer.fields}
    assert "Maker: Meta Superintelligence Labs" in facts["Muse Spark"]
    assert "Released: Apr 8, 2026" in facts["Muse Spark"]
    assert "Open weights: no" in facts["Muse Spark"]
    assert "Released: not stated" in facts["Llama 4 Maverick"]  # the article dates only the Llama 4 launch
    assert "Open weights: yes" in facts["Llama 4 Maverick"]


def test_unstated_facts_say_so(ask):
    facts = {f.name: f.value for f in ask("/compare grok vs sonnet").fields}
    assert "Maker: not stated" in facts["Grok 4.2"]
    assert "Open weights: not stated" in facts["Grok 4.2"]


def test_no_shared_benchmark(ask):
    answer = ask("/compare grok vs sonnet")
    assert "No benchmark reports both" in answer.lines[0]


def test_unknown_model_keeps_the_other_in_suggestions(ask):
    answer = ask("/compare opus vs claude")
    assert answer.status is Status.NOT_FOUND
    assert "Claude Opus 4.6" in answer.lines[0] and "Claude Sonnet 4.6" in answer.lines[0]
    assert "/compare opus vs Claude Sonnet 4.6" in answer.suggestions


@pytest.mark.parametrize("line", ["/compare", "/compare gpt", "/compare a, b, c", "/compare opus vs opus 4.6"])
def test_bad_pairs(ask, line):
    answer = ask(line)
    assert answer.status in (Status.BAD_INPUT, Status.NOT_FOUND) and answer.ephemeral


def test_options(core):
    answer = core.handle(Request("compare", options={"a": "opus", "b": "muse"}))
    assert answer.title == "Claude Opus 4.6 vs Muse Spark"


def test_one_model_asks_for_the_other(ask):
    answer = ask("/compare muse spark")
    assert answer.status is Status.BAD_INPUT
    assert answer.title == "Compare Muse Spark with which model?"
    assert answer.suggestions == ("/compare Muse Spark vs Gemini 3.1 Pro",)
