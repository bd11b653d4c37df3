"""Building the Bolt AsyncApp and its Web API client from Settings."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.listeners import register_listeners
from bot.runtime.service import Service
from bot.runtime.settings import Settings

DEFAULT_API_URL = "https://slack.com/api/"
BOLT_LOGGER = "slack_bolt.AsyncApp"
APP_NAME = f"{BOLT_LOGGER}.newsbot"
"""Bolt names loggers after the app and copies BOLT_LOGGER's level onto them on every request, so the
name must stay inside Bolt's namespace: named "newsbot", it silenced every newsbot.* INFO line."""
AUTHORIZE_FAILED = (
    "newsbot cannot answer right now: Slack refused its bot token. "
    "An admin can find Slack's error code in the bot's log."
)


def api_base_url(settings: Settings) -> str:
    """SLACK_API_URL (or Slack's own) with the trailing '/' the SDK needs to append method names."""
    return (settings.SLACK_API_URL or DEFAULT_API_URL).rstrip("/") + "/"


def web_client(settings: Settings) -> AsyncWebClient:
    """The Web API client, authenticated with SLACK_BOT_TOKEN."""
    if settings.SLACK_BOT_TOKEN is None:
        raise ValueError("SLACK_BOT_TOKEN is required for Slack")
    return AsyncWebClient(token=settings.SLACK_BOT_TOKEN.get_secret_value(), base_url=api_base_url(settings))


def build_app(settings: Settings, service: Service, client: AsyncWebClient) -> AsyncApp:
    """The Bolt app with every listener registered.

    process_before_response=True: listeners run inline and answer inside `ack()`, so the reply is the
    HTTP response (or the Socket Mode ack) itself. The core answers in well under a millisecond.
    Bolt verifies no signature: HTTP mode's route does that on the raw bytes before Bolt sees a request
    (bot.adapters.slack.events), and Socket Mode envelopes arrive over an authenticated socket.
    """
    app = AsyncApp(
        name=APP_NAME,
        logger=logging.getLogger(BOLT_LOGGER),  # else Bolt gives its loggers the root's level, not setup_logging's
        client=client,
        request_verification_enabled=False,
        process_before_response=True,
        user_facing_authorize_error_message=AUTHORIZE_FAILED,
    )
    register_listeners(app, service, ephemeral=settings.SLACK_EPHEMERAL)
    return app
