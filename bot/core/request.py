"""Request: what an adapter hands the core, whatever the platform."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Channel:
    """Where a command was typed, or where a post goes.

    platform: 'slack', 'discord', 'console' or 'cli'. workspace: Slack team id or Discord guild id
    ('' in a DM or the console). channel: the channel id. thread: a Slack thread ts or Discord thread
    id when the command came from one, else ''.
    """

    platform: str = "console"
    workspace: str = ""
    channel: str = ""
    thread: str = ""

    def __str__(self) -> str:
        """One token for logs: 'workspace/channel[/thread]', or the platform alone in the console."""
        parts = [part for part in (self.workspace, self.channel, self.thread) if part]
        return "/".join(parts) or self.platform


@dataclass(frozen=True)
class Request:
    """One command invocation.

    command: name without the slash ('rank'). text: the raw argument text, as typed.
    options: structured options when the platform has them (Discord), by option name.
    user: who asked. channel: where. can_manage: whether the asker may manage that channel (changing
    what the channel receives, such as digests), as the platform says. page: which page of a long
    answer to return, from 1. pictures: how the asker's platform shows a chart: 'inline' (inside the
    answer), 'upload' (a separate file) or '' (not at all). created: when the platform created this
    request (aware), where it says so in a way every copy of the request shares; work keyed by it, such as
    posting a digest now, then happens once however many times the request arrives. None elsewhere.
    """

    command: str
    text: str = ""
    options: Mapping[str, str | int] = field(default_factory=dict)
    user: str = ""
    channel: Channel = field(default_factory=Channel)
    can_manage: bool = False
    page: int = 1
    pictures: str = ""
    created: dt.datetime | None = None

    @property
    def platform(self) -> str:
        """The platform the request came from (the channel's)."""
        return self.channel.platform

    @classmethod
    def parse(cls, line: str, **fields: object) -> Request:
        """Split a typed line such as '/rank hle top 3' into a Request; `fields` set the others by name."""
        stripped = line.strip()
        head, _, rest = stripped.partition(" ")
        return cls(command=head.lstrip("/").lower(), text=rest.strip(), **fields)  # type: ignore[arg-type]
