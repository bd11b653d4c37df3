"""Plain-text rendering of any Answer: the console's output and every adapter's fallback; and the rules every
renderer shares for linked items (whose titles, meta and links are untrusted)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

from bot.core.answer import Answer, Item, Table
from bot.core.text import clean, shorten

MAX_CELL = 80
GAP = "  "
"""Between two table columns."""
NARROWEST = 6
"""A column is never wrapped narrower than this, even if that breaks a long word (or overflows the width)."""
MAX_LINK = 1000
"""Longer links are dropped (the title shows without one), never cut into a broken address."""
ITEM_TITLE = 300
ITEM_META = 200
_URL_KEPT = "!#$%&'*+,/:;=?@~"
"""Besides letters, digits and '_.-~': the characters a link keeps; the rest (spaces, quotes, brackets,
parentheses, '|', '<', '>', '\\', '`', non-ASCII) is percent-encoded, so no link markup can end early."""


def table_lines(table: Table, width: int | None = None) -> list[str]:
    """A table as aligned monospace lines; the last column is left unpadded. Within `width` columns when
    given (a terminal's): the widest columns are narrowed and their cells wrapped at word boundaries."""
    rows = [tuple(shorten(c, MAX_CELL) for c in row[:-1]) + row[-1:] for row in (table.columns, *table.rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]
    if width is not None:
        widths = _fitted(rows, widths, width - len(GAP) * (len(widths) - 1))
    widths[-1] = min(widths[-1], MAX_CELL)
    lines = []
    for index, row in enumerate(rows):
        cells = [_wrapped(cell, widths[i]) if width is not None else [cell] for i, cell in enumerate(row)]
        for depth in range(max(len(cell) for cell in cells)):
            parts = [cell[depth] if depth < len(cell) else "" for cell in cells]
            lines.append(GAP.join([part.ljust(widths[i]) for i, part in enumerate(parts[:-1])] + parts[-1:]).rstrip())
        if index == 0:
            lines.append(GAP.join("-" * w for w in widths))
    return lines


def _fitted(rows: list[tuple[str, ...]], widths: list[int], room: int) -> list[int]:
    """Column widths summing to at most `room` where possible: the widest column is narrowed first, down to
    its longest word, then (if still too wide) down to NARROWEST."""
    widths = list(widths)
    longest_words = [max((len(word) for row in rows for word in row[i].split()), default=1) for i in range(len(widths))]
    for floors in ([min(w, max(word, NARROWEST)) for w, word in zip(widths, longest_words)], [NARROWEST] * len(widths)):
        while sum(widths) > room:
            narrowable = [i for i, w in enumerate(widths) if w > floors[i]]
            if not narrowable:
                break
            widest = max(narrowable, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _wrapped(cell: str, width: int) -> list[str]:
    """A cell's lines at most `width` long, broken between words (within a word only when it is longer)."""
    return textwrap.wrap(cell, width, break_on_hyphens=False) or [""]


def fitted(line: str, width: int | None) -> list[str]:
    """A line of prose wrapped at word boundaries to `width` (None: as it is), continuation lines indented
    like its text ('  Maker: …', '- note'). Words longer than the width, such as links, are never broken."""
    if width is None or len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" -")))
    lines = textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
    return lines or [line]


def safe_link(link: str) -> str | None:
    """`link` as an http(s) address that is safe inside any platform's link markup, or None when it must not
    be linked: another scheme (javascript:, data:, none), no host, or longer than MAX_LINK once encoded."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not parts.netloc.isascii():  # an international domain name, as its ASCII form
        try:
            netloc = "" if "@" in parts.netloc else parts.netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        if not netloc:
            return None
        parts = parts._replace(netloc=netloc)
    encoded = quote(urlunsplit(parts), safe=_URL_KEPT)
    return encoded if len(encoded) <= MAX_LINK else None


def item_parts(item: Item) -> tuple[str, str, str | None]:
    """An item's title and meta as one clean, shortened line each, and its safe link (None: show no link)."""
    title = shorten(clean(item.title), ITEM_TITLE) or "(untitled)"
    return title, shorten(clean(item.meta), ITEM_META), safe_link(item.link)


def headed(items: tuple[Item, ...]) -> Iterator[tuple[str, Item]]:
    """Each item with the heading to show before it: its group, cleaned, where the group changes ('' else)."""
    last = ""
    for item in items:
        yield (shorten(clean(item.group), ITEM_META) if item.group and item.group != last else ""), item
        last = item.group


def more_line(answer: Answer) -> str:
    """'…and 5 more' for the items an answer leaves out ('' when none)."""
    return f"…and {answer.more_items:,} more" if answer.more_items > 0 else ""


def _item_parts(answer: Answer) -> list[list[str]]:
    """Each item as 'title — meta' and its link on a line of its own, under its group's heading."""
    parts = []
    for heading, item in headed(answer.items):
        title, meta, link = item_parts(item)
        lines = [f"{heading}:"] if heading else []
        lines.append(f"{title} — {meta}" if meta else title)
        parts.append(lines + ([link] if link else []))
    if more := more_line(answer):
        parts.append([more])
    return parts


def render_text(answer: Answer, width: int | None = None) -> str:
    """The whole answer as plain text, sections separated by blank lines; within `width` columns where words
    allow when given (the console passes its terminal's; piped output is left unwrapped)."""
    parts: list[list[str]] = [[answer.title, "=" * min(len(answer.title), 72, width or 72)]]
    if answer.lines:
        parts.append(list(answer.lines))
    if answer.table is not None:
        parts.append(table_lines(answer.table, width))
    parts += _item_parts(answer)
    for field in answer.fields:
        parts.append([f"{field.name}:"] + ["  " + line for line in field.value.splitlines()])
    if answer.notes:
        parts.append(["Stated without numbers:"] + [f"- {note}" for note in answer.notes])
    if answer.pages > 1:
        parts.append([f"{answer.page_label}."])
    if answer.suggestions:
        parts.append(["Try: " + " · ".join(answer.suggestions)])
    if answer.footer:
        parts.append(list(answer.footer))
    return "\n\n".join("\n".join(wrapped for line in part for wrapped in fitted(line, width)) for part in parts)
