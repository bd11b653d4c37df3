"""The bot token: checked with auth.test until Slack accepts it, then handed to Bolt with no round trip."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.listeners.errors import slack_error_code
from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

CHECK_TIMEOUT = 2.0
"""Seconds auth.test may take: inside Slack's 3 s window, so the asker still hears from us."""
REFUSALS = frozenset({
    "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission",
    "not_allowed_token_type", "org_login_required", "ekm_access_denied", "team_access_not_granted",
})
"""auth.test errors by which Slack refuses the token itself; any other failure is trouble on Slack's side."""
TOKEN_REFUSED = (
    "newsbot cannot answer right now: Slack refused its bot token. "
    "An admin can find Slack's error code in the bot's log."
)
SLACK_TROUBLE = "newsbot cannot answer right now: Slack is having trouble. Try again in a minute."

Next = Callable[[], Awaitable[BoltResponse | None]]


class BotAuth(AsyncAuthorize):
    """Bolt's `authorize`: the AuthorizeResult of the first auth.test Slack answered with ok, reused.

    Until there is one, `TokenCheck` runs auth.test again for each request and, if it still fails, tells
    the asker which of the two it is: the token was refused, or Slack is having trouble.
    """

    def __init__(self, client: AsyncWebClient, token: str) -> None:
        super().__init__()
        self._client = client
        self._token = token
        self.result: AuthorizeResult | None = None
        self.refused: str | None = None
        """Slack's error code while it refuses the token."""

    async def check(self) -> bool:
        """True once Slack has accepted the token (auth.test is called only until then); logs why not."""
        if self.result is not None:
            return True
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                response = await self._client.auth_test(token=self._token)
        except SlackApiError as error:
            code = slack_error_code(error)
            if code in REFUSALS:
                self.refused = code
                log.error("slack Web API auth.test failed slack_error=%s: Slack refused SLACK_BOT_TOKEN", code)
            else:
                log.warning("slack Web API auth.test failed slack_error=%s: trouble on Slack's side; "
                            "checking again with the next command", quoted(code))
            return False
        except Exception as error:  # noqa: BLE001 - Slack unreachable or silent: the next command checks again
            log.warning("slack Web API unreachable (%s); checking again with the next command", type(error).__name__)
            return False
        self.refused = None
        self.result = AuthorizeResult.from_auth_test_response(auth_test_response=response, bot_token=self._token)
        log.info("slack bot %s in workspace %s", quoted(response.get("user_id")), quoted(response.get("team_id")))
        return True

    async def __call__(self, **_: Any) -> AuthorizeResult | None:
        """The accepted token's result (TokenCheck lets a request through only once there is one)."""
        return self.result


class TokenCheck(AsyncMiddleware):
    """Bolt's `before_authorize`: on with an accepted token, else an honest answer. A middleware class, not
    a function, so Bolt calls it directly instead of building keyword arguments for it on every request."""

    def __init__(self, auth: BotAuth) -> None:
        self.auth = auth

    async def async_process(  # Bolt passes `next` by this name
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        """Bolt's middleware call: on to authorization, or the answer that says why not."""
        if await self.auth.check():
            return await next()
        return BoltResponse(status=200, body=TOKEN_REFUSED if self.auth.refused else SLACK_TROUBLE)
