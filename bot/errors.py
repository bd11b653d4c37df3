"""The exceptions newsbot raises on purpose. Every one derives from NewsbotError."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "NewsbotError",
    "ChannelGone",
    "ContentError",
    "ContentProblem",
    "FeedError",
    "NoAccess",
    "PostError",
    "RateLimited",
    "ScheduleError",
    "SettingsError",
    "StartupError",
    "StoreError",
]


class NewsbotError(Exception):
    """Base class for every error newsbot raises deliberately."""


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in the content: where it is and what it is."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(NewsbotError):
    """The content directory cannot be served; `problems` lists every reason."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} content problem(s); first: {problems[0] if problems else '-'}")


class SettingsError(NewsbotError):
    """A setting is missing or invalid; the message names the setting."""


class StartupError(NewsbotError):
    """`newsbot run` cannot start; the message names the setting to check."""


class ScheduleError(NewsbotError):
    """A digest schedule cannot be used; the message says why and gives examples."""


class StoreError(NewsbotError):
    """The database cannot be used now; the message says why, never with the password."""


class PostError(NewsbotError):
    """A post to a channel failed; the message gives the platform's own error code."""


class ChannelGone(PostError):
    """The channel no longer exists or was archived (Slack channel_not_found or is_archived; Discord 10003)."""


class NoAccess(PostError):
    """The bot may not post there (Slack not_in_channel; Discord 50001 Missing Access, 50013 Missing Permissions)."""


class RateLimited(PostError):
    """The platform asks the bot to wait `retry_after` seconds before posting again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FeedError(NewsbotError):
    """A feed could not be polled; the message is the reason operators see. `disable`: the feed is gone
    (404, 410) and is disabled at once. `retry_at`: the server asked not to be polled before then (UTC)."""

    def __init__(self, reason: str, *, disable: bool = False, retry_at: dt.datetime | None = None) -> None:
        super().__init__(reason)
        self.disable = disable
        self.retry_at = retry_at
