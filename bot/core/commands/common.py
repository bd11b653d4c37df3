"""Helpers the commands share: finding records by name (typos, makers and products too), what the
sources say about a name, and reporting what was not found."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.content.catalog import Catalog
from bot.content.names import Names, normalize, search_words
from bot.content.schema import Benchmark, Fact, Model, Organization, Relation, Score
from bot.core.answer import Answer, Field, Status, Table, problem
from bot.core.text import number, quote, sources_footer


def not_found(
    kind: str, text: str, names: Names, usage: str, retry: Callable[[str], str], close: list[str] | None = None
) -> Answer:
    """'No model called “x”', with did-you-mean suggestions (`close`, else the closest of `names`);
    `retry(name)` is the command to suggest."""
    close = names.suggest(text) if close is None else close
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


def ranking_table(catalog: Catalog, bench: Benchmark, scores: Sequence[Score]) -> Table:
    """Scores of one benchmark as /rank lists them: place (shared by ties), model, score, as-of date."""
    shown = catalog.with_places(bench, scores)
    return Table(
        columns=("#", "Model", "Score", "As of"),
        rows=tuple((str(p), catalog.label(s.model), score_text(bench, s), s.as_of.isoformat()) for p, s in shown),
        numbers=tuple(s.value for _, s in shown),
    )


def top_label(catalog: Catalog, bench: Benchmark, n: int, top: Sequence[Score]) -> str:
    """How a top-N cut (Catalog.top) reads: 'top 3', or 'top 1 (2 tied at #1)' when a tie at the cut
    takes in more than N."""
    if len(top) <= n:
        return f"top {len(top)}"
    place = catalog.place(bench, top[-1].value)
    return f"top {n} ({len(top) - place + 1} tied at #{place})"


RELATION_WORDS = {"ahead_of": "ahead of", "behind": "behind", "comparable": "comparable with"}


def relation_brief(catalog: Catalog, relation: Relation) -> str:
    """A statement without numbers in a few words: 'Muse Spark is ahead of GPT-5.4'."""
    named = " and ".join(catalog.label(m) for m in relation.than) or "others"
    return f"{catalog.label(relation.model)} is {RELATION_WORDS[relation.relation]} {named}"


def relation_note(catalog: Catalog, relation: Relation) -> str:
    """A statement without numbers, shown as the source states it."""
    return (
        f"{relation_brief(catalog, relation)}; the source gives no score for this comparison. "
        f"As stated: “{relation.statement}”"
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


def maker_of(catalog: Catalog, text: str) -> str | None:
    """The organization id `text` names by its name, alias or one of its products ('chatgpt' -> OpenAI)."""
    products: Names | None = getattr(catalog, "product_names", None)
    org = products.get(text) if products is not None else None
    if org is None and (entity := catalog.entity_names.get(text)) in catalog.organizations:
        org = entity
    return org


def organization_models(catalog: Catalog, org_id: str) -> list[str]:
    """Ids of the models an organization makes (or that carry its product's name)."""
    index: dict[str, tuple[str, ...]] | None = getattr(catalog, "organization_models", None)
    if index is not None:
        return list(index.get(org_id, ()))
    return [m.id for m in catalog.models.values() if m.maker == org_id]


def close_models(catalog: Catalog, text: str, limit: int = 3) -> list[str]:
    """Ids of the models `text` most likely means: a maker's or product's models, names that start with it or
    that it holds ('claude', 'chatgpt'), then close spellings ('muse sprak')."""
    return _close_models(catalog, text, limit, catalog.model_names.close(text, limit))


def _close_models(catalog: Catalog, text: str, limit: int, spelled: list[tuple[str, float]]) -> list[str]:
    org = maker_of(catalog, text)
    ids = organization_models(catalog, org) if org else []
    ids += catalog.model_names.containing(text)
    ids += [rid for rid, _ in spelled if rid in catalog.models]
    return list(dict.fromkeys(ids))[:limit]


def close_names(catalog: Catalog, text: str, limit: int = 3) -> list[str]:
    """Display names of the models, benchmarks and organizations `text` most likely means, best first;
    never the record `text` already names exactly."""
    exact = catalog.entity_names.get(text) or catalog.benchmark_names.get(text)
    entities = catalog.entity_names.close(text, limit)  # models and organizations, spelled closely
    scored = [(100.0 - i, catalog.label(m)) for i, m in enumerate(_close_models(catalog, text, limit, entities))]
    scored += [(95.0, catalog.benchmarks[b].name) for b in catalog.benchmark_names.containing(text, limit)]
    scored += [(s, catalog.benchmark_names.labels[rid]) for rid, s in catalog.benchmark_names.close(text, limit)]
    scored += [(s, catalog.label(rid)) for rid, s in entities]
    labels = [label for _, label in sorted(scored, key=lambda pair: -pair[0]) if label != catalog.label(exact or "")]
    return list(dict.fromkeys(labels))[:limit]


def facts_field(record: Organization | Model) -> Field:
    """'About X' with a record's facts, one bullet each."""
    return Field(f"About {record.name}", "\n".join(f"• {fact.text}" for fact in record.facts), inline=False)


_FACT_TEXTS: dict[int, tuple[Catalog, tuple[str, ...], tuple[tuple[str, Fact], ...]]] = {}


def mentions(catalog: Catalog, text: str, limit: int = 10) -> list[tuple[str, Fact]]:
    """(record name, fact) for facts whose text holds every word of `text`, typos forgiven: what the
    sources say about a person or thing that has no record of its own ('alexander wang')."""
    cached = _FACT_TEXTS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        records = [*catalog.organizations.values(), *catalog.models.values()]
        facts = tuple((r.name, f) for r in records for f in r.facts)
        cached = (catalog, tuple(f.text.casefold() for _, f in facts), facts)
        if len(_FACT_TEXTS) >= 4:
            _FACT_TEXTS.pop(next(iter(_FACT_TEXTS)), None)
        _FACT_TEXTS[id(catalog)] = cached
    _, texts, facts = cached
    if not normalize(text):
        return []
    return [facts[i] for i in search_words(texts, text, getattr(catalog, "synonyms", None))[:limit]]


def mentions_answer(catalog: Catalog, text: str, found: list[tuple[str, Fact]], retry: str) -> Answer:
    """What the sources say about `text`, fact by fact, each with the record it belongs to."""
    return Answer(
        title=f"What the sources say about {quote(text)}",
        fields=(Field("Mentioned in", "\n".join(f"• {name}: {fact.text}" for name, fact in found), inline=False),),
        footer=sources_footer(catalog, [(fact.source, fact.as_of) for _, fact in found]),
        suggestions=(retry,),
    )
