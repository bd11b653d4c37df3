"""PNG charts with matplotlib's Agg backend (placeholder drawing; replaced by the full renderer)."""

from __future__ import annotations

import io

from bot.core.chart import Chart


def draw(chart: Chart) -> bytes:
    """`chart` as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.barh([bar.label for bar in chart.bars], [bar.values[0] or 0 for bar in chart.bars])
    axes.set_title(chart.title)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
