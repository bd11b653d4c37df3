"""newsbot's Slack tokens: a refusal seen on any call stops their use, and the bot token is checked with
auth.test until Slack accepts it, then handed to Bolt with no round trip."""

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
from bot.adapters.token import Token
from bot.errors import TokenRefused
from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

CHECK_TIMEOUT = 2.0
"""Seconds auth.test may take: inside Slack's 3 s window, so the asker still hears from us."""
REFUSALS = frozenset({
    "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type",
})
"""Web API errors, on any call, by which Slack refuses the token itself; any other failure is about the call
(a channel, a scope) or trouble on Slack's side."""
TOKEN_REFUSED = (
    "newsbot cannot answer right now: Slack refused its bot token. "
    "An admin can find Slack's error code in the bot's log."
)
SLACK_TROUBLE = "newsbot cannot answer right now: Slack is having trouble. Try again in a minute."

Next = Callable[[], Awaitable[BoltResponse | None]]


class SlackToken(Token):
    """One of newsbot's Slack tokens (bot.adapters.token.Token): every Web API call made with it reports its
    error here (`seen`)."""

    def __init__(self, setting: str, value: str) -> None:
        super().__init__("Slack", setting, value, log)

    def seen(self, error: BaseException, call: str) -> TokenRefused | None:
        """`error`, raised by the Web API method `call` made with this token: its TokenRefused if Slack
        refused the token (the first such error is logged), else None."""
        code = slack_error_code(error)
        return self.refuse(code, f"slack {call}") if code in REFUSALS else None


class BotAuth(AsyncAuthorize):
    """Bolt's `authorize`: the AuthorizeResult of the first auth.test Slack answered with ok, reused.

    Until there is one, `TokenCheck` runs auth.test again for each request and, if it still fails, tells
    the asker which of the two it is: the token was refused (then no call is made again), or Slack is
    having trouble.
    """

    def __init__(self, client: AsyncWebClient, token: SlackToken) -> None:
        super().__init__()
        self._client = client
        self.token = token
        self.result: AuthorizeResult | None = None

    async def check(self) -> bool:
        """True while Slack accepts the token (auth.test is called only until it first did, and never once it
        refused the token, on this call or any other); logs why not."""
        if self.token.refused is not None:
            return False
        if self.result is not None:
            return True
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                response = await self._client.auth_test(token=self.token.use())
        except SlackApiError as error:
            if self.token.seen(error, "auth.test") is None:
                log.warning("slack Web API auth.test failed slack_error=%s: trouble on Slack's side; "
                            "checking again with the next command", quoted(slack_error_code(error)))
            return False
        except Exception as error:  # noqa: BLE001 - Slack unreachable or silent: the next command checks again
            log.warning("slack Web API unreachable (%s); checking again with the next command", type(error).__name__)
            return False
        self.result = AuthorizeResult.from_auth_test_response(auth_test_response=response, bot_token=self.token.use())
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
        return BoltResponse(status=200, body=TOKEN_REFUSED if self.auth.token.refused else SLACK_TROUBLE)
