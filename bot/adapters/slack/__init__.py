"""Slack adapter on slack-bolt's AsyncApp: Socket Mode or HTTP (`POST /slack/events`)."""

from bot.adapters.slack.platform import SlackPlatform

__all__ = ["SlackPlatform"]
