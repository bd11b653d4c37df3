"""Load a content directory: every file parsed and validated before anything is served."""

from __future__ import annotations

import difflib
import gc
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.content.records import validate
from bot.content.schema import SECTIONS, ContentFile, inherit_score_sources
from bot.content.yamlfile import YamlSyntaxError, compose, duplicate_keys, line_of, load_yaml
from bot.errors import ContentError, ContentProblem

Path_ = tuple[str | int, ...]
MAX_FILE_BYTES = 64 * 1024 * 1024
OWN, BETWEEN = 0, 1
"""Kinds of problem, reported in this order: a file's own (syntax, schema), then between records
(duplicate ids and names, references), which are often only the knock-on effect of the first kind."""
_SECTION_OF = {"source": "sources", "organization": "organizations", "model": "models"}
_SECTION_KEY = re.compile(rf"^[ \t]*({'|'.join(SECTIONS)})[ \t]*:", re.MULTILINE)


@dataclass
class _Files:
    """Parsed files and the problems found so far, each problem still as a (file, path)."""

    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, ContentFile] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    pending: list[tuple[int, str, Path_, str]] = field(default_factory=list)
    positions: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)
    unsure: set[str] = field(default_factory=set)
    """Sections that may hold records nobody could read (a file or section that failed to load, a record
    without a readable id): a reference into them may well be right, so it is not reported as unknown."""
    kind: int = OWN

    def at(self, file: str, path: Path_, message: str) -> None:
        self.pending.append((self.kind, file, path, message))

    def unloaded(self, text: str | None) -> None:
        """A file that failed to load may have held any section it names, or any section at all."""
        self.unsure |= set(_SECTION_KEY.findall(text or "")) or set(SECTIONS)

    def unknown(self, known: dict[str, dict[str, object]], value: str | None, *kinds: str) -> bool:
        """Whether `value` surely names no record of `kinds` ('model', 'organization', 'source')."""
        return (
            value is not None
            and all(value not in known[kind] for kind in kinds)
            and not any(_SECTION_OF[kind] in self.unsure for kind in kinds)
        )

    def resolved(self) -> list[ContentProblem]:
        """Every problem with its line number (files are composed again only when needed): each file's own
        problems first, then those between records."""
        found = [(OWN, problem) for problem in self.problems]
        reported: set[tuple[str, Path_]] = set()
        trees: dict[str, object] = {}
        for kind, file, path, message in self.pending:
            if (file, path) not in reported:  # one message per place: the first check's is the most specific
                reported.add((file, path))
                if file not in trees:
                    trees[file] = compose(self.texts.get(file, ""))
                found.append((kind, ContentProblem(file, line_of(trees[file], path), message)))
        found.sort(key=lambda item: (item[0], item[1].file, item[1].line, item[1].message))
        return [problem for _, problem in found]


