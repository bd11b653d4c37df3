"""PNG charts of a `bot.core.chart.Chart`: a light card with the title and how to read it on top, the bars,
then what has no bar (notes, bars past the cap) and the source. Laid out in whole pixels, so the size only
depends on the content; drawn with matplotlib's Agg canvas, imported on the first chart."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.core.chart import NO_RIVAL, NOT_REPORTED, PAIRS_DIRECTION, TOP, Bar, Chart, Series
from bot.core.text import number
from bot.render.chart_parts import (
    CARD, DPI, EDGE, FRAME, INK, MUTED, PAD, WIDTH, Style, colour, fit, font, safe, scaled, width, wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAX_PAIRS = 25
MAX_NOTES = 3
LABEL = 40
"""Characters of a bar label (mode included)."""
VALUE = 28
"""Characters of a value text."""
SIZE = {"title": 15.0, "lead": 9.5, "label": 9.5, "value": 9.0, "small": 8.0}
ROW = 34
"""Pixels per ranking bar; a comparison's pair of bars takes GROUP."""
GROUP = 52
COLOURS = 64
_LITERAL: dict[str, Any] = {"parse_math": False, "usetex": False}
"""Every text is drawn as written: no mathtext ($...$), no TeX."""


@dataclass
class _Sheet:
    """Texts and swatches placed top-down in pixels; the height is known once everything is placed."""

    y: float = PAD
    texts: list[tuple[float, float, str, float, Style, str, str]] = field(default_factory=list)
    swatches: list[tuple[float, float, str, str]] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float, style: Style = "regular", tint: str = INK,
             align: str = "left") -> None:
        self.texts.append((x, y, text, size, style, tint, align))

    def lines(self, lines: list[str], size: float, style: Style = "regular", tint: str = INK,
              x: float = PAD) -> None:
        """Lines of text under the last ones."""
        for line in lines:
            self.text(x, self.y + size * DPI / 72 * 0.6, line, size, style, tint)
            self.y += size * DPI / 72 * 1.4

    def paragraph(self, text: str, size: float, most: int, style: Style = "regular", tint: str = INK,
                  x: float = PAD) -> None:
        self.lines(wrap(text, size, WIDTH - PAD - x, most, style), size, style, tint, x)


@dataclass
class _Body:
    """Where the bars go, in pixels, and the bars themselves (axes y runs down in pixels from the top)."""

    left: float
    top: float
    height: float
    right: float
    xlim: tuple[float, float]
    bars: list[tuple[float, float, float, str, str]] = field(default_factory=list)
    """(centre, length, thickness, colour, hatch) of each bar."""


def figure(chart: Chart) -> Figure:
    """The chart as a matplotlib Figure (Agg canvas attached), ready to save."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    sheet = _Sheet()
    sheet.paragraph(safe(chart.title, 300) or "Chart", SIZE["title"], 2, "bold")
    body = _pairs(sheet, chart) if chart.kind == "pairs" else _ranking(sheet, chart)
    _foot(sheet, chart, body)
    height = round(sheet.y + PAD)
    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor=CARD, edgecolor=FRAME, linewidth=1.5)
    FigureCanvasAgg(fig)
    axes = fig.add_axes((body.left / WIDTH, 1 - (body.top + body.height) / height,
                         (body.right - body.left) / WIDTH, body.height / height), facecolor=CARD)
    _bars(axes, body)
    for x, y, text, size, style, tint, align in sheet.texts:
        fig.text(x / WIDTH, 1 - y / height, text, fontproperties=font(size, style), color=tint, ha=align,
                 va="center", **_LITERAL)
    for x, y, tint, hatch in sheet.swatches:
        fig.add_artist(Rectangle((x / WIDTH, 1 - (y + 8) / height), 24 / WIDTH, 16 / height,
                                 transform=fig.transFigure, facecolor=tint, edgecolor=EDGE, linewidth=0.6,
                                 hatch=hatch or None))
    return fig


def draw(chart: Chart) -> bytes:
    """`chart` as PNG bytes, WIDTH pixels wide: drawn by Agg, stored with a palette of COLOURS (a third of
    the bytes of full colour, and quicker to compress)."""
    from PIL import Image

    fig = figure(chart)
    canvas = fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    fig.clear()  # break the figure's reference cycles now, so no garbage builds up for a slow full collection
    out = io.BytesIO()
    image.convert("RGB").quantize(COLOURS, method=Image.Quantize.FASTOCTREE).save(out, "png")
    return out.getvalue()


def _bars(axes: Axes, body: _Body) -> None:
    """The bars as rectangles on axes whose y runs down in pixels (added without autoscaling: the limits
    are set here)."""
    from matplotlib.patches import Rectangle

    axes.set_xlim(*body.xlim)
    axes.set_ylim(body.height, 0)
    axes.set_axis_off()
    axes.axvline(0, color=MUTED, linewidth=0.8)
    for centre, length, thickness, tint, hatch in body.bars:
        axes.add_artist(Rectangle((0, centre - thickness / 2), length, thickness, facecolor=tint, edgecolor=EDGE,
                                  linewidth=0.6, hatch=hatch or None))


def _lead(sheet: _Sheet, direction: str, unit: str, lower: bool) -> None:
    """The line under the title: how to read the chart, and the unit."""
    said = safe(direction, 400) or ("lower is better" if lower else "higher is better")
    if lower and "lower" not in said.lower():
        said = f"Lower is better. {said}"
    said = said[:1].upper() + said[1:]
    unit_text = safe(unit, 40)
    sheet.paragraph(said + (f" · Unit: {unit_text}" if unit_text else ""), SIZE["lead"], 3,
                    "bold" if lower else "regular", INK if lower else MUTED)


def _hidden(chart: Chart, cap: int) -> int:
    """Bars past the cap: the core's count of those left out, or those given past the cap, whichever is more."""
    return max(chart.more, len(chart.bars) - cap)


