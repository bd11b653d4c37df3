"""Building the Bolt AsyncApp and its Web API client from the adapter's config."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.base import Application
from bot.adapters.slack.auth import BotAuth, TokenCheck
from bot.adapters.slack.config import SlackConfig
from bot.adapters.slack.listeners import register_listeners
from bot.adapters.slack.reply import Replies

BOLT_LOGGER = "slack_bolt.AsyncApp"
APP_NAME = f"{BOLT_LOGGER}.newsbot"
"""Bolt names loggers after the app and copies BOLT_LOGGER's level onto them on every request, so the
name must stay inside Bolt's namespace: named "newsbot", it silenced every newsbot.* INFO line."""
TOKEN_UNUSED = warning_client_prioritized_and_token_skipped()
"""Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then warns that this token
goes unused. Here it always is (BotAuth hands Bolt the token), so that one warning is dropped."""


def web_client(config: SlackConfig) -> AsyncWebClient:
    """The Web API client. It holds no token: each call names its own (BotAuth's auth.test, posts, Socket
    Mode's apps.connections.open), and Bolt's per-request clients get the bot token from BotAuth.

    No automatic retries: a chat.postMessage sent again after a dropped connection could post twice
    (Slack has no idempotency key). auth.test is checked again with the next command anyway."""
    return AsyncWebClient(base_url=config.web_api_url, retry_handlers=[])


def _not_token_unused(record: logging.LogRecord) -> bool:
    return record.getMessage() != TOKEN_UNUSED


def build_bolt(app: Application, client: AsyncWebClient, auth: BotAuth, replies: Replies) -> AsyncApp:
    """The Bolt app with every listener registered, answering through `app` with `replies`.

    process_before_response=True: listeners run inline and answer inside `ack()`, so the reply is the
    HTTP response (or the Socket Mode ack) itself. The core answers in well under a millisecond; blocking
    commands ack empty at once and answer through response_url afterwards (bot.adapters.slack.reply).
    Bolt verifies no signature: HTTP mode's route does that on the raw bytes before Bolt sees a request
    (bot.adapters.slack.events), and Socket Mode envelopes arrive over an authenticated socket.
    `auth` stands in for Bolt's own auth.test on the first request: it keeps the first result that worked.
    """
    bolt_log = logging.getLogger(BOLT_LOGGER)  # without it Bolt gives its loggers the root's level
    bolt_log.addFilter(_not_token_unused)
    try:
        bolt = AsyncApp(
            name=APP_NAME,
            logger=bolt_log,
            client=client,
            authorize=auth,
            before_authorize=TokenCheck(auth),
            request_verification_enabled=False,
            process_before_response=True,
        )
    finally:
        bolt_log.removeFilter(_not_token_unused)
    register_listeners(bolt, app, replies)
    return bolt
