"""Helpers the commands share: finding records by name and reporting what was not found."""

from __future__ import annotations

from collections.abc import Callable

from bot.content.catalog import Catalog
from bot.content.names import Names
from bot.content.schema import Benchmark, Relation, Score
from bot.core.answer import Answer, Status, problem
from bot.core.text import number, quote


def not_found(kind: str, text: str, names: Names, usage: str, retry: Callable[[str], str]) -> Answer:
    """'No model called “x”', with did-you-mean suggestions; `retry(name)` is the command to suggest."""
    close = names.suggest(text)
    lines = [f"Did you mean: {', '.join(close)}?"] if close else [f"Usage: {usage}"]
    return problem(
        f"No {kind} called {quote(text)}",
        Status.NOT_FOUND,
        *lines,
        suggestions=tuple(retry(name) for name in close),
    )


def option(request_options: dict, name: str) -> str:
    """A structured option as text ('' when absent)."""
    value = request_options.get(name)
    return "" if value is None else str(value)


def score_text(bench: Benchmark, score: Score) -> str:
    """A score as shown everywhere: '58% (Contemplating mode)', '1,427 Elo'."""
    shown = number(score.value, bench.unit)
    return f"{shown} ({score.mode} mode)" if score.mode else shown


RELATION_WORDS = {"ahead_of": "ahead of", "behind": "behind", "comparable": "comparable with"}


def relation_note(catalog: Catalog, relation: Relation) -> str:
    """A statement without numbers, shown as the source states it."""
    named = " and ".join(catalog.label(m) for m in relation.than) or "others"
    return (
        f"{catalog.label(relation.model)} is {RELATION_WORDS[relation.relation]} {named}; the source gives no "
        f"score for this comparison. As stated: “{relation.statement}”"
    )


def example_compare(catalog: Catalog, bench_id: str | None = None, include: str | None = None) -> str:
    """A /compare worth trying: the top two models of `bench_id` (default: the headline benchmark),
    or `include` against the best other model there."""
    ranking = [s.model for s in catalog.rankings.get(bench_id or catalog.headline, ())]
    ranking = list(dict.fromkeys(ranking + list(catalog.models)))
    if include is not None:
        ranking = [include] + [m for m in ranking if m != include]
    names = [catalog.label(m) for m in ranking[:2]]
    return f"/compare {' vs '.join(names)}" if len(names) == 2 else "/compare A vs B"
