"""Load a content directory: every file parsed and validated before anything is served."""

from __future__ import annotations

import difflib
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.catalog import Catalog
from bot.content.crosscheck import check_between
from bot.content.files import OWN, Files
from bot.content.names import normalize
from bot.content.records import validate
from bot.content.schema import SECTIONS, ContentFile, inherit_score_sources
from bot.content.sourcetext import SourceFileError, read_source_file
from bot.content.yamlfile import YamlSyntaxError, duplicate_keys, load_yaml
from bot.errors import ContentError, ContentProblem

MAX_FILE_BYTES = 64 * 1024 * 1024


def _read(directory: Path, files: Files) -> None:
    paths = sorted(p for p in directory.glob("*.y*ml") if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not directory.is_dir():
        where = "" if directory.is_absolute() else f" (relative to {Path.cwd()})"
        files.problems.append(ContentProblem(str(directory), 0, f"no such directory{where}: set CONTENT_DIR"))
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
            files.at(OWN, name, (), "the file must be a mapping of sections (models:, benchmarks:, ...)")
            files.unloaded(text)
            continue
        files.parsed[name] = _validate_records(files, name, data)


def _parse(files: Files, name: str, text: str) -> object:
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


def _validate_records(files: Files, name: str, data: dict) -> ContentFile:
    """Validate record by record, so one bad record hides no problem in the others."""
    sections: dict[str, list] = {}
    for section, records in data.items():
        record_type = SECTIONS.get(section) if isinstance(section, str) else None
        if record_type is None:
            files.at(OWN, name, (section,), f"{section}: unknown section (expected one of: {', '.join(SECTIONS)})")
            meant = difflib.get_close_matches(str(section).lower(), SECTIONS, n=1, cutoff=0.75)
            files.unreadable_sections.update(meant)  # a misspelt section's records were not read
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            files.at(OWN, name, (section,), f"{section}: must be a list of records")
            files.unreadable_sections.add(section)
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
                files.broken_ids.setdefault(section, set()).add(record["id"])
            else:  # which id it was meant to have is anyone's guess
                files.unreadable_sections.add(section)
            for loc, message in found:
                where = ".".join(str(step) for step in (section, index, *loc))
                files.at(OWN, name, (section, index, *loc), f"{where}: {message}")
        sections[section] = valid
    return ContentFile(**sections)


@dataclass
class Content:
    """A content directory as read: its parsed files, each source's own text by source id, and every problem."""

    files: list[ContentFile] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)


def read_content(directory: str | Path) -> Content:
    """Parse and check every file and every source's text."""
    files = Files()
    _read(Path(directory), files)
    check_between(files)
    texts = _read_texts(Path(directory), files)
    return Content(list(files.parsed.values()), texts, files.resolved())


def validate_dir(directory: str | Path) -> tuple[list[ContentFile], list[ContentProblem]]:
    """Parse and check every file; return the parsed files and every problem found."""
    content = read_content(directory)
    return content.files, content.problems


def _read_texts(directory: Path, files: Files) -> dict[str, str]:
    """Each source's `file:` text, by source id; a file that cannot be read is a problem at its `file:` line."""
    texts: dict[str, str] = {}
    for name, path, source in files.records("sources"):
        if source.file is not None:
            try:
                texts[source.id] = read_source_file(directory, source.file)
            except (SourceFileError, OSError) as exc:
                files.at(OWN, name, path + ("file",), f"sources.{path[1]}.file: {exc}")
    return texts


def load_catalog(directory: str | Path, *, headline: str | None = None) -> Catalog:
    """Load `directory` into a Catalog, or raise ContentError listing every problem."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a large catalog is millions of small objects: collecting mid-load only costs time
    try:
        content = read_content(directory)
        parsed, problems = content.files, content.problems
        if headline and not problems and not _names_a_benchmark(parsed, headline):
            message = f"HEADLINE_BENCHMARK: this content has no benchmark called {headline!r}"
            problems.append(ContentProblem(str(directory), 0, message))
        if problems:
            raise ContentError(problems)
        return Catalog.build(parsed, headline=headline, version=_version(Path(directory), content.texts),
                             texts=content.texts)
    finally:
        if gc_was_enabled:
            gc.enable()


def _names_a_benchmark(parsed: list[ContentFile], name: str) -> bool:
    key = normalize(name)
    return any(
        key in {normalize(text) for text in (b.id, b.name, *b.aliases)} for content in parsed for b in content.benchmarks
    )


def _version(directory: Path, texts: dict[str, str]) -> str:
    """A short digest of the files' bytes and the sources' texts: changes whenever any of them does."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.y*ml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for source_id in sorted(texts):
        digest.update(source_id.encode() + b"\0" + texts[source_id].encode())
    return digest.hexdigest()[:12]
