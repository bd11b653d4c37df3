"""Bolt listeners, one module each, registered in one place (as in Slack's bolt-python template)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.listeners import commands, errors, unknown_command
from bot.runtime.service import Service


def register_listeners(app: AsyncApp, service: Service, *, ephemeral: bool = False) -> None:
    """Register every listener. Order matters: known commands before the catch-all."""
    commands.register(app, service, ephemeral=ephemeral)
    unknown_command.register(app, service, ephemeral=ephemeral)
    errors.register(app, service)
