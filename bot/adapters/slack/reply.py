"""What every command listener does: Slack payload -> core Request -> Answer -> reply.

Most commands are answered inside the ack (the reply is the HTTP response or the Socket Mode ack
itself: the fast path). A `blocking` command gets an empty ack at once, and its answer follows through
the payload's response_url (Bolt's `respond()`), so waiting on a database or a platform never runs
into Slack's 3 s limit. For a `for_managers` command, users.info first says whether the asker is a
workspace admin or owner (bot.adapters.slack.managers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.adapters.base import Application
from bot.core import Channel, Request
from bot.core.answer import FAILED
from bot.logfields import quoted
from bot.render.slack import render_slack

log = logging.getLogger("newsbot.slack")

Listener = Callable[..., Awaitable[None]]
Reply = dict[str, Any]
IsManager = Callable[[str, str], Awaitable[bool]]
"""(workspace, user) -> whether the user may manage the workspace's channels (never raises)."""
LOGGED_FIELDS = (("command", "command"), ("workspace", "team_id"), ("channel", "channel_id"))
FAILED_REPLY: Reply = {"text": f"{FAILED.title}. {FAILED.lines[0]}", "response_type": "ephemeral"}


def request_fields(body: dict[str, Any]) -> str:
    """'command=… workspace=… channel=…' from a verified request, each value quoted and capped, so a
    field can neither forge a log line nor make a huge one."""
    return " ".join(f"{name}={quoted(body.get(key, ''))}" for name, key in LOGGED_FIELDS)


def to_request(command: dict[str, Any], can_manage: bool = False) -> Request:
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
        can_manage=can_manage,
    )


class Replies:
    """Builds the command listeners. Answers go to the channel unless `ephemeral` is set; errors, help
    and 'did you mean' answers (Answer.ephemeral) always go to the asker only. Whatever fails, the
    asker still gets an ack, and a clear message."""

    def __init__(self, app: Application, managers: IsManager, *, ephemeral: bool = False) -> None:
        self.app = app
        self.managers = managers
        self.ephemeral = ephemeral
        self.pending: set[asyncio.Task[None]] = set()
        """Answers of blocking commands still on their way (cancelled by `stop`)."""

    def listener(self, *, blocking: bool = False, for_managers: bool = False) -> Listener:
        """A Bolt listener for commands that are (or are not) `blocking` and `for_managers`."""
        if blocking:
            return self._ack_then_respond(for_managers)

        async def answer_command(ack: AsyncAck, command: dict[str, Any]) -> None:
            async with self.app.work():
                await ack(**await self.reply(command, for_managers))

        return answer_command

    async def reply(self, command: dict[str, Any], for_managers: bool = False) -> Reply:
        """The reply to `command` as keyword arguments for ack() or respond()."""
        try:
            workspace = str(command.get("team_id", ""))
            can_manage = for_managers and await self.managers(workspace, str(command.get("user_id", "")))
            answer = await self.app.answer(
                to_request(command, can_manage), workspace=workspace, channel_name=str(command.get("channel_name", ""))
            )
            message = render_slack(answer)
        except Exception:  # noqa: BLE001 - the asker gets a clear message; the log gets the traceback
            log.exception("slack command failed %s", request_fields(command))
            return FAILED_REPLY
        private = self.ephemeral or answer.ephemeral or not answer.ok
        kind = "ephemeral" if private else "in_channel"
        return {"text": message.text, "blocks": message.blocks, "response_type": kind}

    def _ack_then_respond(self, for_managers: bool) -> Listener:
        async def ack_then_respond(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond | None) -> None:
            if respond is None:  # no response_url to answer through later: answer in the ack after all
                async with self.app.work():
                    await ack(**await self.reply(command, for_managers))
                return
            work = contextlib.AsyncExitStack()  # held from before the ack until the answer is sent
            await work.enter_async_context(self.app.work())
            try:
                await ack()
            except BaseException:
                await work.aclose()
                raise
            task = asyncio.create_task(self._respond(work, command, respond, for_managers))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

        return ack_then_respond

    async def _respond(
        self, work: contextlib.AsyncExitStack, command: dict[str, Any], respond: AsyncRespond, for_managers: bool
    ) -> None:
        async with work:
            reply = await self.reply(command, for_managers)
            try:
                response = await respond(**reply)
            except Exception as error:  # noqa: BLE001 - nothing more can reach the asker; the log says so
                log.warning("slack respond() failed (%s) %s: the answer did not reach the asker",
                            type(error).__name__, request_fields(command))
                return
            if response.status_code != 200:
                log.warning("slack respond() refused: HTTP %s %s %s", response.status_code, quoted(response.body),
                            request_fields(command))

    async def stop(self) -> None:
        """Cancel answers still on their way (the runtime has already given them SHUTDOWN_TIMEOUT)."""
        for task in list(self.pending):
            task.cancel()
        await asyncio.gather(*self.pending, return_exceptions=True)
