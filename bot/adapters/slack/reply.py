"""What every command listener does: Slack payload -> core Request -> Answer -> reply, then its chart.

Most commands are answered inside the ack (the reply is the HTTP response or the Socket Mode ack
itself: the fast path). A `blocking` command gets an empty ack at once, and its answer follows through
the payload's response_url (Bolt's `respond()`), so waiting on a database or a platform never runs
into Slack's 3 s limit. For a `for_managers` command, users.info first says whether the asker is a
workspace admin or owner (bot.adapters.slack.managers). An answer to the channel that carries a chart
is followed by the chart as a file, uploaded in the background: the ack never waits for drawing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.adapters.base import Application
from bot.core import Channel, Request
from bot.core.answer import FAILED
from bot.core.chart import Chart
from bot.logfields import quoted
from bot.render.slack import render_slack

log = logging.getLogger("newsbot.slack")

Listener = Callable[..., Awaitable[None]]
Reply = dict[str, Any]
IsManager = Callable[[str, str], Awaitable[bool]]
"""(workspace, user) -> whether the user may manage the workspace's channels (never raises)."""
Upload = Callable[[Channel, Chart], Awaitable[str | None]]
"""(channel, chart) -> None once uploaded (or when it could not be drawn), else Slack's error code (logged)."""
LOGGED_FIELDS = (("command", "command"), ("workspace", "team_id"), ("channel", "channel_id"))
FAILED_REPLY: Reply = {"text": f"{FAILED.title}. {FAILED.lines[0]}", "response_type": "ephemeral"}
NOT_A_MEMBER = "The chart could not be posted: newsbot is not in this conversation. Add it with `/invite @newsbot`."
UPLOAD_HINTS = {
    "not_in_channel": NOT_A_MEMBER,
    "channel_not_found": NOT_A_MEMBER,
    "missing_scope": "The chart could not be posted: the app lacks the files:write scope. "
                     "An admin can reinstall it from slack-manifest.yaml.",
    "file_uploads_disabled": "The chart could not be posted: this workspace does not allow file uploads.",
}
"""What the asker is told, privately, when a chart upload fails in a way someone can fix."""


def request_fields(body: dict[str, Any]) -> str:
    """'command=… workspace=… channel=…' from a verified request, each value quoted and capped, so a
    field can neither forge a log line nor make a huge one."""
    return " ".join(f"{name}={quoted(body.get(key, ''))}" for name, key in LOGGED_FIELDS)


def channel_of(command: dict[str, Any]) -> Channel:
    """Where a slash command was typed. No thread: Slack does not offer slash commands inside threads."""
    workspace, channel = str(command.get("team_id", "")), str(command.get("channel_id", ""))
    return Channel(platform="slack", workspace=workspace, channel=channel)


def to_request(command: dict[str, Any], can_manage: bool = False, pictures: str = "upload") -> Request:
    """A core Request from a slash-command payload (HTTP form or Socket Mode envelope alike). `pictures`:
    'upload' (Slack shows a chart as a file of its own), or '' where none can be shown."""
    return Request(
        command=str(command.get("command", "")).lstrip("/"),
        text=str(command.get("text", "")),
        user=str(command.get("user_id", "")),
        channel=channel_of(command),
        can_manage=can_manage,
        pictures=pictures,
    )


