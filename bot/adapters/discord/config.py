"""What the Discord adapter needs to know, as plain values (the runtime fills it from its settings)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DiscordConfig:
    """token: the bot token. guild_ids: sync commands to these servers (at once) instead of globally.
    api_url / gateway_url: another REST base (…/api/v10) or gateway websocket (a proxy, tests)."""

    token: str = field(repr=False)
    guild_ids: tuple[int, ...] = ()
    api_url: str | None = None
    gateway_url: str | None = None
