"""What /ask searches, built once per catalog: every name to its record, and every stated passage: the
curated records' facts, FAQ answers, events and descriptions, and every sentence of the sources' texts.

A sentence of a source's text is about the records it names and, where it says 'it' or 'the model', about
the one the sentences before it were about (its subject): 'Meta trained it with over 1,000 physicians'
is about Muse Spark, named a paragraph earlier."""

from __future__ import annotations

import datetime as dt
import math
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.content.sourcetext import SourceText
from bot.core.ask.words import STOPWORDS, stem, words_of
from bot.core.dates import MONTH_NUMBERS, read_date, scan


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
    context: str = ""
    """For a sentence of a source's text (and only for one): its whole paragraph, shown under the quote."""
    subject: str = ""
    """The record the passage is about first: a fact's record, an FAQ entry's, or for a sentence of a
    source's text the one it names first or means by 'it'."""


@dataclass
class Lexicon:
    """names: normalised name -> (kind, id). passages, and an index from word to passage numbers."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    sorted_keys: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)
    stemmed: list[str] = field(default_factory=list)
    """Each passage's words as stems, for ranking."""
    own: list[frozenset[str]] = field(default_factory=list)
    """Each passage's own words (a sentence's, without its neighbours')."""
    index: dict[str, list[int]] = field(default_factory=dict)
    about: dict[str, list[int]] = field(default_factory=dict)
    """A record's id -> the passages about it, in content order."""
    idf: dict[str, float] = field(default_factory=dict)
    mean_idf: float = 1.0
    vocabulary: list[str] = field(default_factory=list)
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stems: dict[str, set[str]] = field(default_factory=dict)
    prefixes: dict[str, list[str]] = field(default_factory=dict)
    dated: list[tuple[str, int]] = field(default_factory=list)
    grams: dict[int, frozenset[str]] = field(default_factory=dict)
    own_grams: dict[int, frozenset[str]] = field(default_factory=dict)
    expanded: dict[str, frozenset[str]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)
    spelling: list[str] = field(default_factory=list)
    words_of_names: dict[str, list[list[str]]] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)
    models: frozenset[str] = frozenset()
    org_models: dict[str, frozenset[str]] = field(default_factory=dict)
    model_labels: dict[str, str] | None = None
    """A model's normalised names -> its id, made on first use (cover.py: which model a clause names)."""
    modes: dict[str, str] = field(default_factory=dict)
    """Id of a model's mode ('muse-spark#contemplating') -> the model's id."""
    subject: str = ""
    """The model the sources' texts are mostly about: what 'it' means in a question that names none."""
    versioned: frozenset[str] = frozenset()
    """Words the passages write a version number after ('nimbus' in 'Nimbus 2'): 'nimbus 3' is another thing."""
    clauses: dict[int, list[tuple[frozenset[str], frozenset[str]]]] = field(default_factory=dict)
    """Each passage's clauses (split at ';', ':', brackets and dashes), as (words, names' n-grams), on demand."""
    joined: list[str] = field(default_factory=list)
    """Each passage's words (with its neighbours'), space-separated, for finding a phrase such as 'nimbus 2'."""


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
    lex = Lexicon()
    records = (
        [("model", m.id, (m.name, *m.aliases)) for m in catalog.models.values()]
        + [("benchmark", b.id, (b.name, *b.aliases)) for b in catalog.benchmarks.values()]
        + [("org", o.id, (o.name, *o.aliases, *getattr(o, "products", ()))) for o in catalog.organizations.values()]
        + [("mode", f"{m.id}#{normalize(mode)}", (f"{mode} mode", mode)) for m in catalog.models.values()
           for mode in m.modes]
    )
    for kind, record_id, names in records:
        lex.labels[record_id] = tuple(normalize(n) for n in (record_id, *names))
        lex.words_of_names[record_id] = [words_of(n) for n in names]
        for name in (record_id, *names):
            if key := normalize(name):
                lex.names.setdefault(key, (kind, record_id))
    lex.modes = {f"{m.id}#{normalize(mode)}": m.id for m in catalog.models.values() for mode in m.modes}
    for org in catalog.organizations.values():
        for product in getattr(org, "products", ()):
            if lex.names.get(normalize(product)) == ("org", org.id):
                lex.products[normalize(product)] = org.id
    lex.models = frozenset(catalog.models)
    lex.org_models = {o: frozenset(catalog.organization_models.get(o, ())) for o in catalog.organizations}
    lex.keys = list(lex.names)
    lex.sorted_keys = sorted(lex.names)
    _passages(catalog, lex)
    for text in catalog.texts.values():
        _sentences(catalog, lex, text)
    index: dict[str, list[int]] = defaultdict(list)
    versioned: set[str] = set()
    for number, passage in enumerate(lex.passages):
        written = words_of(f"{passage.text} {passage.keywords}")
        tokens = frozenset(written)
        lex.words.append(tokens)
        lex.joined.append(f" {' '.join(written)} ")
        versioned.update(m.group(1).casefold() for m in _NAMED_VERSION.finditer(passage.text))
        own = words_of(passage.text) if passage.context else written  # a sentence: ranked on its own words
        lex.stemmed.append(" ".join(map(stem, own)))
        lex.own.append(frozenset(own))
        for token in tokens:
            index[token].append(number)
        for record_id in passage.about:
            lex.about.setdefault(record_id, []).append(number)
    lex.index = dict(index)
    lex.versioned = frozenset(versioned - STOPWORDS - MONTH_NUMBERS.keys())
    lex.dated = sorted((p.when, n) for n, p in enumerate(lex.passages) if p.when)
    total = max(1, len(lex.passages))
    lex.idf = {token: math.log(1 + total / len(hits)) for token, hits in index.items()}
    lex.mean_idf = sum(lex.idf.values()) / len(lex.idf) if lex.idf else 1.0
    lex.vocabulary = list(index)
    for token in lex.vocabulary:
        lex.stems.setdefault(stem(token), set()).add(token)
        lex.by_length.setdefault(len(token), []).append(token)
        if len(token) >= 5:
            lex.prefixes.setdefault(token[:5], []).append(token)
    return lex


