"""Chart data in the core: built from the same scores as the tables, and kept or dropped by the asker's
wish, the CHARTS setting and what the platform can show."""

import pytest

from bot.core import Core, Request
from bot.core.chart import TOP
from bot.core.chart_policy import NO_CHART, chart_wish


def ask(catalog, line, pictures="upload", charts="always", **fields):
    return Core(catalog, charts=charts).handle(Request.parse(line, pictures=pictures, **fields))


def test_ranking_chart_matches_the_table(catalog):
    answer = ask(catalog, "/rank")
    chart = answer.chart
    assert chart.kind == "ranking" and chart.title == "Artificial Analysis Intelligence Index"
    assert [b.label for b in chart.bars] == [row[1] for row in answer.table.rows]
    assert [b.values[0] for b in chart.bars] == list(answer.table.numbers)
    assert [b.place for b in chart.bars] == [1, 1, 3, 4, 5]  # the tie at 57 shares first place
    assert chart.direction == "higher is better"
    assert chart.source.startswith("Meta Muse Spark launch article") and "as of 2026-04-08" in chart.source


def test_lower_is_better_ranking_and_its_unit(catalog):
    chart = ask(catalog, "/rank output tokens").chart
    assert chart.direction == "lower is better" and chart.unit == "M tokens"
    assert all(bar.lower_is_better for bar in chart.bars)
    values = [bar.values[0] for bar in chart.bars]
    assert values == sorted(values)  # best (fewest tokens) first
    assert chart.bars[0].texts[0].endswith("M tokens")


def test_modes_and_relations_without_numbers(catalog):
    chart = ask(catalog, "/rank hle").chart
    assert [bar.mode for bar in chart.bars] == ["Contemplating"]
    relations = ask(catalog, "/rank terminal-bench hard")
    assert relations.chart is None  # statements without numbers get no bar
    assert relations.notes


def test_comparison_pairs_keep_not_reported_and_notes(catalog):
    answer = ask(catalog, "/compare muse spark vs gpt-5.4")
    chart = answer.chart
    assert chart.kind == "pairs" and [s.name for s in chart.series] == ["Muse Spark", "GPT-5.4"]
    by_label = {bar.label: bar for bar in chart.bars}
    assert by_label["GDPval"].values == (1427, 1676) and by_label["GDPval"].texts == ("1,427 Elo", "1,676 Elo")
    assert by_label["CharXiv Reasoning"].values == (86.4, None)
    assert by_label["CharXiv Reasoning"].texts[1] == "not reported"
    assert by_label["Intelligence Index output tokens"].lower_is_better
    assert "Terminal-Bench Hard" not in by_label and any("Terminal-Bench Hard" in n for n in chart.notes)
    assert chart.series[0].tone != chart.series[1].tone


def test_a_maker_keeps_its_colour(catalog):
    rank = {bar.label: bar.tone for bar in ask(catalog, "/rank").chart.bars}
    pair = {s.name: s.tone for s in ask(catalog, "/compare muse spark vs llama 4 maverick").chart.series}
    assert rank["Muse Spark"] == pair["Muse Spark"] == pair["Llama 4 Maverick"]  # both Meta (MSL is part of Meta)
    assert rank["GPT-5.4"] != rank["Muse Spark"]


def test_top_n_and_the_cap(large_core):
    chart = Core(large_core.catalog, charts="always").handle(Request.parse("/rank", pictures="upload")).chart
    ranked = len(large_core.catalog.rankings[large_core.catalog.headline])
    assert len(chart.bars) == TOP and chart.more == ranked - TOP
    top3 = Core(large_core.catalog, charts="always").handle(Request.parse("/rank top 3", pictures="upload")).chart
    assert len(top3.bars) == 3 and top3.more == 0


@pytest.mark.parametrize(
    ("text", "options", "wish", "rest"),
    [
        ("gdpval chart", {}, True, "gdpval"),
        ("chart gdpval", {}, True, "gdpval"),
        ("gdpval nochart", {}, False, "gdpval"),
        ("gdpval no chart", {}, False, "gdpval"),
        ("gdpval", {}, None, "gdpval"),
        ("charxiv", {}, None, "charxiv"),
        ("", {"chart": "True", "top": "3"}, True, ""),
        ("", {"chart": "False"}, False, ""),
    ],
)
def test_chart_wish(text, options, wish, rest):
    found, text_left, options_left = chart_wish(text, options)
    assert (found, text_left) == (wish, rest) and "chart" not in options_left


@pytest.mark.parametrize(
    ("line", "pictures", "charts", "drawn"),
    [
        ("/rank", "inline", "auto", True),  # Discord: inside the embed by default
        ("/rank", "upload", "auto", False),  # Slack: a separate file, only when asked
        ("/rank chart", "upload", "auto", True),
        ("/rank nochart", "inline", "always", False),
        ("/rank", "upload", "always", True),
        ("/rank chart", "inline", "never", False),
        ("/rank chart", "", "always", False),  # the console cannot show one
        ("/rank hle", "inline", "auto", False),  # one bar: not by default
        ("/rank hle chart", "inline", "auto", True),
    ],
)
def test_who_gets_a_chart(catalog, line, pictures, charts, drawn):
    assert (ask(catalog, line, pictures=pictures, charts=charts).chart is not None) is drawn


@pytest.mark.parametrize(
    ("line", "pictures", "charts", "says"),
    [
        ("/rank chart", "inline", "never", "Charts are turned off"),
        ("/rank chart", "", "auto", "Charts cannot be shown here"),
        ("/compare muse spark vs muse spark chart", "inline", "auto", None),  # a problem: no chart talk
        ("/rank alexandr wang chart", "inline", "auto", None),
    ],
)
def test_a_refused_wish_is_explained(catalog, line, pictures, charts, says):
    answer = ask(catalog, line, pictures=pictures, charts=charts)
    assert answer.chart is None
    assert any(says in text for text in answer.lines) if says else not any("Chart" in t for t in answer.lines)


def test_a_chart_word_is_not_a_name(catalog):
    answer = ask(catalog, "/compare muse spark vs gpt-5.4 chart")
    assert answer.ok and answer.title == "Muse Spark vs GPT-5.4"
    assert ask(catalog, "/rank gdpval chart").title.startswith("GDPval")


def test_no_numbers_no_chart_even_when_asked(catalog):
    answer = ask(catalog, "/rank muse spark chart")  # a model's standing: several units, no chart
    assert answer.chart is None and NO_CHART in answer.lines


def test_the_word_is_chart_alone(catalog):
    assert ask(catalog, "/rank charts").title.startswith("CharXiv Reasoning")  # an alias in the content
    question = ask(catalog, "/ask which model is best at gdpval chart")
    assert question.ok and question.title.startswith("GPT-5.4 is first") and NO_CHART in question.lines


def test_no_shared_benchmark_no_comparison_chart(catalog):
    answer = ask(catalog, "/compare claude opus 4.6 vs claude sonnet 4.6")
    assert answer.ok and "nothing to set side by side" in answer.lines[0] and answer.chart is None
