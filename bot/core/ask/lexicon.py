"""What /ask searches, built once per catalog: every name to its record, and every stated passage."""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from bot.content.catalog import Catalog
from bot.content.names import normalize


@dataclass(frozen=True)
class Passage:
    """One thing the content states: its text, the records it is about, its source and where it shows."""

    text: str
    about: frozenset[str]
    source: str
    as_of: dt.date | None
    origin: str
    when: str = ""
    keywords: str = ""


@dataclass
class Lexicon:
    """names: normalised name -> (kind, id). passages, and an index from word to passage numbers."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    sorted_keys: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stems: dict[str, set[str]] = field(default_factory=dict)
    prefixes: dict[str, list[str]] = field(default_factory=dict)
    dated: list[tuple[str, int]] = field(default_factory=list)
    grams: dict[int, frozenset[str]] = field(default_factory=dict)
    expanded: dict[str, frozenset[str]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)
    spelling: list[str] = field(default_factory=list)
    words_of_names: dict[str, list[list[str]]] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)
    models: frozenset[str] = frozenset()
    org_models: dict[str, frozenset[str]] = field(default_factory=dict)


_CACHE: dict[int, tuple[weakref.ref[Catalog], Lexicon]] = {}


def lexicon(catalog: Catalog) -> Lexicon:
    """The lexicon of `catalog`, built on first use (catalogs are immutable, so it never goes stale).
    The cache holds catalogs weakly: a catalog replaced on reload is freed with its lexicon."""
    cached = _CACHE.get(id(catalog))
    if cached is not None and cached[0]() is catalog:
        return cached[1]
    built = _build(catalog)
    for key in [key for key, (ref, _) in _CACHE.items() if ref() is None]:
        del _CACHE[key]
    _CACHE[id(catalog)] = (weakref.ref(catalog), built)
    return built


def _build(catalog: Catalog) -> Lexicon:
    from bot.core.ask.question import words_of

    lex = Lexicon()
    records = (
        [("model", m.id, (m.name, *m.aliases)) for m in catalog.models.values()]
        + [("benchmark", b.id, (b.name, *b.aliases)) for b in catalog.benchmarks.values()]
        + [("org", o.id, (o.name, *o.aliases, *getattr(o, "products", ()))) for o in catalog.organizations.values()]
    )
    for kind, record_id, names in records:
        lex.labels[record_id] = tuple(normalize(n) for n in (record_id, *names))
        lex.words_of_names[record_id] = [words_of(n) for n in names]
        for name in (record_id, *names):
            if key := normalize(name):
                lex.names.setdefault(key, (kind, record_id))
    for org in catalog.organizations.values():
        for product in getattr(org, "products", ()):
            if lex.names.get(normalize(product)) == ("org", org.id):
                lex.products[normalize(product)] = org.id
    lex.models = frozenset(catalog.models)
    from bot.core.commands.common import organization_models

    lex.org_models = {o: frozenset(organization_models(catalog, o)) for o in catalog.organizations}
    lex.keys = list(lex.names)
    lex.sorted_keys = sorted(lex.names)
    _passages(catalog, lex)
    index: dict[str, list[int]] = defaultdict(list)
    for number, passage in enumerate(lex.passages):
        tokens = frozenset(words_of(f"{passage.text} {passage.keywords}"))
        lex.words.append(tokens)
        for token in tokens:
            index[token].append(number)
    lex.index = dict(index)
    lex.dated = sorted((p.when, n) for n, p in enumerate(lex.passages) if p.when)
    total = max(1, len(lex.passages))
    lex.idf = {token: math.log(1 + total / len(hits)) for token, hits in index.items()}
    lex.vocabulary = list(index)
    from bot.core.ask.cover import stem

    for token in lex.vocabulary:
        lex.stems.setdefault(stem(token), set()).add(token)
        lex.by_length.setdefault(len(token), []).append(token)
        if len(token) >= 5:
            lex.prefixes.setdefault(token[:5], []).append(token)
    return lex


def _passages(catalog: Catalog, lex: Lexicon) -> None:
    add = lex.passages.append
    for model in catalog.models.values():
        about = frozenset({model.id, *([model.maker] if model.maker else [])})
        for fact in model.facts:
            add(Passage(fact.text, about, fact.source, fact.as_of, f"/rank {model.name}"))
        if model.availability:
            add(Passage(f"{model.name} availability: {model.availability}", about, model.source, model.as_of,
                        f"/compare {model.name}"))
    for org in catalog.organizations.values():
        for fact in org.facts:
            add(Passage(f"{org.name}: {fact.text}", frozenset({org.id}), fact.source, fact.as_of,
                        f"/timeline {org.name}"))
    for bench in catalog.benchmarks.values():
        if bench.measures:
            add(Passage(f"{bench.name}: {bench.measures}", frozenset({bench.id}), "", None, f"/rank {bench.name}"))
    for event in catalog.events:
        add(Passage(f"{event.title}. {event.detail or ''}".strip(), frozenset(event.entities), event.source, None,
                    f"/timeline {event.date}", when=event.date))
    from bot.core.ask.cover import named_spans
    from bot.core.ask.question import words_of

    for entry in catalog.faq:  # an entry is about the records its question names
        about = frozenset(found for _, _, found in named_spans(lex, words_of(entry.question)))
        add(Passage(entry.answer, about, entry.source, None, f"/faq {entry.question}",
                    keywords=" ".join((entry.question, *entry.also))))
