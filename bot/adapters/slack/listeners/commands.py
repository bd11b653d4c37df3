"""One slash-command listener per core command, registered generically from the core's registry."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.reply import command_listener
from bot.runtime.service import Service


def register(app: AsyncApp, service: Service, *, ephemeral: bool = False) -> None:
    """`/name` for every command the core knows; a new core command needs no change here."""
    listener = command_listener(service, ephemeral=ephemeral)
    for command in service.core.commands:
        app.command(f"/{command.name}")(listener)
