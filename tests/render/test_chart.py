"""The chart renderer with real matplotlib: the PNG, what the figure says, and how its bars are sized."""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import warnings

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.core import Core, Request
from bot.core.chart import Bar, Chart, Series
from bot.render.chart import MAX_NOTES, draw, figure
from bot.render.chart_parts import NEUTRAL, PALETTE, colour, scaled, width, wrap
from tests.conftest import ROOT

PNG = b"\x89PNG\r\n\x1a\n"
HOSTILE = [
    "<!channel> @everyone",
    "N" * 500,
    "שלום עולם",
    "نموذج عربي",
    "$x^2$ and \\frac{a}{b}",
    "two\nlines\r\tand\x00\x07\u202econtrols",
]


@pytest.fixture(scope="module")
def chart_of(core: Core):
    """chart_of('/rank') -> the Chart the core builds for that line, asked for with a chart."""

    def _chart(line: str) -> Chart:
        chart = core.handle(Request.parse(f"{line} chart", pictures="upload")).chart
        assert chart is not None, line
        return chart

    return _chart


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def said(fig: Figure) -> str:
    """Every text of the figure in one string (wrapped lines joined by spaces)."""
    return " ".join(texts(fig))


def bars(fig: Figure) -> list[Rectangle]:
    """The bars, top first."""
    return sorted(fig.axes[0].patches, key=lambda patch: patch.get_y())


def widths(fig: Figure) -> list[float]:
    return [patch.get_width() for patch in bars(fig)]


def ranking(values: list[float | None], **fields) -> Chart:
    bars_ = tuple(
        Bar(label=f"Model {i}", values=(v,), texts=(f"{v} pts",), place=i + 1, tone=i) for i, v in enumerate(values)
    )
    return Chart(**{"kind": "ranking", "title": "Test", "bars": bars_, "direction": "higher is better",
                    "source": "Test source (published 2026-04-08) · as of 2026-04-08", **fields})


def pairs(values: list[tuple[float | None, float | None]], lower: bool = False, **fields) -> Chart:
    bars_ = tuple(
        Bar(label=f"Bench {i}", values=pair, texts=tuple("not reported" if v is None else f"{v} u" for v in pair),
            lower_is_better=lower)
        for i, pair in enumerate(values)
    )
    return Chart(**{"kind": "pairs", "title": "A vs B", "bars": bars_, "direction": "scaled per benchmark",
                    "series": (Series("Alpha", 0), Series("Beta", 1)), "source": "Test source", **fields})


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_the_figure_size(chart_of):
    chart = chart_of("/rank")
    fig = figure(chart)
    data = draw(chart)
    expected = tuple(round(size * fig.dpi) for size in fig.get_size_inches())
    assert png_size(data) == expected
    assert expected[0] == 1024 and 200 < expected[1] < 1000
    assert 5_000 < len(data) < 100_000


def test_ranking_shows_the_table_best_first(chart_of):
    chart = chart_of("/rank")
    fig = figure(chart)
    shown = texts(fig)
    for bar in chart.bars:
        assert bar.label in shown and bar.texts[0] in shown
    assert widths(fig) == [bar.values[0] for bar in chart.bars]
    assert [t for t in shown if t.isdigit() and len(t) == 1] == ["1", "1", "3", "4", "5"]
    assert chart.title in shown
    assert "Higher is better" in said(fig)
    assert "Source: Meta Muse Spark launch article (published 2026-04-08) · as of 2026-04-08" in shown


def test_ties_have_equal_bars_and_rank(chart_of):
    fig = figure(chart_of("/rank"))
    assert widths(fig)[0] == widths(fig)[1] > widths(fig)[2]
    assert texts(fig).count("1") == 2


def test_lower_is_better_ranking_says_so_and_keeps_best_first(chart_of):
    chart = chart_of("/rank output tokens")
    fig = figure(chart)
    assert "Lower is better" in said(fig)
    assert "Unit: M tokens" in said(fig)
    assert widths(fig) == [58.0, 120.0, 157.0]
    assert "58 M tokens" in texts(fig)


def test_mode_is_in_the_label(chart_of):
    assert "Muse Spark (Contemplating)" in texts(figure(chart_of("/rank hle")))
    thinking = Chart("ranking", "T", (Bar("Model 0", (1.0,), ("1",), mode="Thinking"),), "higher is better")
    assert "Model 0 (Thinking)" in texts(figure(thinking))


def test_pairs_scale_each_benchmark_and_flip_lower_is_better(chart_of):
    chart = chart_of("/compare muse spark vs gpt-5.4")
    fig = figure(chart)
    shown, text = texts(fig), said(fig)
    assert "Muse Spark" in shown and "GPT-5.4" in shown  # the legend
    assert chart.direction in text
    assert "(lower is better)" in shown
    for bar in chart.bars:
        assert bar.label in shown
        assert all(value in shown for value in bar.texts)
    rivalled = [v for bar in chart.bars if None not in bar.values for v in bar.values]
    lengths = widths(fig)
    assert len(lengths) == len(rivalled)  # a score the other model lacks has no bar
    assert lengths[:4] == pytest.approx([52 / 57, 1.0, 1.0, 58 / 120])  # index 52 vs 57; tokens 58 vs 120, lower wins
    assert max(lengths) == 1.0
    assert "better of the two scores" in text and "own best" not in text
    assert shown.count("(no rival score)") == 3  # CharXiv, Humanity's Last Exam, FrontierScience: Muse Spark only


