"""Charts as PNG files in a channel (files_upload_v2: files.getUploadURLExternal, the bytes,
files.completeUploadExternal; scope files:write). A chart always follows its text answer, never holds it
up: a chart that cannot be drawn or uploaded is logged, and the answer stands without it."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.base import Application
from bot.adapters.slack.auth import SlackToken
from bot.adapters.slack.listeners.errors import EXPECTED, slack_error_code
from bot.core import Channel
from bot.core.chart import Chart
from bot.core.text import shorten
from bot.errors import TokenRefused
from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

FILENAME = "chart.png"
UPLOAD_TIMEOUT = 30.0
"""Seconds an upload's three calls may take together."""
MAX_ALT_TEXT = 1000
"""Slack's limit for a file's alt text (longer is refused with alt_txt_too_large)."""


def alt_text(chart: Chart) -> str:
    """A short description of `chart` for screen readers; its values are in the text answer it follows."""
    total = len(chart.bars) + chart.more
    what = ("model" if chart.kind == "ranking" else "benchmark") + ("" if total == 1 else "s")
    count = f"{len(chart.bars)} of {total}" if chart.more else str(total)
    text = f"Bar chart, {chart.title} ({count} {what}): {chart.direction}."
    return shorten(text, MAX_ALT_TEXT)


class ChartUploads:
    """`await uploads(channel, chart)`: the chart drawn by the application and uploaded with the bot token.

    The Web client holds no token and retries nothing (bot.adapters.slack.app.web_client), so an upload
    whose result is unknown is never sent twice."""

    def __init__(self, app: Application, client: AsyncWebClient, token: SlackToken) -> None:
        self._app = app
        self._client = client
        self._token = token

    async def __call__(self, channel: Channel, chart: Chart) -> str | None:
        """Upload `chart` into `channel` (in its thread, if any). None once uploaded, or when the chart could
        not be drawn (the application logged why); otherwise Slack's error code (or the failure's class
        name), logged as one WARNING without the token. Once Slack has refused the token, its code, with
        nothing drawn, sent or logged again (the token logged the refusal once)."""
        try:
            token = self._token.use()
        except TokenRefused as refused:
            return refused.code
        image = await self._app.picture(chart)
        if image is None:
            return None
        try:
            async with asyncio.timeout(UPLOAD_TIMEOUT):
                await self._client.files_upload_v2(
                    token=token, channel=channel.channel, thread_ts=channel.thread or None, file=image,
                    filename=FILENAME, title=chart.title, alt_txt=alt_text(chart),
                )
        except Exception as error:  # noqa: BLE001 - the answer already went out; the log says why no chart followed
            if (refused := self._token.seen(error, "files_upload_v2")) is not None:
                return refused.code
            code = slack_error_code(error)
            log.warning("slack chart upload to %s failed slack_error=%s: the answer went out without its chart",
                        quoted(str(channel)), quoted(code), exc_info=not isinstance(error, EXPECTED))
            return code
        return None
