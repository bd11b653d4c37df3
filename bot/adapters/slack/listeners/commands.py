"""One slash-command listener for every command the application offers, registered generically."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.adapters.base import Application
from bot.adapters.slack.reply import command_listener


def register(bolt: AsyncApp, app: Application, *, ephemeral: bool = False) -> None:
    """`/name` for every command in `app.commands()`; a new core command needs no change here.

    One listener matching them all: Bolt checks listeners one after another, a few microseconds each,
    so one per command would make the last command of the list pay for every one before it."""
    names = "|".join(re.escape(command.name) for command in app.commands())
    bolt.command(re.compile(rf"^/(?:{names})$"))(command_listener(app, ephemeral=ephemeral))