def _ranking(sheet: _Sheet, chart: Chart) -> _Body:
    bars = chart.bars[:TOP]
    lower = "lower" in chart.direction.lower() or any(bar.lower_is_better for bar in bars)
    numbers = [v for v in (_number(bar, 0) for bar in bars) if v is not None]
    shortest = "; the shortest bar is best" if lower and min(numbers, default=0) >= 0 else ""
    _lead(sheet, (chart.direction or "lower is better") + shortest if shortest else chart.direction, chart.unit, lower)
    sheet.y += 8
    ranks = [str(bar.place) if bar.place > 0 else "" for bar in bars]
    labels = [fit(_label(bar), SIZE["label"], WIDTH * 0.36) for bar in bars]
    values = [_value(bar, 0) for bar in bars]
    rank_room = max((width(r, SIZE["label"], "bold") for r in ranks), default=0)
    label_room = max((width(label, SIZE["label"]) for label in labels), default=0)
    left = PAD + rank_room + (12 if rank_room else 0) + label_room + 12
    right = WIDTH - PAD - max((width(v, SIZE["value"]) for v in values), default=0) - 10
    low, high = min([0.0, *numbers]), max([0.0, *numbers])
    body = _Body(left, sheet.y, max(1, len(bars)) * ROW, right, (low, high if high > low else low + 1))
    for index, (bar, rank, label, value) in enumerate(zip(bars, ranks, labels, values)):
        centre = (index + 0.5) * ROW
        if rank:
            sheet.text(PAD + rank_room, body.top + centre, rank, SIZE["label"], "bold", align="right")
        sheet.text(left - 12, body.top + centre, label, SIZE["label"], align="right")
        amount = _number(bar, 0)
        if amount is not None:
            body.bars.append((centre, amount, ROW * 0.66, colour(bar.tone), ""))
        end = _x(body, max(amount or 0.0, 0.0))
        sheet.text(end + 6, body.top + centre, value, SIZE["value"], "italic" if amount is None else "regular",
                   MUTED if amount is None else INK)
    if not bars:
        sheet.text(left + 6, body.top + ROW / 2, "Nothing to plot", SIZE["value"], "italic", MUTED)
    sheet.y = body.top + body.height + 6
    return body


