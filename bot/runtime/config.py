"""Where setting values come from, before they are checked: the settings file, the environment and
NAME_FILE secrets. Light on purpose (no validation library), so `newsbot ask` can use it too."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.errors import SettingsError

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "DATABASE_URL")
CONFIG_FILE_VARIABLE = "NEWSBOT_CONFIG"
PREFIX = "NEWSBOT_"
PREFIXED = ("HOST", "PORT", "CONSOLE", "RELOAD", "CHARTS")
"""Settings with generic names, which other software sets too: NEWSBOT_NAME may be used instead, and wins."""
SERVICE_LINK = ("tcp://", "udp://")
"""How a Kubernetes service link starts (NEWSBOT_PORT=tcp://10.0.0.7:3000 for a Service named newsbot):
such a value is not a setting, and is passed over."""
CLOSE_MATCH = 0.8
"""How alike (difflib's ratio) a variable's name must be to a setting's to be reported as a likely typo."""


def source_variable(name: str, environ: Mapping[str, str]) -> str:
    """The environment variable that gives setting `name`: NEWSBOT_NAME when set (and not a service
    link), else NAME."""
    prefixed = environ.get(PREFIX + name, "") if name in PREFIXED else ""
    return PREFIX + name if prefixed and not prefixed.startswith(SERVICE_LINK) else name


def setting_values(names: Iterable[str], environ: Mapping[str, str]) -> dict[str, object]:
    """Raw values: the NEWSBOT_CONFIG file's, then NAME_FILE secrets, then non-empty NAME variables.
    A secret given both ways is an error, as in the official PostgreSQL image (else one silently loses)."""
    values = _from_file(environ[CONFIG_FILE_VARIABLE]) if environ.get(CONFIG_FILE_VARIABLE) else {}
    for name in names:
        value = environ.get(source_variable(name, environ), "")
        file_path = environ.get(f"{name}_FILE")
        if name in SECRETS and file_path:
            if value:
                raise SettingsError(f"{name}_FILE: {name} is set too; set only one of them")
            try:
                values[name] = Path(file_path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{name}_FILE: cannot read {file_path}: {exc.__class__.__name__}") from None
        if value:
            values[name] = value
    return values


def misnamed(names: Iterable[str], environ: Mapping[str, str]) -> list[str]:
    """A warning for each environment variable whose name is close to a setting's but is none (a typo
    that would otherwise be silently ignored). The generic names (HOST, PORT, TZ...) are left out of
    the comparison: PGHOST or PGPORT are other software's settings, not typos."""
    names = list(names)
    known = {*names, *(PREFIX + name for name in PREFIXED), *(f"{name}_FILE" for name in SECRETS), CONFIG_FILE_VARIABLE}
    candidates = sorted(known - {*PREFIXED, "TZ"})
    warnings = []
    for given in sorted(environ):
        if given in known:
            continue
        match = given.upper() if given.upper() in known else closest(given.upper(), candidates)
        if match:
            warnings.append(f"{given} is not a setting; did you mean {match}?")
    return warnings


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name `name` is most likely a typo of, if any."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=CLOSE_MATCH)
    return matches[0] if matches else None


def url_passwords(url: str) -> list[str]:
    """The passwords inside a database URL: `scheme://user:PASSWORD@host/db`, and libpq's `?password=`."""
    if "://" not in url:
        return []
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    found = [unquote(credentials.partition(":")[2])]
    found += [value for key, value in parse_qsl(parts.query) if key.lower() == "password"]
    return [password for password in found if password]


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
    return {_setting_name(str(key)): value for key, value in data.items()}


def _setting_name(key: str) -> str:
    """A settings file's key as the setting's name (`port` and `newsbot_port` are both PORT)."""
    name = key.upper()
    return name.removeprefix(PREFIX) if name.removeprefix(PREFIX) in PREFIXED else name
