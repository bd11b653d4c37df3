"""Charts on Discord: an answer's PNG, attached to the message and shown inside its first embed; the
text answer alone when there is no picture or Discord refuses the upload."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from bot.adapters.base import Application
from bot.adapters.discord.window import FirstResponse
from bot.core import Answer
from bot.core.chart import Chart
from bot.core.text import shorten
from bot.render.discord import render, with_image

log = logging.getLogger("newsbot.discord")

FILENAME = "chart.png"
ALT_TEXT = 1024  # Discord's limit for an attachment's description
REFUSED = frozenset({400, 403, 413})
"""Statuses of a message Discord refuses for its file: 413 or 400 code 40005 (too large), 400 code 50035
(a field of the attachment), 403 code 50013 (a channel where the bot may not attach files)."""

Send = Callable[..., Awaitable[object]]


@dataclass(frozen=True)
class Reply:
    """An answer ready to send: its chart as PNG (None without a chart or when drawing failed), and the
    interaction's first response."""

    answer: Answer
    png: bytes | None
    first: FirstResponse


async def picture(app: Application, answer: Answer) -> bytes | None:
    """The PNG of `answer`'s chart; None if it has none or drawing failed."""
    return None if answer.chart is None else await app.picture(answer.chart)


def chart_file(chart: Chart, png: bytes) -> discord.File:
    """`png` as the attachment the first embed shows; its alt text is the chart's title."""
    return discord.File(io.BytesIO(png), filename=FILENAME, description=shorten(chart.title, ALT_TEXT))


async def deliver(send: Send, answer: Answer, png: bytes | None, where: str, *, edit: bool = False) -> None:
    """`send(embeds=…)` the answer with its chart inside the first embed, or the text alone without `png`.

    A new message gets the chart as `file`; an `edit` gets it as the message's only attachment (so a
    page turn replaces the chart it showed) and without `png` loses any. If Discord refuses the message
    for its file, one warning with Discord's code and the same answer again without it."""
    embeds = render(answer)
    if png is not None and answer.chart is not None:
        file = chart_file(answer.chart, png)
        try:
            await send(embeds=with_image(embeds, FILENAME), **({"attachments": [file]} if edit else {"file": file}))
            return
        except discord.HTTPException as exc:
            if exc.status not in REFUSED:
                raise
            log.warning("Discord refused the chart of %s (HTTP %s, code %s): sending the answer without it",
                        where, exc.status, exc.code)
    await send(embeds=embeds, **({"attachments": []} if edit else {}))
