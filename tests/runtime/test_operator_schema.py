"""Operators' commands (`digest list`, `feeds list|poll|retry`, `ask "/news"`) never create or migrate a
database: only `newsbot run` does. An operator running one from a newer image during a rolling update
must not upgrade production under the running replicas, and one run from another directory (the image's
default database path is relative: `docker exec -w /tmp ...`) must not leave an empty database there.
Each refuses in one line that says what it found and what to do."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot.cli import main
from bot.store import Store
from bot.store.db import newest_schema
from bot.store.engine import engine_url
from tests.conftest import CONTENT
from tests.runtime.alembic_support import alembic
from tests.runtime.postgres import private_schema_url

COMMANDS = (["digest", "list"], ["feeds", "list"], ["feeds", "poll"], ["feeds", "retry", "news"], ["ask", "/news"])
REFUSED = "newsbot: invalid setting: DATABASE_URL: "


@pytest.fixture(autouse=True)
def operator(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An operator's shell in an empty directory, with the shipped content and no other settings."""
    for name in list(os.environ):
        if name.startswith(("DATABASE_URL", "NEWSBOT_", "SLACK_", "DISCORD_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CONTENT_DIR", str(CONTENT))
    monkeypatch.chdir(tmp_path)


def refusals(capsys: pytest.CaptureFixture[str]) -> list[tuple[int, list[str], str]]:
    """Each command's exit code, its stderr lines, and its stdout."""
    found = []
    for line in COMMANDS:
        code = main(line)
        out, err = capsys.readouterr()
        found.append((code, err.splitlines(), out))
    return found


def schema_of(url: str) -> str | None:
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        store.close()


def test_the_default_database_absent_here_is_named_and_not_created(tmp_path: Path, capsys):
    default = tmp_path / "data" / "newsbot.db"
    expected = (f"{REFUSED}there is no SQLite file {default} (data/newsbot.db from the working directory): "
                "start `newsbot run` once to create it")
    for code, err, out in refusals(capsys):
        assert (code, err, out) == (2, [expected], "")
    assert list(tmp_path.iterdir()) == []  # not even the data/ directory


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(the URL of an existing database with no tables, how the refusal names it)."""
    if request.param == "sqlite":
        (tmp_path / "empty.db").touch()
        yield f"sqlite:///{tmp_path}/empty.db", f"the SQLite file {tmp_path / 'empty.db'}"
    else:
        for url in private_schema_url():
            given = engine_url(url)
            where = f"{given.host}:{given.port or 5432} as {given.username!r}"
            yield url, f"the postgresql database {given.database!r} at {where}"


def test_an_empty_database_is_left_empty(database: tuple[str, str], monkeypatch, capsys):
    url, where = database
    monkeypatch.setenv("DATABASE_URL", url)
    expected = f"{REFUSED}{where} has no newsbot schema: start `newsbot run` once to create it"
    for code, err, out in refusals(capsys):
        assert (code, err, out) == (2, [expected], "")
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            assert store.engine.dialect.get_table_names(connection) == []
    finally:
        store.close()


def test_an_older_schema_is_not_migrated(database: tuple[str, str], monkeypatch, capsys):
    url, _ = database
    alembic(url, "upgrade", "head-1")
    older = schema_of(url)
    assert older is not None and older != newest_schema()
    monkeypatch.setenv("DATABASE_URL", url)
    expected = (f"{REFUSED}the database is at schema {older}, older than this release's {newest_schema()}: "
                "start `newsbot run` once to migrate it")
    for code, err, out in refusals(capsys):
        assert (code, err, out) == (2, [expected], "")
    assert schema_of(url) == older
