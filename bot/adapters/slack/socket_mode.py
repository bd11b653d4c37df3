"""Socket Mode's handler, with the app token watched: when Slack refuses it (as newsbot connects, or as the
SDK reconnects later), the refusal is logged once, naming SLACK_APP_TOKEN, and the SDK stops there. Left to
itself, the SDK would ask again every ping interval, logging a traceback each time."""

from __future__ import annotations

import logging
import sys
from typing import Any


from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncSlackResponse, AsyncWebClient

from bot.adapters.slack.auth import SlackToken
from bot.adapters.slack.listeners.errors import EXPECTED
from bot.errors import TokenRefused


class AppTokenClient(AsyncWebClient):
    """The Web API client the SDK asks for websocket URLs (apps.connections.open) with the app token. A
    refusal closes the SDK's client (`closed`, which its connection loops check) before it is raised, so
    the SDK ends those loops instead of retrying."""

    def __init__(self, base_url: str, token: SlackToken) -> None:
        super().__init__(base_url=base_url, retry_handlers=[])
        self.token = token
        self.handler: AsyncSocketModeHandler | None = None

    async def apps_connections_open(self, *, app_token: str, **kwargs: Any) -> AsyncSlackResponse:
        """A websocket URL, or TokenRefused (and the SDK's client closed) once Slack refused the app token."""
        try:
            return await super().apps_connections_open(app_token=self.token.use(), **kwargs)
        except SlackApiError as error:
            refused = self.token.seen(error, "apps.connections.open")
            if refused is None:
                raise
        except TokenRefused as error:
            refused = error
        if self.handler is not None:
            self.handler.client.closed = True
        raise refused from None


class SocketModeLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """The SDK's Socket Mode lines, on Bolt's logger, without a traceback for Slack or the network failing
    (Slack down: the SDK says so as it retries, every ping interval), and none at all while Slack refuses the
    app token: the token logged that refusal once, and the SDK's lines about it would only repeat it."""

    def __init__(self, logger: logging.Logger, token: SlackToken) -> None:
        super().__init__(logger, {})
        self.token = token

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        """Log as the SDK asked, unless the app token is refused; an expected failure without its traceback."""
        if self.token.refused is not None:
            return
        if kwargs.get("exc_info") is True and isinstance(sys.exc_info()[1], EXPECTED):
            kwargs["exc_info"] = False
        super().log(level, msg, *args, **kwargs)


def socket_mode_handler(
    bolt: AsyncApp, base_url: str, token: SlackToken, ping_interval: float
) -> AsyncSocketModeHandler:
    """Bolt's Socket Mode handler for `bolt`, asking for websocket URLs at `base_url` with `token`."""
    client = AppTokenClient(base_url, token)
    handler = AsyncSocketModeHandler(
        bolt, token.use(), logger=SocketModeLog(bolt.logger, token), web_client=client,  # type: ignore[arg-type]
        ping_interval=ping_interval,
    )
    client.handler = handler
    return handler
