"""Where setting values come from, before they are checked: the settings file, the environment and
NAME_FILE secrets. Light on purpose (no validation library), so `newsbot ask` can use it too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.errors import SettingsError

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "DATABASE_URL")
CONFIG_FILE_VARIABLE = "NEWSBOT_CONFIG"


def setting_values(names: Iterable[str], environ: Mapping[str, str]) -> dict[str, object]:
    """Raw values: the NEWSBOT_CONFIG file's, then NAME_FILE secrets, then non-empty NAME variables."""
    values = _from_file(environ[CONFIG_FILE_VARIABLE]) if environ.get(CONFIG_FILE_VARIABLE) else {}
    for name in names:
        file_path = environ.get(f"{name}_FILE")
        if name in SECRETS and file_path:
            try:
                values[name] = Path(file_path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{name}_FILE: cannot read {file_path}: {exc.__class__.__name__}") from None
        if environ.get(name, "") != "":
            values[name] = environ[name]
    return values


def url_password(url: str) -> str | None:
    """The password inside a database URL, if any (`scheme://user:password@host/db`)."""
    credentials = urlsplit(url).netloc.rpartition("@")[0] if "://" in url else ""
    return unquote(credentials.partition(":")[2]) or None if ":" in credentials else None


def _from_file(path: str) -> dict[str, object]:
    import yaml

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
