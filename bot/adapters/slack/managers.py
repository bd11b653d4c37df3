"""Who may manage what a Slack channel receives: workspace admins and owners, as users.info says.

Slack's slash-command payload says nothing about the asker's role, so commands marked `for_managers`
ask users.info (scope `users:read`) with the bot token. Answers are cached per user for a few minutes;
a lookup is bounded in time so it fits inside Slack's 3 s ack, and any failure means "not a manager"
(logged), never an error for the asker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.auth import SlackToken
from bot.adapters.slack.listeners.errors import slack_error_code
from bot.errors import TokenRefused
from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

ROLES = ("is_admin", "is_owner", "is_primary_owner")
"""users.info flags that make a user a manager of every channel in the workspace."""
LOOKUP_TIMEOUT = 1.0
"""Seconds users.info may take. Slack usually answers in well under that; with the bot token check
(at most 2 s, and only until Slack first accepted the token) it stays inside the 3 s ack."""
CACHE_SECONDS = 300.0
CACHE_SIZE = 10_000


class Managers:
    """`await managers(workspace, user)`: True for a workspace admin or owner (cached, never raises).

    ttl: seconds an answer is kept. timeout: seconds users.info may take."""

    def __init__(
        self,
        client: AsyncWebClient,
        token: SlackToken,
        *,
        ttl: float = CACHE_SECONDS,
        timeout: float = LOOKUP_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._token = token
        self.ttl = ttl
        self.timeout = timeout
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[float, bool]] = {}

    async def __call__(self, workspace: str, user: str) -> bool:
        """Whether `user` administers or owns `workspace`; False if Slack cannot say now (not cached)."""
        key = (workspace, user)
        now = self._clock()
        cached = self._cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        manager = await self._lookup(user)
        if manager is not None:
            self._remember(key, now + self.ttl, manager)
        return bool(manager)

    async def _lookup(self, user: str) -> bool | None:
        """users.info's answer for `user`, or None (logged) when it failed or took too long; None, with no call
        and no line, once Slack has refused the token (the token logged the refusal once)."""
        if not user:
            return None
        try:
            async with asyncio.timeout(self.timeout):
                response = await self._client.users_info(token=self._token.use(), user=user)
        except TokenRefused:
            return None
        except SlackApiError as error:
            if self._token.seen(error, "users.info") is not None:
                return None
            code = slack_error_code(error)
            hint = ": the app needs the users:read scope (reinstall it from slack-manifest.yaml)" if (
                code == "missing_scope") else ""
            log.warning("slack users.info failed slack_error=%s for user %s%s; not treated as a manager",
                        quoted(code), quoted(user), hint)
            return None
        except Exception as error:  # noqa: BLE001 - unreachable or slow: the asker is answered as a non-manager
            log.warning("slack users.info failed (%s) for user %s; not treated as a manager",
                        type(error).__name__, quoted(user))
            return None
        member = response.get("user")
        return isinstance(member, dict) and any(member.get(role) is True for role in ROLES)

    def _remember(self, key: tuple[str, str], expires: float, manager: bool) -> None:
        cache = self._cache
        cache.pop(key, None)
        if len(cache) >= CACHE_SIZE:  # drop the oldest entry: insertion order is age
            del cache[next(iter(cache))]
        cache[key] = (expires, manager)
