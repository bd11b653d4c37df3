"""Discord rendering: any Answer as embeds that always fit in one Discord message.

Limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): title 256,
description 4,096, 25 fields, field name 256, field value 1,024, footer 2,048, 6,000 characters in
total across a message's embeds, 10 embeds (replies carry no message content). Nothing is ever rejected for
length: what does not fit is left out and the footer says "Showing N of M parts".
"""

from __future__ import annotations

import re

import discord
from discord.utils import escape_markdown

from bot.core.answer import Answer, Status, Table
from bot.core.text import shorten as plain_shorten
from bot.render.text import headed, item_parts, more_line, table_lines

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
EMBEDS = 10

CODE_WIDTH = 56  # wider tables become one field per row: code blocks wrap badly in an embed
FOOTER_SHARE = 1500  # the most of the 6,000 characters the footer may take
NOTE_ROOM = 120  # kept free for the "Showing N of M parts" note
COLOURS = {
    Status.OK: discord.Colour.blurple(),
    Status.NOT_FOUND: discord.Colour.gold(),
    Status.BAD_INPUT: discord.Colour.gold(),
    Status.UNKNOWN_COMMAND: discord.Colour.gold(),
    Status.ERROR: discord.Colour.red(),
}


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with '…', never leaving a dangling markdown escape."""
    short = plain_shorten(text, limit)
    return short if short is text else short[:-1].rstrip("\\") + "…"


def _escape(text: str) -> str:
    return escape_markdown(text)


_MARKUP = re.compile(r"([\\`*_~|\[\]()<>#:@-])")


def _literal(text: str) -> str:
    """Item text that shows exactly as written: every character markdown, a link or a mention could use is
    escaped, so nothing in it can close a masked link, start one, autolink or format."""
    return _MARKUP.sub(r"\\\1", text)


def _item_texts(answer: Answer) -> list[str]:
    """Each item as '[title](link) — meta' (the title alone without a safe link), under its group's bold
    heading; then the '…and N more' line."""
    texts = []
    for heading, item in headed(answer.items):
        title, meta, link = item_parts(item)
        text = f"[{_literal(title)}]({link})" if link else _literal(title)
        text += f" — {_literal(meta)}" if meta else ""
        texts.append(f"**{_literal(heading)}**\n{text}" if heading else text)
    return texts + ([_escape(more)] if (more := more_line(answer)) else [])


def _code(text: str) -> str:
    """Text safe inside a ``` block or `inline code` (a backtick would end it)."""
    return text.replace("`", "ˋ")


class _Packer:
    """Fills embeds in order, within every per-embed limit and one shared character budget."""

    def __init__(self, title: str, colour: discord.Colour, budget: int) -> None:
        self.embeds = [discord.Embed(title=title or None, colour=colour)]
        self.colour = colour
        self.left = budget - len(title)
        self.parts = 0
        self.dropped = 0

    def _grow(self) -> bool:
        if len(self.embeds) >= EMBEDS:
            return False
        self.embeds.append(discord.Embed(colour=self.colour))
        return True

    def text(self, block: str) -> None:
        """Add a description paragraph (already within 4,096), in a new embed when this one is full."""
        self.parts += 1
        cost = len(block) + 1
        current = self.embeds[-1]
        used = len(current.description) + 1 if current.description else 0
        if cost > self.left or ((current.fields or used + len(block) > DESCRIPTION) and not self._grow()):
            self.dropped += 1
            return
        current = self.embeds[-1]
        current.description = f"{current.description}\n{block}" if current.description else block
        self.left -= cost

    def field(self, name: str, value: str, inline: bool) -> None:
        """Add a field (name and value already within their limits)."""
        self.parts += 1
        cost = len(name) + len(value)
        if cost > self.left or (len(self.embeds[-1].fields) >= FIELDS and not self._grow()):
            self.dropped += 1
            return
        self.embeds[-1].add_field(name=name, value=value, inline=inline)
        self.left -= cost


