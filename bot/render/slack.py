"""Block Kit rendering of any Answer, within Slack's limits, with every text escaped.

Layout: a header, section text for lines, table rows (one row per line) and linked items (one per line),
section fields for inline fields, section text for long fields and notes, and context blocks for the trim
note, the page, suggestions and sources. Anything that does not fit is trimmed with a visible note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.answer import Answer, Table
from bot.render.text import headed, item_parts, more_line

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_FALLBACK = 3000
MORE_ROOM = 100
"""Kept free in a linked item's section for the '…and N more' line, so clipping never cuts a link."""

Block = dict[str, Any]


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup, so text can never mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(escaped: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters with '…', never cutting an entity."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


@dataclass(frozen=True)
class SlackMessage:
    """What a Slack reply carries: Block Kit blocks and the plain-text fallback. Shared: do not mutate."""

    blocks: tuple[Block, ...]
    text: str


@dataclass
class _Unit:
    """One body block and how many items (lines, rows, fields, notes) of its part it shows."""

    block: Block
    items: int


@dataclass
class _Builder:
    """Collects body blocks by part, with each part's item count, and whether any text was shortened."""

    parts: dict[str, list[_Unit]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    clipped: bool = False

    def fit(self, escaped: str, limit: int) -> str:
        short = clip(escaped, limit)
        self.clipped |= short != escaped
        return short

    def sections(self, part: str, lines: list[str], heading: str = "") -> None:
        """Pack escaped lines into as few section texts as fit, a line never split across two."""
        self.totals[part] = self.totals.get(part, 0) + len(lines)
        room = MAX_SECTION_TEXT - len(heading) - 1 if heading else MAX_SECTION_TEXT
        chunk: list[str] = [heading] if heading else []
        size, count = len(heading) if heading else -1, 0  # size: length of "\n".join(chunk)
        for line in lines:
            if len(line) > room:
                line = self.fit(line, room)
            if count and size + 1 + len(line) > MAX_SECTION_TEXT:
                self._add(part, {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}}, count)
                chunk, size, count = [], -1, 0
            chunk.append(line)
            size += 1 + len(line)
            count += 1
        if count:
            self._add(part, {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(chunk)}}, count)

    def fields(self, part: str, pairs: list[tuple[str, str]]) -> None:
        """Inline fields, ten to a section."""
        self.totals[part] = self.totals.get(part, 0) + len(pairs)
        texts = [self.fit(escape(f"*{name}*\n{value}"), MAX_FIELD_TEXT) for name, value in pairs]
        for start in range(0, len(texts), MAX_FIELDS):
            group = texts[start : start + MAX_FIELDS]
            self._add(part, {"type": "section", "fields": [{"type": "mrkdwn", "text": t} for t in group]}, len(group))

    def _add(self, part: str, block: Block, items: int) -> None:
        self.parts.setdefault(part, []).append(_Unit(block, items))

    def keep(self, budget: int) -> dict[str, list[_Unit]]:
        """Each part's leading blocks, `budget` in all, shared round-robin so no part starves the rest."""
        counts = {part: 0 for part in self.parts}
        while budget > 0 and any(counts[p] < len(units) for p, units in self.parts.items()):
            for part, units in self.parts.items():
                if budget > 0 and counts[part] < len(units):
                    counts[part] += 1
                    budget -= 1
        return {part: units[: counts[part]] for part, units in self.parts.items()}


def _row_lines(table: Table) -> list[str]:
    """Each row as one escaped line: '*1.* Gemini 3.1 Pro — Score: 57 · As of: 2026-04-08'."""
    ranked = len(table.columns) > 1 and table.columns[0] == "#"
    names = table.columns[2:] if ranked else table.columns[1:]
    lines = []
    for row in table.rows:
        label = (f"*{row[0]}.* {row[1]}" if ranked else f"*{row[0]}*") if row else ""
        details = " · ".join(f"{name}: {cell}" for name, cell in zip(names, row[2 if ranked else 1 :]) if cell)
        lines.append(escape(f"{label} — {details}" if details else label))
    return lines


