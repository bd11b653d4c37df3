"""What the Slack adapter needs to know, as plain values (the runtime fills it from its settings)."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class SlackConfig:
    """bot_token: xoxb-…. app_token (xapp-…) selects Socket Mode; otherwise HTTP mode needs
    signing_secret. api_url: another Web API base (a proxy, tests). ephemeral: answer only the asker."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str | None = None
    ephemeral: bool = False

    @property
    def socket_mode(self) -> bool:
        """True with an app-level token: Slack sends events over a websocket, no public URL needed."""
        return self.app_token is not None

    @property
    def web_api_url(self) -> str:
        """`api_url` (or Slack's own) with the trailing '/' the SDK needs to append method names."""
        return (self.api_url or DEFAULT_API_URL).rstrip("/") + "/"
