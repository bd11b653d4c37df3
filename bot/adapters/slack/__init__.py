"""Slack adapter on slack-bolt's AsyncApp: Socket Mode or HTTP (`POST /slack/events`)."""

from bot.adapters.slack.config import SlackConfig
from bot.adapters.slack.platform import SlackPlatform

__all__ = ["SlackConfig", "SlackPlatform"]
