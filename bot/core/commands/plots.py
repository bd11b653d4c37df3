"""Charts of /rank and /compare, built from the same scores as their tables."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.catalog import Catalog
from bot.content.schema import Benchmark, Model, Relation, Score
from bot.core.chart import NOT_REPORTED, PAIRS_DIRECTION, TOP, Bar, Chart, Series
from bot.core.commands.common import relation_brief, score_text
from bot.core.text import number

_TONES: dict[int, tuple[Catalog, dict[str, int]]] = {}


def _colour_key(catalog: Catalog, model_id: str) -> str:
    """The maker at the top of its organization tree (MSL -> Meta), or the model itself when the sources
    name no maker: what keeps one colour across charts."""
    model = catalog.models.get(model_id)
    org_id = model.maker if model else None
    seen: set[str] = set()
    while org_id and org_id not in seen and (parent := getattr(catalog.organizations.get(org_id), "part_of", None)):
        seen.add(org_id)
        org_id = parent
    return f"org:{org_id}" if org_id else f"model:{model_id}"


def tone(catalog: Catalog, model_id: str) -> int:
    """A colour index that is the same for a maker (else a model) in every chart of this content."""
    cached = _TONES.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        keys = sorted({_colour_key(catalog, m) for m in catalog.models})
        cached = (catalog, {key: index for index, key in enumerate(keys)})
        if len(_TONES) >= 4:
            _TONES.pop(next(iter(_TONES)), None)
        _TONES[id(catalog)] = cached
    return cached[1].get(_colour_key(catalog, model_id), -1)


def source_line(footer: Sequence[str]) -> str:
    """The answer's source lines as one line for a chart's foot."""
    return " · ".join(line.removeprefix("Source: ") for line in footer)


def ranking_chart(
    catalog: Catalog, bench: Benchmark, ranked: Sequence[Score], footer: Sequence[str], cut: str = ""
) -> Chart | None:
    """Bars for `ranked` (best first; the whole ranking or its top N, which `cut` describes: 'top 1 (2 tied
    at #1)'), capped at TOP; None without scores."""
    if not ranked:
        return None
    shown = catalog.with_places(bench, ranked[:TOP])
    lower = bench.direction == "lower"
    bars = tuple(
        Bar(
            label=catalog.label(score.model),
            values=(score.value,),
            texts=(number(score.value, bench.unit),),
            place=place,
            tone=tone(catalog, score.model),
            lower_is_better=lower,
            unit=bench.unit,
            mode=score.mode or "",
        )
        for place, score in shown
    )
    return Chart(
        kind="ranking",
        title=bench.name,
        bars=bars,
        direction=("lower is better" if lower else "higher is better") + (f" · {cut}" if cut else ""),
        unit=bench.unit,
        notes=tuple(f"{relation_brief(catalog, r)} (no score given)" for r in bench.relations),
        source=source_line(footer),
        more=max(0, len(ranked) - TOP),
    )


def pairs_chart(
    catalog: Catalog,
    pair: tuple[Model, Model],
    scored: Sequence[tuple[Benchmark, Score | None, Score | None]],
    relations: Sequence[tuple[Benchmark, Relation]],
    footer: Sequence[str],
) -> Chart | None:
    """One pair of bars per benchmark that has a number for either model; None when none has. The
    `relations` (statements without numbers) become short notes; the text answer quotes them whole."""
    bars = tuple(
        Bar(
            label=bench.name,
            values=(a.value if a else None, b.value if b else None),
            texts=tuple(score_text(bench, s) if s else NOT_REPORTED for s in (a, b)),
            lower_is_better=bench.direction == "lower",
            unit=bench.unit,
        )
        for bench, a, b in scored
        if a is not None or b is not None
    )
    if not any(None not in bar.values for bar in bars):  # no benchmark reports both: nothing to set side by side
        return None
    return Chart(
        kind="pairs",
        title=f"{pair[0].name} vs {pair[1].name}",
        bars=bars,
        direction=PAIRS_DIRECTION,
        series=tuple(Series(model.name, tone(catalog, model.id)) for model in pair),
        notes=tuple(f"{bench.name}: {relation_brief(catalog, r)}" for bench, r in relations),
        source=source_line(footer),
    )
