"""Settings: environment variables first, then an optional YAML file, then defaults.

Every setting is an environment variable named as in the README's table. A secret may instead be
given as NAME_FILE (a path whose contents are the value), for Docker and Kubernetes secrets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from bot.errors import SettingsError

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "DATABASE_URL")
CONFIG_FILE_VARIABLE = "NEWSBOT_CONFIG"


class Settings(BaseModel):
    """All settings. Field names are the environment variable names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    CONTENT_DIR: Path = Field(Path("content"), description="Directory of content YAML files")
    DATABASE_URL: SecretStr = Field(SecretStr("sqlite:///data/newsbot.db"), description="SQLAlchemy database URL")
    HOST: str = Field("127.0.0.1", description="Address the HTTP server listens on (0.0.0.0 in the container)")
    PORT: int = Field(3000, ge=0, le=65535, description="Port of the HTTP server (health, metrics, Slack events); 0 picks a free one")
    TZ: str = Field("UTC", description="Time zone (IANA name, e.g. Europe/Berlin) for scheduled digests")
    HEADLINE_BENCHMARK: str = Field("intelligence-index", description="Benchmark /rank shows with no argument")
    LOG_FORMAT: Literal["text", "json"] = Field("text", description="text or json")
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level")
    CONSOLE: Literal["auto", "on", "off"] = Field("auto", description="Interactive console: auto = when no platform is configured and stdin is a terminal")
    SHUTDOWN_TIMEOUT: float = Field(10.0, gt=0, le=300, description="Seconds in-flight work gets on SIGTERM")
    RELOAD: bool = Field(True, description="Watch CONTENT_DIR and reload valid edits")
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

    @field_validator("DISCORD_GUILD_IDS", mode="before")
    @classmethod
    def _guild_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

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
        """Every secret's value (and the database password alone), so logs can redact them."""
        values = [v.get_secret_value() for name in SECRETS if (v := getattr(self, name)) is not None]
        password = _url_password(self.DATABASE_URL.get_secret_value())
        return [v for v in [*values, password] if v]


def _url_password(url: str) -> str | None:
    """The password inside a database URL, if any (`scheme://user:password@host/db`)."""
    credentials = urlsplit(url).netloc.rpartition("@")[0] if "://" in url else ""
    return unquote(credentials.partition(":")[2]) or None if ":" in credentials else None


def _from_file(path: str) -> dict[str, object]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:  # the message would quote the line, which may hold a secret
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise SettingsError(f"{CONFIG_FILE_VARIABLE}: {path} is not valid YAML (line {line})") from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{CONFIG_FILE_VARIABLE}: cannot read settings file {path}: {exc.__class__.__name__}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(f"{CONFIG_FILE_VARIABLE}: {path} must be a mapping of SETTING: value")
    return {str(key).upper(): value for key, value in data.items()}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (default os.environ); raises SettingsError naming the bad setting."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, object] = _from_file(env[CONFIG_FILE_VARIABLE]) if env.get(CONFIG_FILE_VARIABLE) else {}
    for name in Settings.model_fields:
        file_path = env.get(f"{name}_FILE")
        if name in SECRETS and file_path:
            try:
                values[name] = Path(file_path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{name}_FILE: cannot read {file_path}: {exc.__class__.__name__}") from None
        if env.get(name, "") != "":
            values[name] = env[name]
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise SettingsError(f"{unknown[0]}: unknown setting in the settings file")
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"]:  # a check across settings names its setting itself
            raise SettingsError(message) from None
        raise SettingsError(f"{error['loc'][0]}: {message}") from None
