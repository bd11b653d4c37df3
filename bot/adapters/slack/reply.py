"""The one thing every command listener does: Slack payload -> core Request -> Answer -> ack."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from bot.adapters.base import Application
from bot.core import Channel, Request
from bot.core.answer import FAILED
from bot.logfields import quoted
from bot.render.slack import render_slack

log = logging.getLogger("newsbot.slack")


Listener = Callable[[AsyncAck, dict[str, Any]], Awaitable[None]]
LOGGED_FIELDS = (("command", "command"), ("workspace", "team_id"), ("channel", "channel_id"))


def request_fields(body: dict[str, Any]) -> str:
    """'command=… workspace=… channel=…' from a verified request, each value quoted and capped, so a
    field can neither forge a log line nor make a huge one."""
    return " ".join(f"{name}={quoted(body.get(key, ''))}" for name, key in LOGGED_FIELDS)


def to_request(command: dict[str, Any]) -> Request:
    """A core Request from a slash-command payload (HTTP form or Socket Mode envelope alike).

    No thread: Slack does not offer slash commands inside threads."""
    channel = Channel(
        platform="slack", workspace=str(command.get("team_id", "")), channel=str(command.get("channel_id", ""))
    )
    return Request(
        command=str(command.get("command", "")).lstrip("/"),
        text=str(command.get("text", "")),
        user=str(command.get("user_id", "")),
        channel=channel,
        can_manage=False,  # Slack says nothing about this in a slash command: users.info or an allow list, later
    )


def command_listener(app: Application, *, ephemeral: bool = False) -> Listener:
    """A Bolt listener that answers inside the ack. Whatever fails, the asker still gets an ack.

    Answers go to the channel unless `ephemeral` is set; errors, help and 'did you mean' answers
    (Answer.ephemeral) always go to the asker only.
    """

    async def answer_command(ack: AsyncAck, command: dict[str, Any]) -> None:
        async with app.work():
            try:
                answer = await app.answer(
                    to_request(command),
                    workspace=str(command.get("team_id", "")),
                    channel_name=str(command.get("channel_name", "")),
                )
                message = render_slack(answer)
                private = ephemeral or answer.ephemeral or not answer.ok
            except Exception:  # noqa: BLE001 - the asker gets a clear message; the log gets the traceback
                log.exception("slack command failed %s", request_fields(command))
                await ack(text=f"{FAILED.title}. {FAILED.lines[0]}", response_type="ephemeral")
                return
            await ack(text=message.text, blocks=message.blocks, response_type="ephemeral" if private else "in_channel")

    return answer_command
