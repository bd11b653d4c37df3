"""Engines with timeouts, safe descriptions of URLs, and one-line reasons for connection failures."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import StoreError

CONNECT_TIMEOUT = 5
"""Seconds to open a connection (PostgreSQL) or to wait for a lock (SQLite)."""
STATEMENT_TIMEOUT = 10
"""Seconds PostgreSQL lets one statement run before cancelling it."""

_REASONS = (
    (re.compile(r"Connection refused", re.I), "connection refused: is the server running at {where}?"),
    (re.compile(r'database "[^"]*" does not exist', re.I), "database missing: {database!r} does not exist at {where}"),
    (
        re.compile(r'role "[^"]*" does not exist|authentication failed|no password supplied', re.I),
        "authentication failed for user {user!r} at {where}",
    ),
    (re.compile(r"timeout expired", re.I), "no answer within {timeout} s from {where}"),
    (re.compile(r"failed to resolve host|could not translate host", re.I), "unknown host {host!r}"),
    (re.compile(r"unable to open database file", re.I), "cannot open the SQLite file {database}"),
)


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL; plain postgres:// and postgresql:// URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    try:
        return make_url(url)
    except (SQLAlchemyError, ValueError) as exc:
        raise StoreError(f"not a database URL newsbot can use ({exc.__class__.__name__})") from None


def describe_url(url: URL) -> str:
    """What the URL points at, for logs: never the password, nor the whole URL (a secret, so redacted)."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database or ':memory:'}"
    return f"{url.get_backend_name()} database {url.database!r} at {url.host or 'localhost'}:{url.port or 5432} as {url.username!r}"


def make_engine(url: URL) -> Engine:
    """An engine whose connections give up instead of hanging: connect and statement timeouts, and TCP
    keepalives so a vanished PostgreSQL host is noticed. Creates a SQLite file's directory."""
    if url.get_backend_name() == "sqlite":
        _sqlite_directory(url)
        arguments: dict[str, object] = {"timeout": CONNECT_TIMEOUT}
    else:
        arguments = {
            "connect_timeout": CONNECT_TIMEOUT,
            "options": " ".join(filter(None, [_query(url, "options"), f"-c statement_timeout={STATEMENT_TIMEOUT * 1000}"])),
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
            "tcp_user_timeout": (CONNECT_TIMEOUT + STATEMENT_TIMEOUT) * 1000,
        }
    try:
        return create_engine(url, pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT, connect_args=arguments)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise StoreError(f"not a database URL newsbot can use ({exc.__class__.__name__})") from None


def _query(url: URL, name: str) -> str | None:
    value = url.query.get(name)
    return value if isinstance(value, str) else None


def _sqlite_directory(url: URL) -> None:
    if url.database in (None, "", ":memory:"):
        return
    directory = Path(url.database).parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory {str(directory)!r} for the SQLite file ({exc.strerror})") from None


def failure_reason(url: URL, exc: BaseException) -> str:
    """Why a connection failed, in one line that tells refused, missing, denied and silent apart."""
    text = str(getattr(exc, "orig", None) or exc)
    fields = {
        "where": f"{url.host or 'localhost'}:{url.port or 5432}",
        "database": url.database,
        "user": url.username,
        "host": url.host,
        "timeout": CONNECT_TIMEOUT,
    }
    for pattern, template in _REASONS:
        if pattern.search(text):
            return template.format(**fields)
    return f"cannot use the database ({exc.__class__.__name__})"