_CLAUSE = re.compile(r"[;:()\[\]—–]|\s-\s|(?<=[.!?])\s+"
                     r"|\s+and\s+(?=(?:[A-Z][\w.-]*\s+){1,3}(?:is|are|was|were|has|have)\s)")
"""Where a clause ends: punctuation, or 'and' before a new subject and its verb ('… is the end goal and Muse
Spark is just the first step')."""


def clauses(lex: Lexicon, number: int) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The passage's clauses, each as its words and the normalised n-grams that names are matched against."""
    found = lex.clauses.get(number)
    if found is None:
        found = []
        for part in _CLAUSE.split(lex.passages[number].text):
            words = words_of(part)
            if words:
                grams = frozenset(normalize(" ".join(words[i : i + size])) for size in (1, 2, 3, 4)
                                  for i in range(len(words)))
                found.append((frozenset(words), grams))
        lex.clauses[number] = found
    return found


def named_spans(lex: Lexicon, words: list[str]) -> list[tuple[int, int, str]]:
    """(first word, last word, record id) of every name in `words`, longest first: in 'creates Meta
    Superintelligence Labs' the name is the lab's, not Meta's."""
    used: set[int] = set()
    spans = []
    keys = [normalize(w) for w in words]  # normalising is per character: a span's key is its words' keys joined
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            if used.intersection(range(start, start + size)):
                continue
            hit = lex.names.get("".join(keys[start : start + size]))
            if hit is not None:
                spans.append((start, start + size - 1, hit[1]))
                used.update(range(start, start + size))
    return sorted(spans)


def _passages(catalog: Catalog, lex: Lexicon) -> None:
    add = lex.passages.append
    for model in catalog.models.values():
        about = frozenset({model.id, *([model.maker] if model.maker else [])})
        for fact in model.facts:
            add(Passage(fact.text, about, fact.source, fact.as_of, f"/rank {model.name}", subject=model.id))
        if model.availability:
            add(Passage(f"{model.name} availability: {model.availability}", about, model.source, model.as_of,
                        f"/compare {model.name}", subject=model.id))
    for org in catalog.organizations.values():
        for fact in org.facts:
            add(Passage(f"{org.name}: {fact.text}", frozenset({org.id}), fact.source, fact.as_of,
                        f"/timeline {org.name}", subject=org.id))
    for bench in catalog.benchmarks.values():
        if bench.measures:
            add(Passage(f"{bench.name}: {bench.measures}", frozenset({bench.id}), "", None, f"/rank {bench.name}",
                        subject=bench.id))
    for event in catalog.events:
        add(Passage(f"{event.title}. {event.detail or ''}".strip(), frozenset(event.entities), event.source, None,
                    f"/timeline {event.date}", when=event.date))
    for entry in catalog.faq:  # an entry is about the records its question names
        named = [found for _, _, found in named_spans(lex, words_of(entry.question))]
        add(Passage(entry.answer, frozenset(named), entry.source, None, f"/faq {entry.question}",
                    keywords=" ".join((entry.question, *entry.also)), subject=named[0] if named else ""))