class Replies:
    """Builds the command listeners. Answers go to the channel unless `ephemeral` is set; errors, help
    and 'did you mean' answers (Answer.ephemeral) always go to the asker only. Whatever fails, the
    asker still gets an ack, and a clear message. Charts are uploaded with `upload`, only into the channel
    (a file cannot be ephemeral), so with `ephemeral` set the core is told no picture can be shown."""

    def __init__(self, app: Application, managers: IsManager, upload: Upload, *, ephemeral: bool = False) -> None:
        self.app = app
        self.managers = managers
        self.upload = upload
        self.ephemeral = ephemeral
        self.pending: set[asyncio.Task[None]] = set()
        """Answers of blocking commands and charts still on their way (cancelled by `stop`)."""

    def listener(self, *, blocking: bool = False, for_managers: bool = False) -> Listener:
        """A Bolt listener for commands that are (or are not) `blocking` and `for_managers`."""
        if blocking:
            return self._ack_then_respond(for_managers)

        async def answer_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond | None) -> None:
            await self._answer_in_ack(ack, command, respond, for_managers)

        return answer_command

    async def reply(self, command: dict[str, Any], for_managers: bool = False) -> tuple[Reply, Chart | None]:
        """The reply to `command` as keyword arguments for ack() or respond(), and the chart to upload
        after it (only for an answer that goes to the channel)."""
        try:
            workspace = str(command.get("team_id", ""))
            can_manage = for_managers and await self.managers(workspace, str(command.get("user_id", "")))
            request = to_request(command, can_manage, "" if self.ephemeral else "upload")
            channel_name = str(command.get("channel_name", ""))
            answer = await self.app.answer(request, workspace=workspace, channel_name=channel_name)
            message = render_slack(answer)
        except Exception:  # noqa: BLE001 - the asker gets a clear message; the log gets the traceback
            log.exception("slack command failed %s", request_fields(command))
            return FAILED_REPLY, None
        private = self.ephemeral or answer.ephemeral or not answer.ok
        kind = "ephemeral" if private else "in_channel"
        reply = {"text": message.text, "blocks": message.blocks, "response_type": kind}
        return reply, None if private else answer.chart

    async def chart_later(
        self, channel: Channel, chart: Chart, command: dict[str, Any] | None = None, respond: AsyncRespond | None = None
    ) -> None:
        """Upload `chart` into `channel` in a background task that counts as work in flight from now on
        (a graceful stop waits for it; `stop` cancels it). With the slash `command` it follows and its
        `respond`, the asker is told privately when the bot may not upload there (UPLOAD_HINTS)."""
        work = contextlib.AsyncExitStack()
        await work.enter_async_context(self.app.work())
        self._later(self._chart(work, channel, chart, command, respond))

    async def stop(self) -> None:
        """Cancel answers and charts still on their way (the runtime has already given them SHUTDOWN_TIMEOUT)."""
        for task in list(self.pending):
            task.cancel()
        await asyncio.gather(*self.pending, return_exceptions=True)

    async def _answer_in_ack(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond | None, for_managers: bool
    ) -> None:
        async with self.app.work():
            reply, chart = await self.reply(command, for_managers)
            await ack(**reply)
            if chart is not None:
                await self.chart_later(channel_of(command), chart, command, respond)

    def _ack_then_respond(self, for_managers: bool) -> Listener:
        async def ack_then_respond(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond | None) -> None:
            if respond is None:  # no response_url to answer through later: answer in the ack after all
                await self._answer_in_ack(ack, command, respond, for_managers)
                return
            work = contextlib.AsyncExitStack()  # held from before the ack until the answer is sent
            await work.enter_async_context(self.app.work())
            try:
                await ack()
            except BaseException:
                await work.aclose()
                raise
            self._later(self._respond(work, command, respond, for_managers))

        return ack_then_respond

    def _later(self, job: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(job)
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _respond(
        self, work: contextlib.AsyncExitStack, command: dict[str, Any], respond: AsyncRespond, for_managers: bool
    ) -> None:
        async with work:
            reply, chart = await self.reply(command, for_managers)
            if await self._send(respond, reply, command) and chart is not None:
                await self._upload(channel_of(command), chart, command, respond)

    async def _chart(
        self, work: contextlib.AsyncExitStack, channel: Channel, chart: Chart, command: dict[str, Any] | None,
        respond: AsyncRespond | None,
    ) -> None:
        async with work:
            await self._upload(channel, chart, command, respond)

    async def _upload(
        self, channel: Channel, chart: Chart, command: dict[str, Any] | None, respond: AsyncRespond | None
    ) -> None:
        hint = UPLOAD_HINTS.get(await self.upload(channel, chart) or "")
        if hint is not None and command is not None and respond is not None:
            await self._send(respond, {"text": hint, "response_type": "ephemeral"}, command)

    async def _send(self, respond: AsyncRespond, reply: Reply, command: dict[str, Any]) -> bool:
        """`reply` through response_url; True if Slack took it (a failure is logged: nothing more can reach
        the asker)."""
        try:
            response = await respond(**reply)
        except Exception as error:  # noqa: BLE001 - nothing more can reach the asker; the log says so
            log.warning("slack respond() failed (%s) %s: the answer did not reach the asker",
                        type(error).__name__, request_fields(command))
            return False
        if response.status_code != 200:
            log.warning("slack respond() refused: HTTP %s %s %s", response.status_code, quoted(response.body),
                        request_fields(command))
            return False
        return True