def _item_lines(answer: Answer) -> list[str]:
    """Each item as one escaped line, '<link|title> — meta', under its group's bold heading; the
    '…and N more' line ends the last one. An item too long for a section with its link shows without it."""
    lines = []
    for heading, item in headed(answer.items):
        title, meta, link = item_parts(item)
        start = f"*{escape(heading)}*\n" if heading else ""
        end = f" — {escape(meta)}" if meta else ""
        linked = f"{start}<{link.replace('&', '&amp;')}|{escape(title)}>{end}" if link else ""
        lines.append(linked if 0 < len(linked) <= MAX_SECTION_TEXT - MORE_ROOM else f"{start}{escape(title)}{end}")
    if lines and (more := more_line(answer)):
        lines[-1] += "\n" + escape(more)
    return lines


def _context(texts: list[str]) -> Block | None:
    """A context block of escaped mrkdwn texts (extra texts are merged into the last element)."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return None
    if len(texts) > MAX_CONTEXT_ELEMENTS:
        texts = texts[: MAX_CONTEXT_ELEMENTS - 1] + ["\n".join(texts[MAX_CONTEXT_ELEMENTS - 1 :])]
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(t, MAX_CONTEXT_TEXT)} for t in texts]}


def _body(answer: Answer) -> _Builder:
    builder = _Builder()
    builder.sections("lines", [escape(line) for line in answer.lines if line.strip()])
    if answer.table is not None:
        builder.sections("rows", _row_lines(answer.table))
    builder.sections("items", _item_lines(answer))
    builder.fields("fields", [(f.name, f.value) for f in answer.fields if f.inline])
    for item in answer.fields:
        if not item.inline:
            builder.sections("fields", [escape(f"*{item.name}*\n{item.value}")])
    builder.sections("notes", [f"• {escape(note)}" for note in answer.notes], heading="*Stated without numbers*")
    return builder


def _tail(answer: Answer) -> list[Block]:
    """Context blocks after the body: page, suggestions, sources and dates."""
    blocks = []
    if answer.pages > 1:
        more = f" · add “page {answer.page + 1}” for more" if answer.page < answer.pages or answer.more_pages else ""
        blocks.append(_context([f"{answer.page_label}{more}"]))
    if answer.suggestions:
        blocks.append(_context([escape("Try: " + " · ".join(f"`{s}`" for s in answer.suggestions))]))
    blocks.append(_context([escape(line) for line in answer.footer]))
    return [block for block in blocks if block is not None]


def _trim_note(builder: _Builder, kept: dict[str, list[_Unit]]) -> Block | None:
    """'Showing 120 of 600 rows, 40 of 300 lines.' for every part that lost items, and a clip notice."""
    parts = []
    for part, total in builder.totals.items():
        shown = sum(unit.items for unit in kept.get(part, []))
        if shown < total:
            parts.append(f"{shown} of {total} {part}")
    notes = [f"Showing {', '.join(parts)}; the rest did not fit in one Slack message."] if parts else []
    if builder.clipped:
        notes.append("Some long text was shortened (…).")
    return _context([" ".join(notes)]) if notes else None


def render_slack(answer: Answer) -> SlackMessage:
    """The answer as Block Kit (at most 50 blocks, every text within its limit) plus a text fallback.

    """
    title = clip(escape(answer.title.strip()) or "newsbot", MAX_HEADER)
    header: Block = {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}}
    builder = _body(answer)
    tail = _tail(answer)
    budget = MAX_BLOCKS - 1 - len(tail)
    total = sum(len(units) for units in builder.parts.values())
    kept = builder.keep(budget if total <= budget else budget - 1)
    note = _trim_note(builder, kept)
    body = [unit.block for units in kept.values() for unit in units]
    blocks = [header, *body, *([note] if note else []), *tail]
    return SlackMessage(blocks=tuple(blocks), text=clip(escape(fallback_text(answer)), MAX_FALLBACK))


FALLBACK_ROWS = 5


def fallback_text(answer: Answer) -> str:
    """A short plain summary for notifications and block-less clients: title, first line, first rows or items."""
    parts = [answer.title, *answer.lines[:1]]
    if answer.table is not None:
        parts += [" ".join(row[:3]) for row in answer.table.rows[:FALLBACK_ROWS]]
    parts += [item_parts(item)[0] for item in answer.items[:FALLBACK_ROWS]]
    return "\n".join(parts)
