"""Settings: environment over the YAML file over defaults; *_FILE secrets; redaction in logs."""

import io
import json
import logging

import pytest

from bot.errors import SettingsError
from bot.runtime.logs import REDACTED, JsonFormatter, RedactSecrets
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
    config.write_text('port: 1\nslack_bot_token: "xoxb-do-not-print\n')
    with pytest.raises(SettingsError, match=r"NEWSBOT_CONFIG: .* is not valid YAML \(line \d+\)") as caught:
        load_settings({"NEWSBOT_CONFIG": str(config)})
    assert "xoxb" not in str(caught.value)
    with pytest.raises(SettingsError, match="NEWSBOT_CONFIG: cannot read settings file"):
        load_settings({"NEWSBOT_CONFIG": str(tmp_path / "missing.yaml")})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN: missing"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN: missing"),
    ],
)
def test_half_configured_slack_is_refused(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


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


def test_redaction_covers_message_traceback_and_extra_fields():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecrets(["xoxb-123456"]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    try:
        logger.error("token is %s", "xoxb-123456", extra={"detail": "sent xoxb-123456"})
        try:
            raise RuntimeError("auth failed for xoxb-123456")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == f"token is {REDACTED}" and first["detail"] == f"sent {REDACTED}"
    assert "RuntimeError" in second["exception"] and "xoxb-123456" not in stream.getvalue()


def test_database_password_alone_is_a_secret():
    settings = load_settings({"DATABASE_URL": "postgresql://bot:hunter2@db:5432/newsbot"})
    assert "hunter2" in settings.secret_values()
