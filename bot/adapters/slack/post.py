"""Posting an Answer to a channel on the bot's own initiative (chat.postMessage), with Slack's refusals
mapped to bot.errors."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.auth import SlackToken
from bot.adapters.slack.listeners.errors import slack_error_code
from bot.core import Answer, Channel
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited
from bot.logfields import quoted
from bot.render.slack import render_slack

POST_TIMEOUT = 10.0
"""Seconds chat.postMessage may take before the post counts as failed (with its result unknown)."""
RETRY_AFTER = 1.0
"""Seconds to wait after a 429 that names no Retry-After."""
GONE = frozenset({"channel_not_found", "is_archived"})
NO_ACCESS = frozenset({
    "not_in_channel", "no_permission", "missing_scope", "ekm_access_denied", "restricted_action",
    "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
    "restricted_action_non_threadable_channel",
})
"""chat.postMessage errors by which the bot may not post there: not invited, a scope or a workspace policy."""
RATE_LIMITED = frozenset({"ratelimited", "rate_limited"})


async def post_message(client: AsyncWebClient, token: SlackToken, channel: Channel, answer: Answer) -> None:
    """Post `answer` (Block Kit and its text fallback) to `channel`, in its thread if it has one.

    Mentions stay inert: the renderer escapes '<', '>' and '&', so no `<!channel>` or `<@U…>` survives,
    and link_names is off, so a plain '@channel' or '@everyone' stays text. Raises ChannelGone, NoAccess,
    RateLimited or PostError with Slack's error code (never the token), or TokenRefused, without calling
    Slack at all once it has refused the token."""
    message = render_slack(answer)
    where = f"slack chat.postMessage to {quoted(str(channel))}"
    try:
        async with asyncio.timeout(POST_TIMEOUT):
            await client.chat_postMessage(
                token=token.use(), channel=channel.channel, text=message.text, blocks=message.blocks,
                thread_ts=channel.thread or None, link_names=False,
            )
    except SlackApiError as error:
        raise token.seen(error, "chat.postMessage") or refusal(where, error) from error
    except (aiohttp.ClientError, TimeoutError) as error:
        raise PostError(f"{where} failed ({type(error).__name__}): result unknown, it may have been posted") from error


def refusal(where: str, error: SlackApiError) -> PostError:
    """The bot.errors exception for Slack's answer to a post that was not ok."""
    code = slack_error_code(error)
    message = f"{where} failed slack_error={quoted(code)}"
    if getattr(error.response, "status_code", None) == 429 or code in RATE_LIMITED:
        return RateLimited(message, retry_after(getattr(error.response, "headers", None) or {}))
    if code in GONE:
        return ChannelGone(message)
    if code in NO_ACCESS:
        return NoAccess(message)
    return PostError(message)


def retry_after(headers: Mapping[str, str]) -> float:
    """Seconds from a Retry-After header (Slack sends whole seconds), else RETRY_AFTER."""
    try:
        seconds = float(headers.get("Retry-After", ""))
    except ValueError:
        return RETRY_AFTER
    return seconds if 0 <= seconds < float("inf") else RETRY_AFTER
