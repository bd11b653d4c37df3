"""/compare A B: two models side by side on every benchmark."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.schema import Benchmark, Model, Score
from bot.core.answer import Answer, Field, Status, Table, problem
from bot.core.commands.common import (
    close_models,
    example_compare,
    not_found,
    option,
    relation_note,
    score_text,
)
from bot.core.chart import NOT_REPORTED
from bot.core.commands.plots import pairs_chart
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.text import date, number, page_of, quote, sources_footer, split_page, without_mentions

USAGE = "/compare A vs B"
_SEPARATOR = re.compile(r"\s+(?:vs\.?|versus|v\.?|and|against|&)\s+|\s*[,;|]\s*|\s+/\s+", re.IGNORECASE)
_WORD_SEPARATOR = r"(?:vs\.?|versus|v\.?|and|against|&)"
_LOOSE_SEPARATOR = re.compile(
    rf"^\s*(?:{_WORD_SEPARATOR}\s+|[,;|/]\s*)|(?:\s+{_WORD_SEPARATOR}|\s*[,;|/])\s*$", re.IGNORECASE
)
"""A separator at the start or end with nothing on its other side: 'muse spark vs' names one model."""
_ONLY_SEPARATORS = re.compile(r"(?:\s|vs\.?|versus|v\.?|and|against|&|[,;|/])*", re.IGNORECASE)
PAGE_SIZE = 20


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="compare",
            summary="Two models side by side on every benchmark, with the better one per row.",
            usage=USAGE,
            examples=("/compare muse spark vs gpt-5.4", "/compare opus, gemini", "/compare gpt 5.4 claude opus 4.6"),
            options=(
                Option("a", "First model", kind="model", required=True),
                Option("b", "Second model", kind="model", required=True),
                Option("chart", "Attach a bar chart (true) or leave it out (false)", kind="boolean"),
            ),
            handler=compare,
            charts=True,
        )
    )


def split_pair(text: str, catalog: Catalog) -> tuple[str, str] | None:
    """Two model names from 'A vs B', 'A and B', 'A, B' or plain 'A B' (names may have spaces)."""
    parts = [p.strip() for p in _SEPARATOR.split(text) if p and p.strip()]
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) > 2:
        return None
    tokens = text.split()
    splits = [(" ".join(tokens[:i]), " ".join(tokens[i:])) for i in range(1, len(tokens))]
    for resolved in (2, 1):
        for left, right in splits:
            found = (catalog.model_names.get(left) is not None) + (catalog.model_names.get(right) is not None)
            if found >= resolved:
                return left, right
    if len(tokens) <= 6:  # 'muse sprak gpt': the first split whose both sides are close to a model
        for left, right in splits:
            if close_models(catalog, left, 1) and close_models(catalog, right, 1):
                return left, right
    return splits[0] if len(splits) == 1 else None


def compare(context: Context, request: Request) -> Answer:
    """Answer /compare."""
    catalog = context.catalog
    if request.options:
        pair, page = (option(request.options, "a"), option(request.options, "b")), request.page
    else:
        typed, page_text = split_page(request.text)
        cleaned = without_mentions(typed)  # mentions name no model
        if cleaned != " ".join(typed.split()) and _ONLY_SEPARATORS.fullmatch(cleaned):  # '<!channel> vs <@U1>'
            return not_found("model", typed, catalog.model_names, USAGE, "/compare {}".format, close=[])
        text, loose = (cleaned, 0) if catalog.model_names.get(cleaned) else _LOOSE_SEPARATOR.subn("", cleaned)
        text = text.strip()
        if (alone := catalog.model_names.get(text)) is not None:
            model = catalog.models[alone]
            example = example_compare(catalog, include=model.id)
            return problem(
                f"Compare {model.name} with which model?", Status.BAD_INPUT, f"For example {example}.",
                suggestions=(example,),
            )
        if loose and text:  # 'muse sprak vs': one name, not found as typed
            close = close_models(catalog, text)
            examples = {catalog.label(m): example_compare(catalog, include=m) for m in close}
            return not_found("model", text, catalog.model_names, USAGE, examples.__getitem__, close=list(examples))
        pair, page = split_pair(text, catalog), page_text or request.page
    if pair is None or not all(pair):
        return problem(
            "Which two models?",
            Status.BAD_INPUT,
            f"Name two models, for example {example_compare(catalog)}.",
            suggestions=(example_compare(catalog),),
        )
    first_id, second_id = (catalog.model_names.get(text) for text in pair)
    if first_id is None or second_id is None:
        close = [[text] if m else [catalog.label(c) for c in close_models(catalog, text)]
                 for m, text in zip((first_id, second_id), pair)]
        index = 0 if first_id is None else 1
        other = close[1 - index][0] if close[1 - index] else pair[1 - index]  # as typed, or its typo mended
        def retry(name: str) -> str:
            return f"/compare {name} vs {other}" if index == 0 else f"/compare {other} vs {name}"

        return not_found("model", pair[index], catalog.model_names, USAGE, retry, close=close[index])
    first, second = catalog.models[first_id], catalog.models[second_id]
    if first.id == second.id:
        return problem(
            f"{quote(pair[0])} and {quote(pair[1])} are both {first.name}",
            Status.BAD_INPUT,
            "Name two different models.",
        )
    return side_by_side(catalog, first, second, page)


def _best_scores(catalog: Catalog, model_id: str) -> dict[str, Score]:
    """The model's best score per benchmark id (a model may have several, one per mode)."""
    best: dict[str, Score] = {}
    for bench, score in catalog.scores_by_model.get(model_id, []):
        current = best.get(bench.id)
        if current is None or catalog.better(bench, score.value, current.value):
            best[bench.id] = score
    return best


