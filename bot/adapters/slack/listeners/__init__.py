"""Bolt listeners, one module each, registered in one place (as in Slack's bolt-python template)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.adapters.base import Application
from bot.adapters.slack.listeners import commands, errors, unknown_command
from bot.adapters.slack.reply import Replies


def register_listeners(bolt: AsyncApp, app: Application, replies: Replies) -> None:
    """Register every listener on `bolt`, answering through `app` with `replies`. Order matters: known
    commands before the catch-all."""
    commands.register(bolt, app, replies)
    unknown_command.register(bolt, replies)
    errors.register(bolt)
