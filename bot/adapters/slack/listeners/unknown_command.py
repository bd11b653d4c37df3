"""Catch-all for slash commands the core does not know (a renamed or extra command in the app config).

The core answers them with 'Unknown command' and the list of commands, only to the asker, instead of
Bolt's silent 404 that Slack shows as 'dispatch_failed'.
"""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.reply import Replies

ANY_COMMAND = re.compile(r"^/")


def register(bolt: AsyncApp, replies: Replies) -> None:
    """Register the catch-all; it must come after the known commands."""
    bolt.command(ANY_COMMAND)(replies.listener())
