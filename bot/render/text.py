"""Plain-text rendering of any Answer: the console's output and every adapter's fallback."""

from __future__ import annotations

from bot.core.answer import Answer, Table
from bot.core.text import shorten

MAX_CELL = 80


def table_lines(table: Table) -> list[str]:
    """A table as aligned monospace lines; the last column is left unpadded."""
    rows = [tuple(shorten(c, MAX_CELL) for c in row[:-1]) + row[-1:] for row in (table.columns, *table.rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]
    widths[-1] = min(widths[-1], MAX_CELL)
    lines = []
    for index, row in enumerate(rows):
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(padded).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render_text(answer: Answer) -> str:
    """The whole answer as plain text, sections separated by blank lines."""
    parts: list[list[str]] = [[answer.title, "=" * min(len(answer.title), 72)]]
    if answer.lines:
        parts.append(list(answer.lines))
    if answer.table is not None:
        parts.append(table_lines(answer.table))
    for field in answer.fields:
        parts.append([f"{field.name}:"] + ["  " + line for line in field.value.splitlines()])
    if answer.notes:
        parts.append(["Stated without numbers:"] + [f"- {note}" for note in answer.notes])
    if answer.pages > 1:
        parts.append([f"Page {answer.page} of {answer.pages}."])
    if answer.suggestions:
        parts.append(["Try: " + " · ".join(answer.suggestions)])
    if answer.footer:
        parts.append(list(answer.footer))
    return "\n\n".join("\n".join(part) for part in parts)
