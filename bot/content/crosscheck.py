"""Checks between records of a content directory: ids, names and aliases each point at one record,
references name known records, and feeds' addresses are unique http(s) ones. Problems found here are
reported after each file's own (they are often its knock-on effect)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.content.files import BETWEEN, Files, Path_
from bot.content.names import normalize


def _unique(files: Files, section: str, label: str) -> dict[str, object]:
    """Records by id, reporting duplicates. Ids of records with their own problems map to None, so
    that references to them are not reported again as unknown."""
    by_id: dict[str, object] = dict.fromkeys(files.broken_ids.get(section, ()))
    for name, path, record in files.records(section):
        if record.id in by_id:
            files.at(BETWEEN, name, path + ("id",), f"duplicate {label} id {record.id!r}")
        by_id[record.id] = record
    return by_id


def _names(files: Files, sections: Sequence[str], label: str) -> None:
    """Ids, names and aliases must each point at one record, ignoring case and punctuation."""
    owner: dict[str, str] = {}
    records = [item for section in sections for item in files.records(section)]
    names = [(name, path, record, ("id",), record.id) for name, path, record in records]
    names += [(name, path, record, ("name",), record.name) for name, path, record in records]
    names += [
        (name, path, record, ("aliases", i), alias)
        for name, path, record in records
        for i, alias in enumerate(record.aliases)
    ]
    for name, path, record, where, text in names:  # ids and names claim first: a clashing alias is the mistake
        key = normalize(text)
        if not key:
            files.at(BETWEEN, name, path + where, f"{text!r} has no letters or digits")
        elif owner.setdefault(key, record.id) != record.id:
            files.at(BETWEEN, name, path + where, f"{label} name {text!r} is already used by {owner[key]!r}")


def _products_and_synonyms(files: Files) -> None:
    """A product belongs to one organization and names no other; a synonym is one word, defined once."""
    orgs = [org for _, _, org in files.records("organizations")]
    organizations = {normalize(text): org.id for org in orgs for text in (org.id, org.name, *org.aliases)}
    owner: dict[str, str] = {}
    for name, path, org in files.records("organizations"):
        for i, product in enumerate(org.products):
            key, where = normalize(product), path + ("products", i)
            if not key:
                files.at(BETWEEN, name, where, f"{product!r} has no letters or digits")
            elif organizations.get(key, org.id) != org.id:
                message = f"product name {product!r} is the name of organization {organizations[key]!r}"
                files.at(BETWEEN, name, where, message)
            elif owner.setdefault(key, org.id) != org.id:
                files.at(BETWEEN, name, where, f"product name {product!r} is already used by {owner[key]!r}")
    words: set[str] = set()
    for name, path, synonym in files.records("synonyms"):
        key = normalize(synonym.word)
        if len(synonym.word.split()) != 1 or not key:
            files.at(BETWEEN, name, path + ("word",), f"{synonym.word!r} must be one word with letters or digits")
        elif key in words:
            files.at(BETWEEN, name, path + ("word",), f"synonym {synonym.word!r} is defined twice")
        words.add(key)
        for i, phrase in enumerate(synonym.means):
            if not normalize(phrase):
                files.at(BETWEEN, name, path + ("means", i), f"{phrase!r} has no letters or digits")


def _check_refs(files: Files, known: dict[str, dict[str, object]]) -> None:
    def need(kind: str, value: str | None, name: str, path: Path_) -> None:
        if files.unknown(known, value, kind):
            files.at(BETWEEN, name, path, f"unknown {kind} {value!r}")

    for kind in ("models", "organizations", "benchmarks", "events", "faq"):
        for name, path, record in files.records(kind):
            for fact_index, fact in enumerate(getattr(record, "facts", ())):
                need("source", fact.source, name, path + ("facts", fact_index, "source"))
            if hasattr(record, "source"):
                need("source", record.source, name, path + ("source",))
    for name, path, model in files.records("models"):
        need("organization", model.maker, name, path + ("maker",))
    for name, path, org in files.records("organizations"):
        need("organization", org.part_of, name, path + ("part_of",))
    for name, path, event in files.records("events"):
        for i, entity in enumerate(event.entities):
            if files.unknown(known, entity, "model", "organization"):
                files.at(BETWEEN, name, path + ("entities", i), f"unknown model or organization {entity!r}")
    for name, path, bench in files.records("benchmarks"):
        need("organization", bench.by, name, path + ("by",))
        _check_scores(files, known, name, path, bench)
        for i, relation in enumerate(bench.relations):
            where = path + ("relations", i)
            need("model", relation.model, name, where + ("model",))
            need("source", relation.source, name, where + ("source",))
            for j, other in enumerate(relation.than):
                need("model", other, name, where + ("than", j))


def _check_scores(files: Files, known: dict[str, dict[str, object]], name: str, path: Path_, bench) -> None:
    """Score references, modes and duplicates; set arithmetic first, since catalogs can be large."""
    scores = bench.scores
    models, sources = {s.model for s in scores}, {s.source for s in scores}
    keys = {(s.model, s.mode) for s in scores}
    suspect = (models - known["model"].keys()) or (sources - known["source"].keys()) or len(keys) < len(scores)
    if not suspect and all(s.mode is None for s in scores):
        return
    seen: set[tuple[str, str | None]] = set()
    for i, score in enumerate(scores):
        where = path + ("scores", i)
        if files.unknown(known, score.model, "model"):
            files.at(BETWEEN, name, where + ("model",), f"unknown model {score.model!r}")
        if files.unknown(known, score.source, "source"):
            files.at(BETWEEN, name, where + ("source",), f"unknown source {score.source!r}")
        model = known["model"].get(score.model)
        if model is not None and score.mode is not None and score.mode not in model.modes:
            files.at(BETWEEN, name, where + ("mode",), f"mode {score.mode!r} is not one of {score.model}'s modes")
        if (score.model, score.mode) in seen:
            files.at(BETWEEN, name, where, f"{score.model} is scored twice on {bench.id}")
        seen.add((score.model, score.mode))


def _check_feeds(files: Files, known: dict[str, dict[str, object]]) -> None:
    """A feed's address is http(s) with a host, used by one feed; its tags are known models or organizations."""
    owner: dict[str, str] = {}
    for name, path, feed in files.records("feeds"):
        parts = urlsplit(feed.url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            message = f"{feed.url[:80]!r} is not an http:// or https:// address with a host"
            files.at(BETWEEN, name, path + ("url",), message)
        elif owner.setdefault(feed.url, feed.id) != feed.id:
            files.at(BETWEEN, name, path + ("url",), f"feed url is already used by {owner[feed.url]!r}")
        for i, tag in enumerate(feed.tags):
            if files.unknown(known, tag, "model", "organization"):
                files.at(BETWEEN, name, path + ("tags", i), f"unknown model or organization {tag!r}")


def check_between(files: Files) -> None:
    """Check what spans records: unique ids and names, references, feed addresses."""
    known = {
        "source": _unique(files, "sources", "source"),
        "organization": _unique(files, "organizations", "organization"),
        "model": _unique(files, "models", "model"),
        "benchmarks": _unique(files, "benchmarks", "benchmark"),
        "events": _unique(files, "events", "event"),
        "faq": _unique(files, "faq", "FAQ"),
        "feeds": _unique(files, "feeds", "feed"),
    }
    _names(files, ["models"], "model")
    _names(files, ["benchmarks"], "benchmark")
    _names(files, ["models", "organizations"], "model or organization")
    _products_and_synonyms(files)
    _check_refs(files, known)
    _check_feeds(files, known)
