"""Slash-command listeners for every command the application offers, registered generically."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.adapters.base import Application
from bot.adapters.slack.reply import Replies


def register(bolt: AsyncApp, app: Application, replies: Replies) -> None:
    """`/name` for every command in `app.commands()`; a new core command needs no change here.

    One listener per kind of command (answered in the ack or after it; for managers or for anyone),
    each matching all its commands by one pattern: Bolt checks listeners one after another, a few
    microseconds each, so one per command would make the last command of the list pay for every one
    before it. The plain kind, answered in the ack, comes first."""
    kinds: dict[tuple[bool, bool], list[str]] = {}
    for command in app.commands():
        kinds.setdefault((command.blocking, command.for_managers), []).append(re.escape(command.name))
    for (blocking, for_managers), names in sorted(kinds.items()):
        pattern = re.compile(rf"^/(?:{'|'.join(names)})$")
        bolt.command(pattern)(replies.listener(blocking=blocking, for_managers=for_managers))