_POINTING = frozenset({"it", "its", "itself"})
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")
_NAMED_VERSION = re.compile(r"\b([A-Z][A-Za-z-]*)\s+\d{1,2}(?:\.\d{1,2})?\b(?![,.]?\d)")
"""A capitalised name and its version ('Nimbus 2', 'Llama 3'), not a verb and its number ('scored 18')."""
_LEAD = re.compile(r"^((?:[A-Z][\w-]*(?:\s+\d[\d.]*)?\s+){1,4})")
"""A sentence's opening name ('Nimbus 2 is …', 'Cirrus Labs released …'): what its next sentence's 'it' means."""
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


def _sentences(catalog: Catalog, lex: Lexicon, text: SourceText) -> None:
    """A Passage for each sentence of a source's text, about what it names and what its 'it' points at."""
    source = catalog.sources.get(text.source)
    published = source.published if source else None
    origin = f"the text of {source.title if source else text.source}"
    counts: dict[str, int] = defaultdict(int)
    last = last_model = term = ""  # the subject of the sentence before; the model last written of; its name
    for number, sentences in enumerate(text.paragraphs):
        context = " ".join(sentences)
        when = _dated(sentences[0])
        for position, sentence in enumerate(sentences):
            if sentence.endswith("?"):
                continue  # a question in the text states nothing; it stays in its paragraph's context
            words = words_of(sentence)
            spans = named_spans(lex, words)
            named = {found for _, _, found in spans}
            own = [(start, found) for start, _, found in spans if found not in catalog.benchmarks]
            pointer = next((i for i, w in enumerate(words) if w in _POINTING or (i == 0 and w == "this")), None)
            the_model = words[:2] == ["the", "model"]
            meant = last_model or last  # 'it' is most often the model written of
            if the_model or (pointer is not None and words[pointer] != "this" and (not own or pointer < own[0][0])):
                subject = meant
            else:
                subject = own[0][1] if own else ""
            about = named | ({meant} if meant and (pointer is not None or subject == meant) else set())
            if not named and pointer is None and position and last:
                about = {last}  # a sentence that names nothing goes on about the paragraph's subject
            about |= {lex.modes[r] for r in about if r in lex.modes}
            for found in named & lex.models:
                counts[found] += 1
            around = " ".join(sentences[max(0, position - 1) : position] + sentences[position + 1 : position + 2])
            if pointer is not None and not own and term:
                around += f" {term}"  # 'It supports 40 languages' goes on about 'Nimbus 2' of the sentence before
            if (lead := _LEAD.match(sentence)) and lead.group(1).split()[0].casefold() not in STOPWORDS:
                term = lead.group(1).strip()
            lex.passages.append(Passage(sentence, frozenset(about), text.source, published,
                                        origin + (f", “{text.headings[number]}”" if text.headings[number] else ""),
                                        when=when or _relative(words, published) or _stated(words), keywords=around,
                                        context=context, subject=subject))
            last = subject or last
            models = lex.models | lex.modes.keys()
            last_model = subject if subject in models else next(
                (found for _, found in reversed(own) if found in models), last_model)
    if counts:
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            lex.subject = lex.subject or ranked[0][0]


def _dated(first: str) -> str:
    """The date a paragraph opens with ('April 7, 2026: 85,000 employees …'), as a stored date, or ''."""
    head, colon, _ = first.partition(":")
    if not colon or len(head.split()) > 4:
        return ""
    readings = read_date(head)
    return readings[0].prefix or "" if len(readings) == 1 else ""


def _stated(words: list[str]) -> str:
    """The day or month a sentence states ('released Nimbus 2 on March 3, 2026'), if it states one in full."""
    readings, _ = scan(words)
    return readings[0].prefix or "" if len(readings) == 1 and readings[0].month and readings[0].year else ""


def _relative(words: list[str], published: dt.date | None) -> str:
    """The day 'today' or 'yesterday' in a sentence means, from its source's publication date."""
    if published is None:
        return ""
    shift = next((_RELATIVE[w] for w in words if w in _RELATIVE), None)
    return "" if shift is None else (published + dt.timedelta(days=shift)).isoformat()
