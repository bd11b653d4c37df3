"""The exceptions newsbot raises on purpose. Every one derives from NewsbotError:

* NewsbotError
  + ContentError: the content directory cannot be served (`problems`: ContentProblem, each reason)
  + SettingsError: a setting is missing or invalid
  + StartupError: `newsbot run` cannot start
  + ScheduleError: a digest schedule cannot be used
  + StoreError: the database cannot be used now
  + FeedError: a feed could not be polled
  + TokenRefused: a chat platform refused newsbot's own token (any call: start, posts, uploads, lookups)
  + PostError: a post to a channel failed
    - ChannelGone: the channel no longer exists
    - NoAccess: the bot may not post there
    - RateLimited: wait `retry_after` seconds

A message names what to fix (a setting, a file and line) or the platform's own error code, never a secret.
"""

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
    "TokenRefused",
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


class TokenRefused(NewsbotError):
    """A chat platform refused newsbot's own token (revoked, invalid, its account deactivated): nothing done
    with it can work until an operator sets a valid one and restarts newsbot, so nothing is retried.

    `platform` ('Slack'), `setting` (the variable to fix, 'SLACK_BOT_TOKEN') and `code` (the platform's own
    answer, 'token_revoked' or 'HTTP 401'); the message names all three and never the token."""

    def __init__(self, platform: str, setting: str, code: str) -> None:
        super().__init__(f"{platform} refused {setting} ({code}): set a valid token and restart newsbot")
        self.platform = platform
        self.setting = setting
        self.code = code
