"""Global error handler: anything a listener or middleware raises is logged once, with Slack's code."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.adapters.slack.reply import request_fields
from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

EXPECTED = (SlackClientError, aiohttp.ClientError, OSError, TimeoutError)
"""Failures of Slack or the network: a log line names Slack's code or the error's class, and a traceback
would add nothing."""


def slack_error_code(error: BaseException) -> str:
    """Slack's error code from a Web API error ('channel_not_found'), or the exception's class name."""
    if isinstance(error, SlackApiError):
        data = getattr(error.response, "data", None)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return "slack_api_error"
    return type(error).__name__


def register(bolt: AsyncApp) -> None:
    """Log unexpected errors with a few escaped fields of the (verified) request, never its whole body."""

    @bolt.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error(
            "slack listener error slack_error=%s %s",
            quoted(slack_error_code(error)),
            request_fields(body),
            exc_info=not isinstance(error, SlackApiError),
        )
