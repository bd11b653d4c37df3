"""Settings: environment over the YAML file over defaults; *_FILE secrets; redaction in logs."""

import logging

import pytest

from bot.errors import SettingsError
from bot.runtime.logs import REDACTED, RedactSecrets
from bot.runtime.settings import load_settings


def test_defaults():
    settings = load_settings({})
    assert settings.PORT == 3000 and settings.TZ == "UTC" and settings.LOG_FORMAT == "text"
    assert not settings.slack_configured and not settings.discord_configured


def test_environment_beats_settings_file(tmp_path):
    config = tmp_path / "newsbot.yaml"
    config.write_text("port: 8080\nlog_format: json\nheadline_benchmark: gdpval\n")
    settings = load_settings({"NEWSBOT_CONFIG": str(config), "PORT": "9090"})
    assert settings.PORT == 9090 and settings.LOG_FORMAT == "json" and settings.HEADLINE_BENCHMARK == "gdpval"


def test_settings_file_problems(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("colour: blue\n")
    with pytest.raises(SettingsError, match="COLOUR: unknown setting"):
        load_settings({"NEWSBOT_CONFIG": str(config)})
    config.write_text("port: [\n")
    with pytest.raises(SettingsError, match="NEWSBOT_CONFIG: cannot read settings file"):
        load_settings({"NEWSBOT_CONFIG": str(config)})


def test_secret_files(tmp_path):
    (tmp_path / "token").write_text("xoxb-from-file\n")
    (tmp_path / "secret").write_text("s3cr3t")
    settings = load_settings({"SLACK_BOT_TOKEN_FILE": str(tmp_path / "token"),
                              "SLACK_SIGNING_SECRET_FILE": str(tmp_path / "secret")})
    assert settings.SLACK_BOT_TOKEN.get_secret_value() == "xoxb-from-file"
    assert settings.slack_configured
    assert "xoxb-from-file" not in repr(settings) and "s3cr3t" not in str(settings)
    assert set(settings.secret_values()) >= {"xoxb-from-file", "s3cr3t"}


def test_guild_ids():
    assert load_settings({"DISCORD_GUILD_IDS": "1, 22,333"}).DISCORD_GUILD_IDS == (1, 22, 333)
    with pytest.raises(SettingsError, match="DISCORD_GUILD_IDS"):
        load_settings({"DISCORD_GUILD_IDS": "12,abc"})


def test_redaction_filter(caplog):
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactSecrets(["xoxb-123456"]))
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("token is %s", "xoxb-123456")
    assert caplog.records[0].getMessage() == f"token is {REDACTED}"