def _read(directory: Path, files: _Files) -> None:
    paths = sorted(p for p in directory.glob("*.y*ml") if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not directory.is_dir():
        files.problems.append(ContentProblem(str(directory), 0, "no such directory"))
    elif not paths:
        files.problems.append(ContentProblem(str(directory), 0, "no .yaml files found"))
    for path in paths:
        name, text = str(path), None
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
            text = path.read_text(encoding="utf-8")
            data = _parse(files, name, text)
        except YamlSyntaxError as exc:
            files.problems.append(ContentProblem(name, exc.line, f"YAML syntax: {exc.problem}"))
            files.unloaded(text)
            continue
        except (UnicodeDecodeError, OSError, ValueError) as exc:
            files.problems.append(ContentProblem(name, 1, f"cannot read: {exc}"))
            files.unloaded(None)
            continue
        files.texts[name] = text
        if data is None:
            data = {}
        if not isinstance(data, dict):
            files.at(name, (), "the file must be a mapping of sections (models:, benchmarks:, ...)")
            files.unloaded(text)
            continue
        files.parsed[name] = _validate_records(files, name, data)


def _parse(files: _Files, name: str, text: str) -> object:
    """The file's data. Repeated keys are reported, then the last of each is kept so that the rest of
    the file is still checked; any other YAML error raises YamlSyntaxError."""
    try:
        return load_yaml(text)
    except YamlSyntaxError:
        duplicates = duplicate_keys(text)
        if not duplicates:
            raise
    for line, key in duplicates:
        files.problems.append(ContentProblem(name, line, f"duplicate key {key!r} (the checks below use the last one)"))
    return load_yaml(text, keep_last_duplicate=True)


def _validate_records(files: _Files, name: str, data: dict) -> ContentFile:
    """Validate record by record, so one bad record hides no problem in the others."""
    sections: dict[str, list] = {}
    for section, records in data.items():
        record_type = SECTIONS.get(section) if isinstance(section, str) else None
        if record_type is None:
            files.at(name, (section,), f"{section}: unknown section (expected one of: {', '.join(SECTIONS)})")
            files.unsure.update(difflib.get_close_matches(str(section).lower(), SECTIONS, n=1, cutoff=0.75))
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            files.at(name, (section,), f"{section}: must be a list of records")
            files.unsure.add(section)
            continue
        valid, positions = [], files.positions.setdefault((name, section), [])
        for index, record in enumerate(records):
            if section == "benchmarks":
                inherit_score_sources(record)
            checked, found = validate(record_type, record)
            if checked is not None:
                valid.append(checked)
                positions.append(index)
            elif isinstance(record, dict) and isinstance(record.get("id"), str):
                files.broken.setdefault(section, set()).add(record["id"])
            else:  # which id it was meant to have is anyone's guess
                files.unsure.add(section)
            for loc, message in found:
                where = ".".join(str(step) for step in (section, index, *loc))
                files.at(name, (section, index, *loc), f"{where}: {message}")
        sections[section] = valid
    return ContentFile(**sections)


def _records(files: _Files, section: str) -> Iterator[tuple[str, Path_, object]]:
    for name, content in files.parsed.items():
        positions = files.positions.get((name, section), [])
        for index, record in zip(positions, getattr(content, section)):
            yield name, (section, index), record


def _unique(files: _Files, section: str, label: str) -> dict[str, object]:
    """Records by id, reporting duplicates. Ids of records with their own problems map to None, so
    that references to them are not reported again as unknown."""
    by_id: dict[str, object] = dict.fromkeys(files.broken.get(section, ()))
    for name, path, record in _records(files, section):
        if record.id in by_id:
            files.at(name, path + ("id",), f"duplicate {label} id {record.id!r}")
        by_id[record.id] = record
    return by_id


def _names(files: _Files, sections: Sequence[str], label: str) -> None:
    """Ids, names and aliases must each point at one record, ignoring case and punctuation."""
    owner: dict[str, str] = {}
    records = [item for section in sections for item in _records(files, section)]
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
            files.at(name, path + where, f"{text!r} has no letters or digits")
        elif owner.setdefault(key, record.id) != record.id:
            files.at(name, path + where, f"{label} name {text!r} is already used by {owner[key]!r}")


def _products_and_synonyms(files: _Files) -> None:
    """A product belongs to one organization and names no other; a synonym is one word, defined once."""
    orgs = [org for _, _, org in _records(files, "organizations")]
    organizations = {normalize(text): org.id for org in orgs for text in (org.id, org.name, *org.aliases)}
    owner: dict[str, str] = {}
    for name, path, org in _records(files, "organizations"):
        for i, product in enumerate(org.products):
            key, where = normalize(product), path + ("products", i)
            if not key:
                files.at(name, where, f"{product!r} has no letters or digits")
            elif organizations.get(key, org.id) != org.id:
                files.at(name, where, f"product name {product!r} is the name of organization {organizations[key]!r}")
            elif owner.setdefault(key, org.id) != org.id:
                files.at(name, where, f"product name {product!r} is already used by {owner[key]!r}")
    words: set[str] = set()
    for name, path, synonym in _records(files, "synonyms"):
        key = normalize(synonym.word)
        if len(synonym.word.split()) != 1 or not key:
            files.at(name, path + ("word",), f"{synonym.word!r} must be one word with letters or digits")
        elif key in words:
            files.at(name, path + ("word",), f"synonym {synonym.word!r} is defined twice")
        words.add(key)
        for i, phrase in enumerate(synonym.means):
            if not normalize(phrase):
                files.at(name, path + ("means", i), f"{phrase!r} has no letters or digits")


def _check_refs(files: _Files, known: dict[str, dict[str, object]]) -> None:
    def need(kind: str, value: str | None, name: str, path: Path_) -> None:
        if files.unknown(known, value, kind):
            files.at(name, path, f"unknown {kind} {value!r}")

    for kind in ("models", "organizations", "benchmarks", "events", "faq"):
        for name, path, record in _records(files, kind):
            for fact_index, fact in enumerate(getattr(record, "facts", ())):
                need("source", fact.source, name, path + ("facts", fact_index, "source"))
            if hasattr(record, "source"):
                need("source", record.source, name, path + ("source",))
    for name, path, model in _records(files, "models"):
        need("organization", model.maker, name, path + ("maker",))
    for name, path, org in _records(files, "organizations"):
        need("organization", org.part_of, name, path + ("part_of",))
    for name, path, event in _records(files, "events"):
        for i, entity in enumerate(event.entities):
            if files.unknown(known, entity, "model", "organization"):
                files.at(name, path + ("entities", i), f"unknown model or organization {entity!r}")
    for name, path, bench in _records(files, "benchmarks"):
        need("organization", bench.by, name, path + ("by",))
        _check_scores(files, known, name, path, bench)
        for i, relation in enumerate(bench.relations):
            where = path + ("relations", i)
            need("model", relation.model, name, where + ("model",))
            need("source", relation.source, name, where + ("source",))
            for j, other in enumerate(relation.than):
                need("model", other, name, where + ("than", j))


def _check_scores(files: _Files, known: dict[str, dict[str, object]], name: str, path: Path_, bench) -> None:
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
            files.at(name, where + ("model",), f"unknown model {score.model!r}")
        if files.unknown(known, score.source, "source"):
            files.at(name, where + ("source",), f"unknown source {score.source!r}")
        model = known["model"].get(score.model)
        if model is not None and score.mode is not None and score.mode not in model.modes:
            files.at(name, where + ("mode",), f"mode {score.mode!r} is not one of {score.model}'s modes")
        if (score.model, score.mode) in seen:
            files.at(name, where, f"{score.model} is scored twice on {bench.id}")
        seen.add((score.model, score.mode))


def _check_feeds(files: _Files, known: dict[str, dict[str, object]]) -> None:
    """A feed's address is http(s) with a host, used by one feed; its tags are known models or organizations."""
    owner: dict[str, str] = {}
    for name, path, feed in _records(files, "feeds"):
        parts = urlsplit(feed.url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            files.at(name, path + ("url",), f"{feed.url[:80]!r} is not an http:// or https:// address with a host")
        elif owner.setdefault(feed.url, feed.id) != feed.id:
            files.at(name, path + ("url",), f"feed url is already used by {owner[feed.url]!r}")
        for i, tag in enumerate(feed.tags):
            if files.unknown(known, tag, "model", "organization"):
                files.at(name, path + ("tags", i), f"unknown model or organization {tag!r}")


def _check(files: _Files) -> None:
    files.kind = BETWEEN
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


def validate_dir(directory: str | Path) -> tuple[list[ContentFile], list[ContentProblem]]:
    """Parse and check every file; return the parsed files and every problem found."""
    files = _Files()
    _read(Path(directory), files)
    _check(files)
    return list(files.parsed.values()), files.resolved()


def load_catalog(directory: str | Path, *, headline: str | None = None) -> Catalog:
    """Load `directory` into a Catalog, or raise ContentError listing every problem."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a large catalog is millions of small objects: collecting mid-load only costs time
    try:
        parsed, problems = validate_dir(directory)
        if headline and not problems and not _names_a_benchmark(parsed, headline):
            message = f"HEADLINE_BENCHMARK: this content has no benchmark called {headline!r}"
            problems.append(ContentProblem(str(directory), 0, message))
        if problems:
            raise ContentError(problems)
        return Catalog.build(parsed, headline=headline, version=_version(Path(directory)))
    finally:
        if gc_was_enabled:
            gc.enable()


def _names_a_benchmark(parsed: list[ContentFile], name: str) -> bool:
    key = normalize(name)
    return any(
        key in {normalize(text) for text in (b.id, b.name, *b.aliases)} for content in parsed for b in content.benchmarks
    )


def _version(directory: Path) -> str:
    """A short digest of the files' bytes: changes whenever any content file does."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.y*ml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]