def test_pairs_bars_are_normalised_sensibly():
    assert scaled([52, 57], False) == ([52 / 57, 1.0], True)
    assert scaled([58, 120], True) == ([1.0, 58 / 120], True)
    assert scaled([0, 0], False) == ([1.0, 1.0], True)
    assert scaled([0, 5], False) == ([0.0, 1.0], True)
    assert scaled([0, 5], True) == ([1.0, 1.0], False)
    assert scaled([-3, 5], False) == ([1.0, 1.0], False)
    assert scaled([None, 5], True) == ([None, None], True)  # nothing to measure a lone score against
    assert scaled([5], False) == ([None], True)
    assert scaled([math.nan, None], False) == ([None, None], True)


def test_wrapping_keeps_to_the_room_and_the_line_count():
    lines = wrap("word " * 200, 8, 300, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(width(line, 8) <= 300 for line in lines)
    assert wrap("N" * 300, 8, 300, 2)[0].startswith("NNN")
    assert wrap("short", 8, 300, 2) == ["short"]


def test_not_to_scale_is_said():
    fig = figure(pairs([(-1.0, 2.0)]))
    assert "(not to scale)" in texts(fig)


def test_not_reported_draws_no_bar_and_its_rival_none_either():
    fig = figure(pairs([(None, 3.0), (2.0, None), (4.0, 4.0)]))
    assert widths(fig) == [1.0, 1.0]  # only the benchmark both report has bars
    assert texts(fig).count("not reported") == 2
    assert texts(fig).count("(no rival score)") == 2
    assert "3.0 u" in texts(fig) and "2.0 u" in texts(fig)  # the lone scores are still shown, as values


def test_notes_are_text_without_bars(chart_of):
    chart = chart_of("/rank charxiv")
    fig = figure(chart)
    assert len(bars(fig)) == 1  # also a chart of one bar
    assert "Muse Spark is ahead of Gemini 3.1 Pro and GPT-5.4" in said(fig)
    many = ranking([3.0, 2.0], notes=tuple(f"Note number {i} " + "word " * 60 for i in range(9)))
    fig = figure(many)
    assert len(bars(fig)) == 2
    assert "Note number 0" in said(fig) and f"and {9 - MAX_NOTES} more" in texts(fig)
    assert "Note number 8" not in said(fig)


def test_a_hundred_bars_are_capped():
    chart = ranking([100.0 - i for i in range(100)], more=85)
    fig = figure(chart)
    assert len(bars(fig)) == 15
    assert "and 85 more not shown" in texts(fig)
    assert png_size(draw(chart))[1] < 1000


def test_forty_benchmarks_are_capped():
    chart = pairs([(float(i + 1), float(40 - i)) for i in range(40)])
    fig = figure(chart)
    assert len(bars(fig)) == 50
    assert "and 15 more not shown" in texts(fig)
    assert "Bench 24" in texts(fig) and "Bench 25" not in texts(fig)
    assert png_size(draw(chart))[1] < 2000


def test_height_grows_with_bars():
    heights = [figure(ranking([1.0] * n)).get_size_inches()[1] for n in (1, 5, 15)]
    assert heights == sorted(heights) and len(set(heights)) == 3


def test_hostile_names_stay_literal_text():
    chart = Chart(
        kind="ranking",
        title="$\\alpha$ <!here> " + "T" * 400,
        bars=tuple(Bar(label=name, values=(float(9 - i),), texts=(f"{9 - i} $pts$",), place=i + 1, tone=i,
                       mode="$m$" if i == 0 else "") for i, name in enumerate(HOSTILE)),
        direction="lower is better\n$y$",
        unit="$",
        notes=tuple(HOSTILE),
        source="\\source $s$ " * 50,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = figure(chart)
        assert png_size(draw(chart))[0] == 1024
    shown = texts(fig)
    assert "<!channel> @everyone ($m$)" in shown
    assert "$x^2$ and \\frac{a}{b}" in shown
    assert "שלום עולם" in shown and "نموذج عربي" in shown
    assert "two lines andcontrols" in shown  # white space folded, control characters dropped
    assert "9 $pts$" in shown
    long = shown[shown.index("2") + 1]  # the label beside rank 2
    assert long.startswith("NNN") and long.endswith("…") and len(long) <= 40
    assert all("\n" not in t and t.isprintable() for t in shown)
    assert not any(t.get_parse_math() for t in fig.findobj(Text) if t.get_text())


def test_unknown_tone_is_grey_and_tones_use_okabe_ito():
    assert colour(-1) == NEUTRAL
    assert colour(3) == "#F0E442" and colour(3 + len(PALETTE)) == "#F0E442"
    assert "#000000" not in PALETTE and len(PALETTE) == 7
    fig = figure(ranking([2.0, 1.0]))
    assert all(patch.get_linewidth() > 0 for patch in bars(fig))  # a dark edge keeps yellow visible


def test_same_tone_pairs_are_hatched():
    chart = pairs([(1.0, 2.0)], series=(Series("Alpha", 2), Series("Beta", 2)))
    first, second = bars(figure(chart))
    assert first.get_facecolor() == second.get_facecolor()
    assert not first.get_hatch() and second.get_hatch()


def test_fonts_are_matplotlibs_dejavu_sans():
    fig = figure(ranking([1.0]))
    files = {t.get_fontproperties().get_file() for t in fig.findobj(Text) if t.get_text()}
    assert files and all("/mpl-data/fonts/ttf/DejaVuSans" in str(path) for path in files)


def test_odd_charts_do_not_raise():
    for chart in (
        ranking([]),
        ranking([None, math.inf, -5.0, 0.0]),
        pairs([(None, None)], series=()),
        Chart("pairs", "", (Bar("x", (), ()),), ""),
    ):
        assert draw(chart)[:8] == PNG


def test_importing_the_renderer_does_not_import_matplotlib():
    code = "import sys, bot.render.chart; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
