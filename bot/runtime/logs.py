"""Logging: readable text or JSON lines, times in UTC, with secrets redacted."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"
STANDARD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
ANYWHERE = 12
"""A configured secret at least this long (a token) is redacted wherever it appears. A shorter one, such as
the database password `newsbot` of the README's example, only where it is a password (URL_AUTHORITY, QUERY_PASSWORD):
replacing every occurrence of a common word would blank the log."""
URL_AUTHORITY = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]{0,30}://)([^\s/?#]+)")
"""`scheme://AUTHORITY`, whose `user:PASSWORD@` part is a secret whether or not it is configured. Matched
without backtracking (a log line may quote what a user typed); the password runs to the authority's last
'@', so a raw '@' in it is masked too (RFC 3986 and libpq need '/', '?' and '#' in it percent-encoded)."""
QUERY_PASSWORD = re.compile(r"([?&]password=)[^\s&#]+", re.IGNORECASE)
"""libpq's `?password=...` (or `&password=`) in a URL's query string."""


def utc_time(created: float) -> str:
    """A log record's time: UTC with milliseconds and its offset (2026-12-07T16:39:03.123Z), whatever TZ
    says (TZ is the digests' default zone, not the log's)."""
    return dt.datetime.fromtimestamp(created, dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _without_password(url: re.Match[str]) -> str:
    """`scheme://user:PASSWORD@host` with the password redacted; anything else as it was."""
    scheme, authority = url.groups()
    userinfo, at, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return f"{scheme}{user}:{REDACTED}@{host}" if at and colon and password else url[0]


class RedactSecrets(logging.Filter):
    """Replaces secrets that slip into a log message or its arguments: URL passwords, and configured
    secrets of ANYWHERE characters or more."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted((s for s in secrets if len(s) >= ANYWHERE), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        if "://" in text:
            text = URL_AUTHORITY.sub(_without_password, text)
        return QUERY_PASSWORD.sub(rf"\1{REDACTED}", text) if "password=" in text.lower() else text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message, the traceback and any extra fields of `record`."""
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        for key, value in vars(record).items():
            if key not in STANDARD_FIELDS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


class UtcFormatter(logging.Formatter):
    """A formatter whose %(asctime)s is utc_time()."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        return utc_time(record.created)


class JsonFormatter(UtcFormatter):
    """One JSON object per line: time, level, logger, message, and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in STANDARD_FIELDS})
        if record.exc_info or record.exc_text:
            data["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once for the process."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(UtcFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiohttp.access", "alembic", "discord.gateway", "slack_bolt.AsyncApp"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
