"""/rank [benchmark] [top N]: models best first on one benchmark."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.content.schema import Benchmark, Model, Organization
from bot.core.answer import Answer, Status, Table, problem
from bot.core.chart import TOP
from bot.core.commands.plots import ranking_chart
from bot.core.commands.common import (
    close_names,
    example_compare,
    facts_field,
    maker_of,
    mentions,
    mentions_answer,
    not_found,
    option,
    organization_models,
    ranking_table,
    relation_note,
    score_text,
    top_label,
)
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.text import page_of, quote, sources_footer, split_page, without_mentions

USAGE = "/rank [benchmark] [top N]"
PAGE_SIZE = 20
MAX_TOP = 1000
_TOP = re.compile(r"(?:^|\s)top\s*=?\s*(-?\d+)\s*$|^top\s*=?\s*(-?\d+)\s+", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"\s(\d+)$")


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="rank",
            summary="Models best first on a benchmark (default: the headline benchmark).",
            usage=USAGE,
            examples=("/rank", "/rank healthbench hard", "/rank gdpval top 2", "/rank output tokens"),
            options=(
                Option("benchmark", "Benchmark name or alias", kind="benchmark"),
                Option("top", "Show only the best N models (and any tied with the N-th)", kind="integer", min_value=1,
                       max_value=MAX_TOP),
                Option("chart", "Attach a bar chart (true) or leave it out (false)", kind="boolean"),
            ),
            handler=rank,
            charts=True,
        )
    )


def _parse(request: Request) -> tuple[str, int | None, int, str | None]:
    """(benchmark text, top N, page, error) from options, or from text such as 'hle top 3 page 2'."""
    if request.options:
        text, top_text, page = option(request.options, "benchmark"), option(request.options, "top"), request.page
    else:
        text, page_text = split_page(request.text)
        page, top_text = page_text or request.page, ""
        match = _TOP.search(text)
        if match:
            top_text = match.group(1) or match.group(2)
            text = (text[: match.start()] + " " + text[match.end() :]).strip()
    if not top_text:
        return text, None, page, None
    top, error = _top(top_text)
    return text, top, page, error


def _top(text: str) -> tuple[int | None, str | None]:
    """The N of 'top N', or why it is not acceptable."""
    if not text.lstrip("-").isdecimal():
        return None, f"top must be a whole number, not “{text[:20]}”"
    if len(text.lstrip("-").lstrip("0")) > 9:  # however many digits: out of range, like 0
        return None, f"top must be between 1 and {MAX_TOP}"
    top = int(text)
    return (top, None) if 1 <= top <= MAX_TOP else (None, f"top must be between 1 and {MAX_TOP}")


def rank(context: Context, request: Request) -> Answer:
    """Answer /rank."""
    catalog = context.catalog
    typed, top, page, error = _parse(request)
    text = without_mentions(typed)  # '@everyone' names nothing: ignored in the lookup, echoed as typed
    if typed and not text:
        return not_found("benchmark or model", typed, catalog.benchmark_names, USAGE, "/rank {}".format, close=[])
    bench_id = catalog.benchmark_names.get(text) if text else catalog.headline
    trailing = _TRAILING_NUMBER.search(" " + text)
    if not error and bench_id is None and top is None and trailing:  # '/rank hle 3'
        bench_id = catalog.benchmark_names.get(text[: -len(trailing.group(1))])
        if bench_id is not None:
            top, error = _top(trailing.group(1))
    if error:
        example = f"/rank {catalog.benchmarks[catalog.headline].name} top 3" if catalog.headline else "/rank"
        return problem("Bad /rank option", Status.BAD_INPUT, error, suggestions=(example,))
    if bench_id is None:
        model_id = catalog.model_names.get(text)
        if model_id is not None:
            return model_standing(context, catalog.models[model_id])
        return unknown(context, text, typed)
    return ranking(context, catalog.benchmarks[bench_id], top, page, listed_others=not text)


def unknown(context: Context, text: str, typed: str | None = None) -> Answer:
    """Neither a benchmark nor a model: a maker or product shows its models and facts, a close spelling is
    suggested, and a name only the facts mention ('alexander wang') shows those facts. `typed` is the text
    as typed (with any mentions), for the 'not found' title."""
    catalog = context.catalog
    org_id = maker_of(catalog, text)
    if org_id is not None:
        return organization_standing(context, catalog.organizations[org_id], text)
    close = close_names(catalog, text)
    if not close and (found := mentions(catalog, text)):
        return mentions_answer(catalog, text, found, f"/timeline {text}")
    return not_found(
        "benchmark or model", typed or text, catalog.benchmark_names, USAGE, "/rank {}".format, close=close
    )


def organization_standing(context: Context, org: Organization, typed: str) -> Answer:
    """'/rank <maker or product>': the organization's models and benchmarks to rank, and its facts."""
    catalog = context.catalog
    models = [catalog.label(m) for m in organization_models(catalog, org.id)]
    benchmarks = [b.name for b in catalog.benchmarks.values() if b.by == org.id]
    product = next((p for p in getattr(org, "products", ()) if normalize(p) == normalize(typed)), None)
    lines = [f"{product} is a product of {org.name}." if product else f"{org.name} is an organization."]
    if models:
        lines.append(f"Its models: {', '.join(models)}.")
    if benchmarks:
        lines.append(f"Its benchmarks: {', '.join(benchmarks)}.")
    suggestions = tuple(f"/rank {name}" for name in (models + benchmarks)[:3])
    if not (models or benchmarks or org.facts):
        return problem(f"No benchmark or model called {quote(typed)}", Status.NOT_FOUND, *lines,
                       "The content has no models, benchmarks or facts of it.", suggestions=("/rank",))
    return Answer(
        title=org.name,
        lines=tuple(lines),
        fields=(facts_field(org),) if org.facts else (),
        footer=sources_footer(catalog, [(f.source, f.as_of) for f in org.facts]),
        suggestions=suggestions or (f"/timeline {org.name}",),
    )


