"""The Catalog: validated content, indexed for the commands. Immutable once built."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from rapidfuzz.utils import default_process

from bot.content.names import Names, normalize
from bot.content.schema import (
    SECTIONS,
    Benchmark,
    ContentFile,
    Event,
    FaqEntry,
    Feed,
    Model,
    Organization,
    Relation,
    Score,
    Source,
    Synonym,
)
from bot.content.sourcetext import Passage, SourceText, split_text

__all__ = ["Catalog", "normalize"]

DEFAULT_HEADLINE = "intelligence-index"


@dataclass(frozen=True)
class Catalog:
    """Everything the commands read. Swapped whole on reload, never changed in place."""

    sources: dict[str, Source]
    organizations: dict[str, Organization]
    models: dict[str, Model]
    benchmarks: dict[str, Benchmark]
    events: tuple[Event, ...]
    faq: tuple[FaqEntry, ...]
    headline: str
    version: str = ""
    as_of: str = ""
    model_names: Names = field(repr=False, default=None)  # type: ignore[assignment]
    benchmark_names: Names = field(repr=False, default=None)  # type: ignore[assignment]
    entity_names: Names = field(repr=False, default=None)  # type: ignore[assignment]
    faq_names: Names = field(repr=False, default=None)  # type: ignore[assignment]
    scores_by_model: dict[str, list[tuple[Benchmark, Score]]] = field(repr=False, default_factory=dict)
    relations_by_model: dict[str, list[tuple[Benchmark, Relation]]] = field(repr=False, default_factory=dict)
    rankings: dict[str, tuple[Score, ...]] = field(repr=False, default_factory=dict)
    rank_keys: dict[str, list[float]] = field(repr=False, default_factory=dict)
    faq_phrases: tuple[tuple[str, int], ...] = field(repr=False, default=())
    event_dates: list[str] = field(repr=False, default_factory=list)
    event_texts: tuple[str, ...] = field(repr=False, default=())
    events_by_entity: dict[str, list[Event]] = field(repr=False, default_factory=dict)
    product_names: Names = field(repr=False, default=None)  # type: ignore[assignment]
    organization_models: dict[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    synonyms: dict[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    feeds: dict[str, Feed] = field(repr=False, default_factory=dict)
    texts: dict[str, SourceText] = field(repr=False, default_factory=dict)
    """Each source's own text (`file:`), by source id, as paragraphs of sentences."""
    passages: tuple[Passage, ...] = field(repr=False, default=())
    """Every sentence of the sources' texts, source by source."""

    @classmethod
    def build(cls, files: Iterable[ContentFile], *, headline: str | None = None, version: str = "",
              texts: dict[str, str] | None = None) -> Catalog:
        """Index validated content files and the sources' texts (by source id). `headline` names the
        default /rank benchmark."""
        sections: dict[str, list] = defaultdict(list)
        for content in files:
            for name in SECTIONS:
                sections[name].extend(getattr(content, name))
        models = {m.id: m for m in sections["models"]}
        benchmarks = {b.id: b for b in sections["benchmarks"]}
        organizations = {o.id: o for o in sections["organizations"]}
        scores: dict[str, list[tuple[Benchmark, Score]]] = defaultdict(list)
        relations: dict[str, list[tuple[Benchmark, Relation]]] = defaultdict(list)
        for bench in benchmarks.values():
            for score in bench.scores:
                scores[score.model].append((bench, score))
            for relation in bench.relations:
                for model_id in {relation.model, *relation.than}:
                    relations[model_id].append((bench, relation))
        benchmark_names = Names((b.id, b.name, b.aliases) for b in benchmarks.values())
        chosen = benchmark_names.get(headline) if headline else None
        if chosen is None:
            chosen = DEFAULT_HEADLINE if DEFAULT_HEADLINE in benchmarks else next(iter(benchmarks), "")
        faq = tuple(sections["faq"])
        events = tuple(sorted(sections["events"], key=lambda e: (e.date, e.id)))
        by_entity: dict[str, list[Event]] = defaultdict(list)
        for event in events:
            for entity in event.entities:
                by_entity[entity].append(event)
        rankings = {bench.id: ranked(bench) for bench in benchmarks.values()}
        split = {source_id: split_text(source_id, text) for source_id, text in (texts or {}).items()}
        return cls(
            texts=split,
            passages=tuple(passage for text in split.values() for passage in text.passages),
            sources={s.id: s for s in sections["sources"]},
            organizations=organizations,
            models=models,
            benchmarks=benchmarks,
            events=events,
            event_dates=[e.date for e in events],
            event_texts=tuple(f"{e.title} {e.detail or ''}".casefold() for e in events),
            events_by_entity=dict(by_entity),
            faq=faq,
            headline=chosen,
            version=version,
            as_of=max((s.as_of for b in benchmarks.values() for s in b.scores), default=None).isoformat()
            if any(b.scores for b in benchmarks.values())
            else "",
            model_names=Names((m.id, m.name, m.aliases) for m in models.values()),
            benchmark_names=benchmark_names,
            entity_names=Names(
                [(m.id, m.name, m.aliases) for m in models.values()]
                + [(o.id, o.name, o.aliases) for o in organizations.values()]
            ),
            faq_names=Names((f.id, f.question, f.also) for f in faq),
            product_names=Names((o.id, o.name, o.products) for o in organizations.values() if o.products),
            organization_models=_organization_models(organizations, models),
            synonyms=_synonyms(sections["synonyms"]),
            feeds={f.id: f for f in sections["feeds"]},
            scores_by_model=dict(scores),
            relations_by_model=dict(relations),
            rankings=rankings,
            rank_keys={
                bench_id: [_key(bench, s.value) for s in rankings[bench_id]] for bench_id, bench in benchmarks.items()
            },
            faq_phrases=tuple(
                (default_process(text), index)
                for index, entry in enumerate(faq)
                for text in (entry.question, *entry.also)
            ),
        )

    @staticmethod
    def better(bench: Benchmark, value: float, than: float) -> bool:
        """Whether `value` beats `than` on `bench`, by its direction."""
        return value > than if bench.direction == "higher" else value < than

    def place(self, bench: Benchmark, value: float) -> int:
        """The competition rank (ties share: 1, 1, 3) a value holds on `bench`."""
        return bisect_left(self.rank_keys[bench.id], _key(bench, value)) + 1

    def top(self, bench: Benchmark, n: int | None) -> tuple[Score, ...]:
        """The best `n` scores of `bench` and every score tied with the n-th: a cut never splits a tie
        (None: the whole ranking)."""
        ranking = self.rankings[bench.id]
        if n is None or n >= len(ranking):
            return ranking
        keys = self.rank_keys[bench.id]
        return ranking[: bisect_right(keys, keys[max(n, 1) - 1])]

    def with_places(self, bench: Benchmark, scores: Iterable[Score]) -> list[tuple[int, Score]]:
        """(rank, score) for a slice of the ranking, computed only for what is shown."""
        return [(self.place(bench, s.value), s) for s in scores]

    def events_in(self, prefix: str) -> list[Event]:
        """Events whose date starts with `prefix` ('2026' or '2026-04'), oldest first."""
        start = bisect_left(self.event_dates, prefix)
        end = bisect_left(self.event_dates, prefix + "\uffff", lo=start)
        return list(self.events[start:end])

    def label(self, entity_id: str) -> str:
        """Display name of a model or organization id."""
        record = self.models.get(entity_id) or self.organizations.get(entity_id)
        return record.name if record else entity_id

    def counts(self) -> dict[str, int]:
        """How many of each kind of record the catalog holds."""
        return {
            "models": len(self.models),
            "benchmarks": len(self.benchmarks),
            "scores": sum(len(b.scores) for b in self.benchmarks.values()),
            "events": len(self.events),
            "faq": len(self.faq),
            "sources": len(self.sources),
            "passages": len(self.passages),
        }