def _pairs(sheet: _Sheet, chart: Chart) -> _Body:
    bars = chart.bars[:MAX_PAIRS]
    series = [*chart.series[:2], *(Series(f"Series {n}") for n in (1, 2))][:2]
    hatches = ["", "///" if series[0].tone == series[1].tone else ""]
    _lead(sheet, chart.direction or PAIRS_DIRECTION, chart.unit, False)
    sheet.y += 4
    x = PAD
    for entry, hatch in zip(series, hatches):
        name = fit(safe(entry.name, LABEL), SIZE["label"], (WIDTH - 2 * PAD) / 2 - 60)
        sheet.swatches.append((x, sheet.y + 10, colour(entry.tone), hatch))
        sheet.text(x + 32, sheet.y + 10, name, SIZE["label"])
        x += 32 + width(name, SIZE["label"]) + 28
    sheet.y += 28
    rows = [(bar, *scaled((*bar.values[:2], None, None)[:2], bar.lower_is_better)) for bar in bars]
    labels = [_pair_label(bar, fair, len([n for n in (0, 1) if _number(bar, n) is not None]) == 1)
              for bar, _, fair in rows]
    values = [_value(bar, n) for bar in bars for n in (0, 1)]
    label_room = max((width(line, SIZE["label"]) for label in labels for line in label), default=0)
    left = PAD + label_room + 12
    right = WIDTH - PAD - max((width(v, SIZE["value"]) for v in values), default=0) - 10
    body = _Body(left, sheet.y, max(1, len(bars)) * GROUP, right, (0.0, 1.0))
    for index, ((bar, lengths, _), label) in enumerate(zip(rows, labels)):
        middle = (index + 0.5) * GROUP
        for line_no, line in enumerate(label):
            offset = (line_no - (len(label) - 1) / 2) * SIZE["label"] * DPI / 72 * 1.3
            sheet.text(left - 12, body.top + middle + offset, line, SIZE["label"] if line_no == 0 else SIZE["small"],
                       tint=INK if line_no == 0 else MUTED, align="right")
        for n, (entry, hatch) in enumerate(zip(series, hatches)):
            centre, length = middle + (n - 0.5) * 20, lengths[n]
            if length is not None:
                body.bars.append((centre, length, 16, colour(entry.tone), hatch))
            reported = _number(bar, n) is not None
            sheet.text(_x(body, length or 0.0) + 6, body.top + centre, _value(bar, n), SIZE["value"],
                       "regular" if reported else "italic", INK if reported else MUTED)
    sheet.y = body.top + body.height + 6
    return body


def _foot(sheet: _Sheet, chart: Chart, body: _Body) -> None:
    """Under the bars: how many are left out, the statements without numbers, and the source."""
    hidden = _hidden(chart, MAX_PAIRS if chart.kind == "pairs" else TOP)
    if hidden > 0:
        sheet.lines([f"and {hidden} more not shown"], SIZE["value"], "italic", MUTED, x=body.left)
    notes = [note for note in (safe(n, 300) for n in chart.notes) if note]
    if notes:
        sheet.y += 6
        sheet.lines(["Stated without a number (no bar):"], SIZE["small"], "bold")
        for note in notes[:MAX_NOTES]:
            lines = wrap(note, SIZE["small"], WIDTH - 2 * PAD - 14, 2)
            sheet.text(PAD, sheet.y + SIZE["small"] * DPI / 72 * 0.6, "•", SIZE["small"])
            sheet.lines(lines, SIZE["small"], x=PAD + 14)
        if len(notes) > MAX_NOTES:
            sheet.lines([f"and {len(notes) - MAX_NOTES} more"], SIZE["small"], "italic", MUTED, x=PAD + 14)
    sheet.y += 8
    sheet.paragraph(f"Source: {safe(chart.source, 400) or 'not stated'}", SIZE["small"], 2, tint=MUTED)


def _x(body: _Body, value: float) -> float:
    """Pixel x of `value` on the bars' scale."""
    low, high = body.xlim
    return body.left + (value - low) / (high - low) * (body.right - body.left)


def _number(bar: Bar, n: int) -> float | None:
    """The n-th value of `bar`; None when not reported (or not a finite number)."""
    value = bar.values[n] if n < len(bar.values) else None
    return value if value is not None and math.isfinite(value) else None


def _value(bar: Bar, n: int) -> str:
    """The value as the table shows it (unit included), or 'not reported'."""
    amount = _number(bar, n)
    if amount is None:
        return NOT_REPORTED
    text = safe(bar.texts[n], VALUE) if n < len(bar.texts) else ""
    return text or number(amount, safe(bar.unit, 20))


def _label(bar: Bar) -> str:
    """'Muse Spark (Contemplating)': the model and its mode, cut to LABEL characters with the mode kept."""
    mode = safe(bar.mode, 18)
    if not mode:
        return safe(bar.label, LABEL) or "?"
    return f"{safe(bar.label, max(8, LABEL - len(mode) - 3)) or '?'} ({mode})"


def _pair_label(bar: Bar, fair: bool, unrivalled: bool) -> list[str]:
    """A benchmark's label lines: its name, then '(lower is better)', '(not to scale)', '(no rival score)'
    where so."""
    marks = [mark for mark, on in (("lower is better", bar.lower_is_better), ("not to scale", not fair),
                                   (NO_RIVAL, unrivalled)) if on]
    name = fit(safe(bar.label, LABEL) or "?", SIZE["label"], WIDTH * 0.34)
    return [name, f"({', '.join(marks)})"] if marks else [name]
