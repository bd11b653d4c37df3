"""Posting an Answer to a channel on the bot's own initiative (POST /channels/{id}/messages), with
Discord's refusals mapped to bot.errors. Messages carry Discord's code and message, never the token."""

from __future__ import annotations

import functools
import math

import aiohttp
import discord

from bot.adapters.discord.pictures import deliver
from bot.adapters.discord.window import rate_limited, retry_after
from bot.core import Answer, Channel
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited
from bot.logfields import quoted

UNAUTHORIZED = 401
"""Discord's answer to a call made with a token it does not accept (reset, or the bot deleted)."""
GONE = frozenset({10003})  # Unknown Channel
NO_ACCESS = frozenset({50001, 50013})  # Missing Access, Missing Permissions
UNKNOWN_WAIT = 600.0
"""Seconds to wait after a Cloudflare 429 that gives no Retry-After: Discord counts the invalid requests
behind such bans over 10 minutes."""


async def post(
    client: discord.Client | None, channel: Channel, answer: Answer, key: str | None = None, png: bytes | None = None
) -> None:
    """Create a message with `answer`'s embeds in `channel`'s thread, or else the channel; mentions off.
    `png`, its chart, is attached and shown in the first embed (the text alone if Discord refuses it).

    `key` (at most 25 characters) is sent as the message's nonce with enforce_nonce, so Discord answers a
    repeat of the same post within a few minutes with the first message instead of creating another.

    Raises ChannelGone, NoAccess, RateLimited (Discord's 429 longer than the client's
    max_ratelimit_timeout, or Cloudflare's) or PostError (any other refusal, no connection)."""
    if client is None or client.is_closed():
        raise PostError("discord is not connected: nothing can be posted")
    target = channel.thread or channel.channel
    if not target.isdigit():
        raise PostError(f"not a Discord channel id: {quoted(target)}")
    messageable = client.get_partial_messageable(int(target))
    try:
        send = functools.partial(messageable.send, allowed_mentions=discord.AllowedMentions.none(), nonce=key)
        await deliver(send, answer, png, f"a post to channel {target}")
    except discord.RateLimited as exc:
        raise RateLimited(
            f"Discord rate-limited posts to channel {target}: retry after {exc.retry_after:.0f} s", exc.retry_after
        ) from exc
    except discord.HTTPException as exc:
        raise refusal(exc, target) from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise PostError(f"could not reach Discord to post to channel {target}: {exc.__class__.__name__}") from exc


def unauthorized(exc: PostError) -> bool:
    """True when Discord refused the post because it refuses the bot's token itself (HTTP 401)."""
    cause = exc.__cause__
    return isinstance(cause, discord.HTTPException) and cause.status == UNAUTHORIZED


def refusal(exc: discord.HTTPException, target: str) -> PostError:
    """The error for Discord's refusal `exc` of a post to channel `target`."""
    wait = retry_after(exc)
    if wait is not None:
        seconds = wait if wait < math.inf else UNKNOWN_WAIT
        return RateLimited(f"{rate_limited(wait)} posting to channel {target}", seconds)
    detail = f": {quoted(exc.text)}" if exc.text else ""
    message = f"Discord refused the post to channel {target}: HTTP {exc.status}, code {exc.code}{detail}"
    if exc.code in GONE:
        return ChannelGone(message)
    if exc.code in NO_ACCESS:
        return NoAccess(message)
    return PostError(message)
