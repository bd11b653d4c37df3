"""Block Kit rendering of any Answer, within Slack's limits, with every text escaped.

Layout: a header, section text for lines and table rows (one row per line), section fields for
inline fields, section text for long fields and notes, and context blocks for the trim note, the
page, suggestions and sources. Anything that does not fit is trimmed with a visible note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.core.answer import Answer, Table
from bot.render.text import render_text

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_FALLBACK = 3000

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
    """What a Slack reply carries: Block Kit blocks and the plain-text fallback."""

    blocks: list[Block]
    text: str


@dataclass
class _Unit:
    """One body block, with how many table rows it shows (for the 'showing N of M' note)."""

    block: Block
    rows: int = 0


@dataclass
class _Builder:
    """Collects body blocks and remembers whether any text had to be shortened."""

    units: list[_Unit] = field(default_factory=list)
    clipped: bool = False

    def fit(self, escaped: str, limit: int) -> str:
        short = clip(escaped, limit)
        self.clipped |= short != escaped
        return short

    def sections(self, lines: Iterable[str], heading: str = "", rows: bool = False) -> None:
        """Pack escaped lines into as few section texts as fit, a line never split across two."""
        chunk: list[str] = [heading] if heading else []
        count = 0
        for line in lines:
            line = self.fit(line, MAX_SECTION_TEXT - len(heading) - 1 if heading else MAX_SECTION_TEXT)
            if chunk and len("\n".join([*chunk, line])) > MAX_SECTION_TEXT:
                self._section("\n".join(chunk), count if rows else 0)
                chunk, count = [], 0
            chunk.append(line)
            count += 1
        if chunk and (count or not heading):
            self._section("\n".join(chunk), count if rows else 0)

    def _section(self, text: str, rows: int) -> None:
        if text.strip():
            self.units.append(_Unit({"type": "section", "text": {"type": "mrkdwn", "text": text}}, rows))

    def fields(self, pairs: list[tuple[str, str]]) -> None:
        """Inline fields, ten to a section."""
        texts = [self.fit(f"*{escape(name)}*\n{escape(value)}", MAX_FIELD_TEXT) for name, value in pairs]
        for start in range(0, len(texts), MAX_FIELDS):
            group = texts[start : start + MAX_FIELDS]
            self.units.append(_Unit({"type": "section", "fields": [{"type": "mrkdwn", "text": t} for t in group]}))


def _row_line(table: Table, row: tuple[str, ...]) -> str:
    """'*1.* Gemini 3.1 Pro — Score: 57 · As of: 2026-04-08' (escaped)."""
    cells = [escape(cell) for cell in row]
    columns = [escape(name) for name in table.columns]
    if columns and columns[0] == "#" and len(cells) > 1:
        label, rest, names = f"*{cells[0]}.* {cells[1]}", cells[2:], columns[2:]
    else:
        label, rest, names = f"*{cells[0]}*" if cells else "", cells[1:], columns[1:]
    details = " · ".join(f"{name}: {cell}" for name, cell in zip(names, rest) if cell)
    return f"{label} — {details}" if details else label


def _context(texts: list[str]) -> Block | None:
    """A context block of escaped mrkdwn texts (extra texts are merged into the last element)."""
    texts = [t for t in texts if t]
    if not texts:
        return None
    if len(texts) > MAX_CONTEXT_ELEMENTS:
        texts = texts[: MAX_CONTEXT_ELEMENTS - 1] + ["\n".join(texts[MAX_CONTEXT_ELEMENTS - 1 :])]
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(t, MAX_CONTEXT_TEXT)} for t in texts]}


def _body(answer: Answer) -> _Builder:
    builder = _Builder()
    builder.sections(escape(line) for line in answer.lines)
    if answer.table is not None:
        builder.sections((_row_line(answer.table, row) for row in answer.table.rows), rows=True)
    builder.fields([(f.name, f.value) for f in answer.fields if f.inline])
    for item in answer.fields:
        if not item.inline:
            builder.sections([f"*{escape(item.name)}*\n{escape(item.value)}"])
    builder.sections((f"• {escape(note)}" for note in answer.notes), heading="*Stated without numbers*")
    return builder


def _tail(answer: Answer) -> list[Block]:
    """Context blocks after the body: page, suggestions, sources and dates."""
    blocks = []
    if answer.pages > 1:
        more = f" · add “page {answer.page + 1}” for more" if answer.page < answer.pages else ""
        blocks.append(_context([f"Page {answer.page} of {answer.pages}{more}"]))
    if answer.suggestions:
        blocks.append(_context(["Try: " + " · ".join(f"`{escape(s)}`" for s in answer.suggestions)]))
    blocks.append(_context([escape(line) for line in answer.footer]))
    return [block for block in blocks if block is not None]


def _trim_note(builder: _Builder, kept: list[_Unit], total_rows: int) -> Block | None:
    parts = []
    shown_rows = sum(unit.rows for unit in kept)
    if shown_rows < total_rows:
        parts.append(f"Showing {shown_rows} of {total_rows} rows.")
    if len(kept) < len(builder.units):
        parts.append(f"Showing {len(kept)} of {len(builder.units)} parts; the rest did not fit in one Slack message.")
    if builder.clipped:
        parts.append("Some long text was shortened (…).")
    return _context([" ".join(parts)]) if parts else None


def render_slack(answer: Answer) -> SlackMessage:
    """The answer as Block Kit (at most 50 blocks, every text within its limit) plus a text fallback."""
    title = clip(escape(answer.title.strip()) or "newsbot", MAX_HEADER)
    header: Block = {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}}
    builder = _body(answer)
    tail = _tail(answer)
    total_rows = len(answer.table.rows) if answer.table is not None else 0
    budget = MAX_BLOCKS - 1 - len(tail)
    kept = builder.units if len(builder.units) <= budget else builder.units[: budget - 1]
    note = _trim_note(builder, kept, total_rows)
    blocks = [header, *(unit.block for unit in kept), *([note] if note else []), *tail]
    return SlackMessage(blocks=blocks, text=clip(escape(render_text(answer)), MAX_FALLBACK))
