"""Bolt listeners, one module each, registered in one place (as in Slack's bolt-python template)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.adapters.base import Application
from bot.adapters.slack.listeners import commands, errors, unknown_command


def register_listeners(bolt: AsyncApp, app: Application, *, ephemeral: bool = False) -> None:
    """Register every listener on `bolt`, answering through `app`. Order matters: known commands before
    the catch-all."""
    commands.register(bolt, app, ephemeral=ephemeral)
    unknown_command.register(bolt, app, ephemeral=ephemeral)
    errors.register(bolt)
