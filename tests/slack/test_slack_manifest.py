"""The app manifest and docs agree with the core's commands and the adapter's settings."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.adapters.slack.platform import EVENTS_PATH
from bot.core.commands import default_registry

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_lists_every_core_command_with_its_usage() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))
    listed = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    core = {f"/{c.name}": c for c in default_registry()}
    assert listed.keys() == core.keys()
    for name, command in core.items():
        assert listed[name]["description"] == command.summary
        assert len(listed[name]["description"]) <= 100
        assert listed[name].get("usage_hint", "") == command.usage.removeprefix(name).strip()
        assert listed[name]["should_escape"] is False
    # replies ride on the ack; posting to a channel on the bot's own initiative needs chat:write,
    # commands for managers ask users.info whether the asker is a workspace admin or owner, and charts
    # are uploaded as files
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert scopes == ["commands", "chat:write", "users:read", "files:write"]
    assert any(command.charts for command in core.values())  # else files:write would be asked for nothing
    assert any(command.for_managers for command in core.values())  # else users:read would be asked for nothing
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_docs_name_the_settings_and_endpoint_the_code_uses() -> None:
    docs = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    manifest = (ROOT / "slack-manifest.yaml").read_text(encoding="utf-8")
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_EPHEMERAL", "SLACK_API_URL",
                 "PORT", "connections:write", "chat:write", "users:read", "files:write", "CHARTS", "nochart",
                 "/rank", "/digest"):
        assert name in docs
    assert EVENTS_PATH in docs and EVENTS_PATH in manifest
