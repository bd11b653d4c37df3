"""The content files of one directory as read so far, and the problems found in them, each of its kind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.content.schema import SECTIONS, ContentFile
from bot.content.yamlfile import compose, line_of
from bot.errors import ContentProblem

Path_ = tuple[str | int, ...]
OWN, BETWEEN = 0, 1
"""Kinds of problem, reported in this order: a file's own (syntax, schema), then between records
(duplicate ids and names, references), which are often only the knock-on effect of the first kind."""
SECTION_OF = {"source": "sources", "organization": "organizations", "model": "models"}
"""The section that holds the records a reference of each kind names."""
_SECTION_KEY = re.compile(rf"^[ \t]*({'|'.join(SECTIONS)})[ \t]*:", re.MULTILINE)


@dataclass
class Files:
    """Parsed files and the problems found so far, each problem still as a (file, path)."""

    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, ContentFile] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    pending: list[tuple[int, str, Path_, str]] = field(default_factory=list)
    positions: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """The index in its file of each valid record of a (file, section), in `parsed`'s order."""
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    """By section, the ids of records that have problems of their own (so references to them are not
    reported again as unknown)."""
    unreadable_sections: set[str] = field(default_factory=set)
    """Sections that may hold records nobody could read (a file or section that failed to load, a record
    without a readable id): a reference into them may well be right, so it is not reported as unknown."""

    def at(self, kind: int, file: str, path: Path_, message: str) -> None:
        """A problem of `kind` (OWN or BETWEEN) at `path` in `file`; its line is found when resolved."""
        self.pending.append((kind, file, path, message))

    def unloaded(self, text: str | None) -> None:
        """A file that failed to load may have held any section it names, or any section at all."""
        self.unreadable_sections |= set(_SECTION_KEY.findall(text or "")) or set(SECTIONS)

    def unknown(self, known: dict[str, dict[str, object]], value: str | None, *kinds: str) -> bool:
        """Whether `value` surely names no record of `kinds` ('model', 'organization', 'source')."""
        return (
            value is not None
            and all(value not in known[kind] for kind in kinds)
            and not any(SECTION_OF[kind] in self.unreadable_sections for kind in kinds)
        )

    def records(self, section: str) -> Iterator[tuple[str, Path_, object]]:
        """(file, path, record) for each valid record of `section`, in every file."""
        for name, content in self.parsed.items():
            positions = self.positions.get((name, section), [])
            for index, record in zip(positions, getattr(content, section)):
                yield name, (section, index), record

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