def _cell(bench: Benchmark, score: Score | None) -> str:
    return NOT_REPORTED if score is None else score_text(bench, score)


def side_by_side(catalog: Catalog, first: Model, second: Model, page: int = 1) -> Answer:
    """The comparison table, verdict, relations and model facts."""
    rows, cited, scored = [], [], []
    wins = {first.id: 0, second.id: 0}
    both = ties = 0
    best_a, best_b = _best_scores(catalog, first.id), _best_scores(catalog, second.id)
    for bench in catalog.benchmarks.values():
        a, b = best_a.get(bench.id), best_b.get(bench.id)
        if a is None and b is None:
            continue
        cited += [(s.source, s.as_of) for s in (a, b) if s]
        scored.append((bench, a, b))
        better, difference = "—", "—"
        if a and b:
            both += 1
            if a.value == b.value:
                better, ties = "tie", ties + 1
            else:
                leader = first if catalog.better(bench, a.value, b.value) else second
                wins[leader.id] += 1
                better, difference = leader.name, number(abs(a.value - b.value), bench.unit)
        rows.append((bench.name, _cell(bench, a), _cell(bench, b), better, difference))
    relations = [
        (bench, r)
        for bench, r in catalog.relations_by_model.get(first.id, []) + catalog.relations_by_model.get(second.id, [])
        if r.model in (first.id, second.id) and (not r.than or {first.id, second.id} & set(r.than) - {r.model})
    ]
    relations = list({id(r): (bench, r) for bench, r in relations}.values())
    cited += [(r.source, r.as_of) for _, r in relations] + [(m.source, m.as_of) for m in (first, second)]
    shown, page, pages = page_of(rows, page, PAGE_SIZE)
    notes = tuple(f"{bench.name}: {relation_note(catalog, r)}" for bench, r in relations)
    footer = sources_footer(catalog, cited)
    return Answer(
        title=f"{first.name} vs {second.name}",
        lines=(_verdict(first, second, wins, both, ties),),
        table=Table(("Benchmark", first.name, second.name, "Better", "Difference"), tuple(shown)) if shown else None,
        fields=(_facts(catalog, first), _facts(catalog, second)),
        notes=notes,
        footer=footer,
        suggestions=(f"/rank {first.name}", f"/rank {second.name}"),
        page=page,
        pages=pages,
        chart=pairs_chart(catalog, (first, second), scored, relations, footer),
    )


def _verdict(first: Model, second: Model, wins: dict[str, int], both: int, ties: int) -> str:
    if not both:
        return "No benchmark reports both models, so there is nothing to set side by side."
    tied = f", tied on {ties}" if ties else ""
    return (
        f"{first.name} leads on {wins[first.id]} of {both} benchmarks that report both; "
        f"{second.name} leads on {wins[second.id]}{tied}."
    )


def _facts(catalog: Catalog, model: Model) -> Field:
    weights = {True: "yes", False: "no", None: "not stated"}[model.open_weights]
    lines = [
        f"Maker: {catalog.label(model.maker) if model.maker else 'not stated'}",
        f"Released: {date(model.released) if model.released else 'not stated'}",
        f"Open weights: {weights}",
    ]
    if model.availability:
        lines.append(f"Availability: {model.availability}")
    return Field(model.name, "\n".join(lines))
