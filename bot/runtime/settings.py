"""Settings: environment variables first, then an optional YAML file, then defaults.

Every setting is an environment variable named as in the README's table. A secret may instead be
given as NAME_FILE (a path whose contents are the value), for Docker and Kubernetes secrets, never both.
The generic names (HOST, PORT...) may be given as NEWSBOT_HOST, NEWSBOT_PORT..., which win. Where values
come from is bot.runtime.config's business; this module checks them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from bot.core.chart_policy import ChartPolicy
from bot.errors import SettingsError
from bot.runtime.config import SECRETS, closest, setting_values, source_variable, url_passwords
from bot.runtime.feeds.guard import Network, allowance


class Settings(BaseModel):
    """All settings. Field names are the environment variable names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    CONTENT_DIR: Path = Field(Path("content"), description="Directory of content YAML files")
    DATABASE_URL: SecretStr = Field(SecretStr("sqlite:///data/newsbot.db"), description="SQLAlchemy database URL")
    HOST: str = Field("127.0.0.1", description="Address the HTTP server listens on; the image sets 0.0.0.0")
    PORT: int = Field(3000, ge=0, le=65535, description="Port of the HTTP server (health, metrics, Slack events); 0 picks a free one")
    TZ: str = Field("UTC", description="Time zone (IANA name, e.g. Europe/Berlin) for scheduled digests")
    HEADLINE_BENCHMARK: str = Field("intelligence-index", description="Benchmark /rank shows with no argument")
    LOG_FORMAT: Literal["text", "json"] = Field("text", description="Log format: text, or json (one object per line)")
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Log level: DEBUG, INFO, WARNING or ERROR"
    )
    CONSOLE: Literal["auto", "on", "off"] = Field("auto", description="Interactive console: auto = when no platform is configured and stdin is a terminal")
    SHUTDOWN_TIMEOUT: float = Field(8.0, gt=0, le=300, description="Seconds in-flight work gets on SIGTERM")
    RELOAD: bool = Field(True, description="Watch CONTENT_DIR and reload valid edits")
    PLATFORM_DOWN_LIMIT: float = Field(
        300.0, gt=0, le=86400, description="Seconds a configured platform may stay disconnected before /healthz fails"
    )
    LEASE_TIMEOUT: float = Field(
        15.0, ge=1, le=300,
        description="Seconds after a replica's last heartbeat before a stand-by takes over Discord's gateway from it",
    )
    DIGEST_GRACE: float = Field(
        21600.0, ge=0, le=7 * 86400, description="Seconds a digest slot missed while down is still delivered at start"
    )
    DIGEST_EMPTY: Literal["skip", "post"] = Field("skip", description="A digest with nothing new: skip it or post it")
    DIGEST_TOP_N: int = Field(5, ge=1, le=25, description="Headline leaderboard entries in a digest (1-25)")
    CHARTS: ChartPolicy = Field(
        "auto", description="Charts on /rank and /compare: auto = on Discord, or when asked; always; never"
    )
    DIGEST_CHART: bool = Field(False, description="Digests carry the headline leaderboard as a chart")
    DIGEST_MANAGERS: tuple[str, ...] = Field((), description="Comma-separated user ids who may manage digests anywhere")
    FEED_INTERVAL: float = Field(900.0, ge=300, le=86400, description="Seconds between two polls of a news feed (300 at least)")
    FEED_MAX_FAILURES: int = Field(
        10, ge=1, le=1000, description="Consecutive failed polls after which a feed is disabled until reload or retry"
    )
    FEED_RETENTION_DAYS: int = Field(90, ge=1, le=3650, description="Days feed items are kept (by their date)")
    FEED_ALLOW_PRIVATE: tuple[Network, ...] = Field(
        (), description="Comma-separated internal addresses or CIDRs feeds may reach (e.g. 10.0.0.0/8,127.0.0.1); none by default"
    )
    SLACK_BOT_TOKEN: SecretStr | None = Field(None, description="Slack bot token (xoxb-...)")
    SLACK_SIGNING_SECRET: SecretStr | None = Field(None, description="Slack signing secret (HTTP mode)")
    SLACK_APP_TOKEN: SecretStr | None = Field(None, description="Slack app-level token (xapp-...): Socket Mode")
    SLACK_API_URL: str | None = Field(None, description="Override of the Slack Web API base URL")
    SLACK_EPHEMERAL: bool = Field(False, description="Answer only the asker instead of the channel")
    DISCORD_TOKEN: SecretStr | None = Field(None, description="Discord bot token")
    DISCORD_GUILD_IDS: tuple[int, ...] = Field((), description="Comma-separated guild ids to sync commands to at once")
    DISCORD_API_URL: str | None = Field(None, description="Override of the Discord REST base URL (…/api/v10)")
    DISCORD_GATEWAY_URL: str | None = Field(None, description="Override of the Discord gateway websocket URL")

    @field_validator("TZ")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("DISCORD_GUILD_IDS", "DIGEST_MANAGERS", mode="before")
    @classmethod
    def _guild_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("FEED_ALLOW_PRIVATE", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        return allowance(value) if isinstance(value, (str, list, tuple)) else value

    @model_validator(mode="after")
    def _complete_slack(self) -> Settings:
        if self.SLACK_BOT_TOKEN is None and (self.SLACK_APP_TOKEN or self.SLACK_SIGNING_SECRET):
            raise ValueError("SLACK_BOT_TOKEN: missing; Slack needs it with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET")
        if self.SLACK_BOT_TOKEN is not None and not (self.SLACK_APP_TOKEN or self.SLACK_SIGNING_SECRET):
            raise ValueError(
                "SLACK_APP_TOKEN: missing; Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)"
            )
        return self

    @property
    def slack_configured(self) -> bool:
        return self.SLACK_BOT_TOKEN is not None and (
            self.SLACK_APP_TOKEN is not None or self.SLACK_SIGNING_SECRET is not None
        )

    @property
    def discord_configured(self) -> bool:
        return self.DISCORD_TOKEN is not None

    def secret_values(self) -> list[str]:
        """Every secret's value, so logs can redact them: the tokens, and of DATABASE_URL its passwords alone
        (`user:PASSWORD@`, libpq's `?password=`): the rest of the URL says where the database is, which a log
        may tell."""
        tokens = [name for name in SECRETS if name != "DATABASE_URL"]
        values = [v.get_secret_value() for name in tokens if (v := getattr(self, name)) is not None]
        return [v for v in [*values, *url_passwords(self.DATABASE_URL.get_secret_value())] if v]


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (default os.environ); raises SettingsError naming the bad setting."""
    environ = os.environ if environ is None else environ
    values = setting_values(Settings.model_fields, environ)
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        match = closest(unknown[0], Settings.model_fields)
        meant = f"; did you mean {match}?" if match else ""
        raise SettingsError(f"{unknown[0]}: unknown setting in the settings file{meant}")
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"]:  # a check across settings names its setting itself
            raise SettingsError(message) from None
        raise SettingsError(f"{source_variable(str(error['loc'][0]), environ)}: {message}") from None
