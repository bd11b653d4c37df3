"""Helpers the commands share: finding records by name and reporting what was not found."""

from __future__ import annotations

from collections.abc import Callable

from bot.content.catalog import Catalog
from bot.content.names import Names
from bot.content.schema import Relation
from bot.core.answer import Answer, Status, problem
from bot.core.text import quote


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


RELATION_WORDS = {"ahead_of": "ahead of", "behind": "behind", "comparable": "comparable with"}


def relation_note(catalog: Catalog, relation: Relation) -> str:
    """A statement without numbers, shown as the source states it."""
    named = " and ".join(catalog.label(m) for m in relation.than) or "others"
    return (
        f"{catalog.label(relation.model)} is {RELATION_WORDS[relation.relation]} {named} (no number given). "
        f"As stated: “{relation.statement}”"
    )


def example_compare(catalog: Catalog) -> str:
    """A /compare worth trying with this content: the headline benchmark's top two models."""
    ranking = catalog.rankings.get(catalog.headline, ())
    names = [catalog.label(s.model) for s in ranking[:2]] or [m.name for m in list(catalog.models.values())[:2]]
    return f"/compare {' vs '.join(names)}" if len(names) == 2 else "/compare A vs B"