def _organization_models(
    organizations: dict[str, Organization], models: dict[str, Model]
) -> dict[str, tuple[str, ...]]:
    """Organization id -> ids of the models it or a part of it makes (`maker`, `part_of`) or whose name
    begins with one of its product names as a word ('GPT' -> GPT-5.4). A way in for lookups, not a maker."""
    found: dict[str, list[str]] = defaultdict(list)
    for model in models.values():
        if model.maker:
            found[model.maker].append(model.id)
    for org in organizations.values():
        if org.products:
            starts = re.compile("|".join(rf"{re.escape(p.casefold())}\b" for p in org.products))
            found[org.id] += [m.id for m in models.values() if m.maker != org.id and starts.match(m.name.casefold())]
    for org in organizations.values():  # a part's models are its whole's too (MSL's are Meta's)
        if org.part_of in organizations and org.part_of != org.id:
            found[org.part_of] += found.get(org.id, [])
    return {org_id: tuple(dict.fromkeys(ids)) for org_id, ids in found.items()}


def _synonyms(entries: Iterable[Synonym]) -> dict[str, tuple[str, ...]]:
    """Normalized word -> the casefolded words or phrases it means (as event_texts hold them)."""
    return {normalize(s.word): tuple(dict.fromkeys(m.casefold().strip() for m in s.means)) for s in entries}


def _key(bench: Benchmark, value: float) -> float:
    """Sort key that puts the better value first, whatever the direction."""
    return -value if bench.direction == "higher" else value


def ranked(bench: Benchmark) -> tuple[Score, ...]:
    """The benchmark's scores best first by its direction (ties in model-id order)."""
    by_model = sorted(bench.scores, key=attrgetter("model"))
    return tuple(sorted(by_model, key=attrgetter("value"), reverse=bench.direction == "higher"))
