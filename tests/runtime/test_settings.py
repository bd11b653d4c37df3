"""Settings: environment over the YAML file over defaults; *_FILE secrets; NEWSBOT_ names; typo warnings;
redaction in logs."""

import io
import json
import logging

import pytest

from bot.errors import SettingsError
from bot.runtime.config import misnamed
from bot.runtime.logs import REDACTED, JsonFormatter, RedactSecrets
from bot.runtime.settings import Settings, load_settings


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
    with pytest.raises(SettingsError, match="COLOUR: unknown setting in the settings file$"):
        load_settings({"NEWSBOT_CONFIG": str(config)})
    config.write_text("digest_topn: 3\n")
    with pytest.raises(SettingsError, match="DIGEST_TOPN: unknown setting in the settings file; did you mean DIGEST_TOP_N"):
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
    handler.addFilter(RedactSecrets(["xoxb-1234-5678-abcdefgh"]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    try:
        logger.error("token is %s", "xoxb-1234-5678-abcdefgh", extra={"detail": "sent xoxb-1234-5678-abcdefgh"})
        try:
            raise RuntimeError("auth failed for xoxb-1234-5678-abcdefgh")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == f"token is {REDACTED}" and first["detail"] == f"sent {REDACTED}"
    assert "RuntimeError" in second["exception"] and "xoxb-1234-5678-abcdefgh" not in stream.getvalue()


def test_database_password_alone_is_a_secret():
    settings = load_settings({"DATABASE_URL": "postgresql://bot:hunter2@db:5432/newsbot"})
    assert "hunter2" in settings.secret_values()


def test_a_secret_and_its_file_together_are_refused_but_an_empty_one_gives_way(tmp_path):
    (tmp_path / "token").write_text("from-file")
    both = {"DISCORD_TOKEN": "from-env", "DISCORD_TOKEN_FILE": str(tmp_path / "token")}
    with pytest.raises(SettingsError, match="^DISCORD_TOKEN_FILE: DISCORD_TOKEN is set too; set only one of them$"):
        load_settings(both)
    assert load_settings({**both, "DISCORD_TOKEN": ""}).DISCORD_TOKEN.get_secret_value() == "from-file"
    assert load_settings({**both, "DISCORD_TOKEN_FILE": ""}).DISCORD_TOKEN.get_secret_value() == "from-env"


def test_newsbot_names_for_the_generic_settings(tmp_path):
    settings = load_settings({"NEWSBOT_HOST": "0.0.0.0", "HOST": "10.0.0.1", "NEWSBOT_PORT": "8080", "PORT": "1",
                              "NEWSBOT_CONSOLE": "off", "NEWSBOT_RELOAD": "false", "NEWSBOT_CHARTS": "never"})
    assert (settings.HOST, settings.PORT, settings.CONSOLE, settings.RELOAD, settings.CHARTS) == (
        "0.0.0.0", 8080, "off", False, "never")
    assert load_settings({"NEWSBOT_PORT": "", "PORT": "9000"}).PORT == 9000
    assert load_settings({"NEWSBOT_PORT": "tcp://10.96.0.7:3000", "PORT": "9000"}).PORT == 9000
    with pytest.raises(SettingsError, match="^NEWSBOT_CHARTS: "):
        load_settings({"NEWSBOT_CHARTS": "sometimes"})
    with pytest.raises(SettingsError, match="^CHARTS: "):
        load_settings({"CHARTS": "sometimes"})
    config = tmp_path / "newsbot.yaml"
    config.write_text("newsbot_port: 8081\n")
    assert load_settings({"NEWSBOT_CONFIG": str(config)}).PORT == 8081


ORDINARY = (
    "PATH HOME HOSTNAME PYTHONPATH TERM SHELL USER LOGNAME LANG LC_ALL PWD OLDPWD SHLVL EDITOR PAGER DISPLAY TMPDIR "
    "TMUX COLORTERM SSH_AUTH_SOCK XDG_RUNTIME_DIR VIRTUAL_ENV PYTHONUNBUFFERED PYTHONDONTWRITEBYTECODE PYTHONHASHSEED "
    "PIP_NO_CACHE_DIR PYTHON_VERSION PYTHON_SHA256 GPG_KEY container HOSTTYPE COLUMNS LINES HTTP_PROXY HTTPS_PROXY "
    "NO_PROXY http_proxy SSL_CERT_FILE REQUESTS_CA_BUNDLE CI GITHUB_TOKEN KUBERNETES_SERVICE_HOST "
    "KUBERNETES_SERVICE_PORT KUBERNETES_PORT NEWSBOT_SERVICE_HOST NEWSBOT_SERVICE_PORT NEWSBOT_PORT_3000_TCP "
    "NEWSBOT_PORT_3000_TCP_ADDR NEWSBOT_PORT_3000_TCP_PORT NEWSBOT_TEST_POSTGRES_URL PGHOST PGPORT PGUSER PGPASSWORD "
    "PGDATABASE POSTGRES_PASSWORD TZDIR PYTEST_CURRENT_TEST LD_LIBRARY_PATH SERVER_PORT DB_HOST REDIS_URL PORTAL"
).split()


def test_typo_warnings_name_the_setting_and_leave_ordinary_variables_alone():
    environ = {name: "x" for name in ORDINARY} | {"DATABASE_URL_FILE": "x", "NEWSBOT_PORT": "x", "NEWSBOT_CONFIG": "x",
                                                  "TZ": "UTC", "PORT": "1"}
    assert misnamed(Settings.model_fields, environ) == []
    typos = {"DIGEST_TOPN": "DIGEST_TOP_N", "LOGLEVEL": "LOG_LEVEL", "DATABASE_URI": "DATABASE_URL",
             "DISCORD_BOT_TOKEN": "DISCORD_TOKEN", "SLACK_TOKEN": "SLACK_BOT_TOKEN", "digest_top_n": "DIGEST_TOP_N",
             "NEWSBOT_PROT": "NEWSBOT_PORT", "SLACK_APP_TOKEN_FIEL": "SLACK_APP_TOKEN_FILE", "port": "PORT"}
    assert misnamed(Settings.model_fields, {**environ, **dict.fromkeys(typos, "3")}) == [
        f"{given} is not a setting; did you mean {meant}?" for given, meant in sorted(typos.items())
    ]


def log_line(secrets: list[str], message: str) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(secrets))
    logger = logging.getLogger("test.redaction.context")
    logger.addHandler(handler)
    try:
        logger.error(message)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue().strip()


def test_redaction_blanks_passwords_in_urls_and_tokens_anywhere_but_not_common_words():
    settings = load_settings({"DATABASE_URL": "postgresql://newsbot:newsbot@postgres:5432/newsbot",
                              "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123"})
    secrets = settings.secret_values()
    assert log_line(secrets, "newsbot: connecting to postgresql://newsbot:newsbot@postgres:5432/newsbot as newsbot") == (
        f"newsbot: connecting to postgresql://newsbot:{REDACTED}@postgres:5432/newsbot as newsbot"
    )
    token = settings.DISCORD_TOKEN.get_secret_value()
    assert log_line(secrets, f"login with {token} failed") == f"login with {REDACTED} failed"
    # a URL password is a secret whether configured or not, encoded or not, ':' inside or not
    assert log_line([], "see redis://:p%40ss@cache/0 and amqp://u:a:b@mq") == (
        f"see redis://:{REDACTED}@cache/0 and amqp://u:{REDACTED}@mq"
    )
    assert log_line([], "feed https://example.com:8443/feed.xml failed") == "feed https://example.com:8443/feed.xml failed"


def test_redaction_reaches_query_passwords_raw_at_signs_and_long_passwords():
    # libpq takes a password in the query string too; configured there, it is a secret like any other
    settings = load_settings({"DATABASE_URL": "postgresql://bot@db/newsbot?sslmode=require&password=hunter2hunter2"})
    assert "hunter2hunter2" in settings.secret_values()
    assert log_line([], "dsn postgresql://bot@db/newsbot?sslmode=require&PASSWORD=s3cret#x and ?password=x") == (
        f"dsn postgresql://bot@db/newsbot?sslmode=require&PASSWORD={REDACTED}#x and ?password={REDACTED}"
    )
    # a raw '@' inside the password: all of it is masked, up to the '@' before the host
    assert log_line([], "postgresql://bot:p@ss@db:5432/newsbot failed") == (
        f"postgresql://bot:{REDACTED}@db:5432/newsbot failed"
    )
    assert load_settings({"DATABASE_URL": "postgresql://bot:p@ss@db/newsbot"}).secret_values() == ["p@ss"]
    long = "x" * 300 + "@" + "y" * 300
    assert log_line([], f"postgresql://bot:{long}@db/newsbot") == f"postgresql://bot:{REDACTED}@db/newsbot"
    # an '@' in a path or query is no password
    harmless = "https://example.com:8443/feeds/@meta?by=a@b.c"
    assert log_line([], harmless) == harmless
