"""newsbot: sourced answers about the AI model race, for Slack, Discord and the console."""

__version__ = "0.1.0"