def _table_blocks(rendered: list[str]) -> list[str]:
    """A narrow table's lines (`table_lines`) as code blocks of at most 4,096 characters each."""
    blocks: list[str] = []
    lines: list[str] = []
    for line in (_code(line) for line in rendered):
        line = shorten(line, DESCRIPTION - 10)
        if lines and sum(len(x) + 1 for x in lines) + len(line) + 8 > DESCRIPTION:
            blocks.append("```\n" + "\n".join(lines) + "\n```")
            lines = []
        lines.append(line)
    if lines:
        blocks.append("```\n" + "\n".join(lines) + "\n```")
    return blocks


def _table_fields(table: Table) -> list[tuple[str, str]]:
    """A wide table as one (name, value) field per row: the first cell names it."""
    fields = []
    for row in table.rows:
        details = [f"**{_escape(col)}:** {_escape(cell)}" for col, cell in zip(table.columns[1:], row[1:]) if cell]
        fields.append((shorten(_escape(row[0]) or "—", FIELD_NAME), shorten("\n".join(details) or "—", FIELD_VALUE)))
    return fields


def _grouped(items: list[str], limit: int, separator: str = "\n") -> list[str]:
    """Join items into chunks of at most `limit` characters (each item shortened to fit)."""
    chunks: list[str] = []
    for item in (shorten(i, limit) for i in items):
        if chunks and len(chunks[-1]) + len(separator) + len(item) <= limit:
            chunks[-1] += separator + item
        else:
            chunks.append(item)
    return chunks


def _footer(answer: Answer) -> str:
    """Sources and dates, shortened if need be; the page line always survives."""
    page = answer.page_label if answer.pages > 1 else ""
    sources = shorten("\n".join(answer.footer), FOOTER_SHARE - len(page) - 1)
    return "\n".join(part for part in (sources, page) if part)


def render(answer: Answer) -> list[discord.Embed]:
    """The answer as 1 to 10 embeds that together respect every Discord limit."""
    footer = _footer(answer)
    title = shorten(_escape(answer.title), TITLE)
    packer = _Packer(title, COLOURS[answer.status], TOTAL - len(footer) - NOTE_ROOM)
    for line in answer.lines:
        packer.text(shorten(_escape(line), DESCRIPTION))
    table = answer.table
    if table is not None and table.rows:
        lines = table_lines(table)
        if max(map(len, lines)) <= CODE_WIDTH:
            for block in _table_blocks(lines):
                packer.text(block)
        else:
            for name, value in _table_fields(table):
                packer.field(name, value, inline=False)
    for text in _item_texts(answer):
        packer.text(text)
    for field in answer.fields:
        packer.field(
            shorten(_escape(field.name) or "—", FIELD_NAME), shorten(_escape(field.value) or "—", FIELD_VALUE), field.inline
        )
    for chunk in _grouped([f"• {_escape(note)}" for note in answer.notes], FIELD_VALUE):
        packer.field("Stated without numbers", chunk, inline=False)
    if answer.suggestions:
        tries = [f"`{shorten(_code(s), 200)}`" for s in answer.suggestions]
        packer.field("Try", _grouped(tries, FIELD_VALUE, " · ")[0], inline=False)
    if packer.dropped:
        shown = packer.parts - packer.dropped
        note = f"Showing {shown} of {packer.parts} parts; the rest did not fit in one Discord message."
        footer = f"{footer}\n{note}" if footer else note
    if footer:
        packer.embeds[-1].set_footer(text=footer)
    return packer.embeds


def with_image(embeds: list[discord.Embed], filename: str) -> list[discord.Embed]:
    """`embeds` (from `render`) with the first showing the message's attachment `filename` as its image;
    the first is copied, so `embeds` stay as they were."""
    first = embeds[0].copy()
    first.set_image(url=f"attachment://{filename}")
    return [first, *embeds[1:]]