def ranking(context: Context, bench: Benchmark, top: int | None, page: int, listed_others: bool) -> Answer:
    """The ranking table of one benchmark, a page at a time."""
    catalog = context.catalog
    ranking = catalog.rankings[bench.id]
    rows = catalog.top(bench, top)
    cut = top_label(catalog, bench, top, rows) if top and top < len(ranking) else ""
    shown, page, pages = page_of(rows, page, PAGE_SIZE)
    stated = [(r.source, r.as_of) for r in bench.relations]
    footer = sources_footer(catalog, [(s.source, s.as_of) for s in shown] + stated)
    charted = sources_footer(catalog, [(s.source, s.as_of) for s in rows[:TOP]] + stated)
    notes = tuple(relation_note(catalog, r) for r in bench.relations)
    lines = [bench.measures] if bench.measures else []
    if not bench.scores:
        lines.append("No numeric scores are reported for this benchmark.")
    if listed_others:
        others = [b.name for b in catalog.benchmarks.values() if b.id != bench.id]
        if others:
            lines.append("Other benchmarks: " + ", ".join(others[:40]) + (" …" if len(others) > 40 else ""))
    return Answer(
        title=f"{bench.name}{', ' + cut if cut else ''}: {'higher' if bench.direction == 'higher' else 'lower'} is better",
        lines=tuple(lines),
        table=ranking_table(catalog, bench, shown) if shown else None,
        notes=notes,
        footer=footer,
        suggestions=((f"/rank {bench.name} top 3",) if len(ranking) > 3 and not top else ())
        + (example_compare(catalog, bench.id),),
        page=page,
        pages=pages,
        chart=ranking_chart(catalog, bench, rows, charted, cut),
    )


def model_standing(context: Context, model: Model) -> Answer:
    """Where one model places on every benchmark that scores it (for '/rank <model>')."""
    catalog = context.catalog
    rows, numbers, cited = [], [], []
    for bench, score in catalog.scores_by_model.get(model.id, []):
        rows.append((bench.name, score_text(bench, score), _place(catalog, bench, score.value, model.id)))
        numbers.append(score.value)
        cited.append((score.source, score.as_of))
    relations = catalog.relations_by_model.get(model.id, [])
    notes = tuple(f"{b.name}: {relation_note(catalog, r)}" for b, r in relations)
    return Answer(
        title=f"{model.name} on every benchmark",
        lines=() if rows else ("No numeric scores are reported for this model.",),
        table=Table(("Benchmark", "Score", "Place"), tuple(rows), tuple(numbers)) if rows else None,
        fields=(facts_field(model),) if model.facts else (),
        notes=notes,
        footer=sources_footer(
            catalog, cited + [(r.source, r.as_of) for _, r in relations] + [(f.source, f.as_of) for f in model.facts]
        ),
        suggestions=("/rank " + catalog.benchmarks[catalog.headline].name,) if catalog.headline else (),
    )


def _place(catalog: Catalog, bench: Benchmark, value: float, model_id: str) -> str:
    """'4 of 5'; when no other model has a score there, no place is implied (the notes give any statement)."""
    if all(s.model == model_id for s in bench.scores):
        return "no other model scored"
    return f"{catalog.place(bench, value)} of {len(bench.scores)}"
