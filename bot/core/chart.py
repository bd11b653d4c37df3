"""Chart: what a picture of an answer shows, as plain data. Renderers draw it (bot.render.chart);
bot.core.chart_policy decides whether an answer carries one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChartKind = Literal["ranking", "pairs"]
TOP = 15
"""A ranking chart shows at most this many bars; the rest are counted in `Chart.more`."""
NOT_REPORTED = "not reported"
"""What a table or chart shows for a score a source does not give."""
NO_RIVAL = "no rival score"
"""A comparison chart's mark on a benchmark only one of the two models has a score on: it gets no bar."""
PAIRS_DIRECTION = (
    "Each benchmark is scaled to the better of the two scores, lower-is-better ones flipped, so a longer bar "
    f"is better everywhere; where only one model has a score ({NO_RIVAL}) there is no bar"
)
"""How a comparison chart's bars are scaled, as the chart says it."""


@dataclass(frozen=True)
class Series:
    """One model of a comparison: its name and colour (`tone`, see Bar)."""

    name: str
    tone: int = -1


@dataclass(frozen=True)
class Bar:
    """One bar (ranking) or one pair of bars (comparison: one value per series).

    label: the model (ranking) or benchmark (comparison). values: the numbers plotted, None where not
    reported. texts: each value as the table shows it, with its unit. place: the rank, shared by ties.
    tone: colour index; the same maker keeps the same tone in every chart (a model whose maker the
    sources do not state keeps its own), -1 for none. lower_is_better, unit and mode: of this bar's
    benchmark and score.
    """

    label: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    place: int = 0
    tone: int = -1
    lower_is_better: bool = False
    unit: str = ""
    mode: str = ""


@dataclass(frozen=True)
class Chart:
    """A picture of an answer, built from the same data as its table.

    kind: 'ranking' (one bar per model, best first) or 'pairs' (one pair per benchmark, scaled to the better
    of the two, lower-is-better flipped so longer is better; a lone score has nothing to be scaled against). direction: what the reader must know to read
    it ('higher is better', 'lower is better', or for pairs how bars are scaled). notes: statements without
    numbers (drawn as text, never as bars). source: sources and as-of dates. more: bars left out past TOP.
    """

    kind: ChartKind
    title: str
    bars: tuple[Bar, ...]
    direction: str
    series: tuple[Series, ...] = ()
    unit: str = ""
    notes: tuple[str, ...] = ()
    source: str = ""
    more: int = 0
