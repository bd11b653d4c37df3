"""newsbot's own token for a platform, and whether the platform refuses it (bot.adapters.base.Platform.refused)."""

from __future__ import annotations

import logging

from bot.errors import TokenRefused


class Token:
    """One of newsbot's tokens for `platform` ('Slack'), set by `setting` ('SLACK_BOT_TOKEN'), and whether the
    platform refuses it. The adapter reports each refusal it sees, on any call (`refuse`): the first one is
    logged to `log`, one ERROR line naming the setting (never the token), and from then on `use` raises
    TokenRefused instead of handing the token out, until newsbot restarts with a valid one: a platform takes
    back neither a revoked token nor an invalid one, and some (Discord) count every refused call against the
    bot."""

    def __init__(self, platform: str, setting: str, value: str, log: logging.Logger) -> None:
        self.platform = platform
        self.setting = setting
        self._value = value
        self._log = log
        self._code: str | None = None

    def __repr__(self) -> str:
        return f"Token({self.setting})"

    @property
    def refused(self) -> TokenRefused | None:
        """The refusal (a new exception each time, ready to raise) while the platform refuses the token."""
        return None if self._code is None else TokenRefused(self.platform, self.setting, self._code)

    def use(self) -> str:
        """The token, for a call; raises TokenRefused once the platform has refused it."""
        if (refused := self.refused) is not None:
            raise refused
        return self._value

    def refuse(self, code: str, call: str) -> TokenRefused:
        """Record that the platform refused the token, answering `call` with `code` (logged the first time);
        the error to raise."""
        if self._code is None:
            self._code = code
            self._log.error("%s: %s", call, self.refused)
        return TokenRefused(self.platform, self.setting, self._code)
