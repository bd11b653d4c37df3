"""A database that a newer release migrated (a rollback, or an old replica restarting during a rolling
update): one line saying so, from `newsbot run`, `digest list` and `feeds list`, never Alembic's traceback.
The newer release is made for real: this release's migrations plus one more, applied by Alembic."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import StoreError
from bot.store import Store
from bot.store.db import MIGRATIONS, newest_schema
from tests.conftest import ROOT
from tests.runtime.alembic_support import alembic
from tests.runtime.postgres import private_schema_url

FUTURE = "9999"
FUTURE_MIGRATION = '''"""A release from the future adds a column.

Revision ID: {revision}
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("bot_state", sa.Column("future", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("bot_state", "future")
'''


def migrate_with_a_newer_release(url: str, scripts: Path) -> None:
    """Upgrade the database at `url` with this release's migrations plus one newer (in `scripts`)."""
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = newest_schema()
    (scripts / "versions" / f"{FUTURE}_future.py").write_text(FUTURE_MIGRATION.format(revision=FUTURE, head=head))
    alembic(url, "upgrade", "head", scripts)


@pytest.fixture(params=["sqlite", "postgresql"])
def newer_database(request, tmp_path: Path) -> Iterator[str]:
    """The URL of a database a newer release migrated."""
    urls = iter([f"sqlite:///{tmp_path}/bot.db"]) if request.param == "sqlite" else private_schema_url()
    for url in urls:
        migrate_with_a_newer_release(url, tmp_path / "newer-release")
        yield url


def expected_line() -> str:
    return f"DATABASE_URL: the database is at schema {FUTURE}, newer than this release's {newest_schema()}: " \
           "run the newer release"


def newsbot(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PORT": "0", "CONSOLE": "off", "DATABASE_URL": url},
    )


def test_the_store_refuses_a_newer_schema_and_leaves_it_alone(newer_database: str):
    store = Store(newer_database)
    try:
        with pytest.raises(StoreError) as refused:
            store.migrate()
        assert f"DATABASE_URL: {refused.value}" == expected_line()
        store.ping()  # nothing was downgraded or broken: the newer release still finds its column
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == FUTURE
            connection.exec_driver_sql("SELECT future FROM bot_state")
    finally:
        store.close()


def test_run_and_the_operator_commands_say_it_in_one_line(newer_database: str):
    run = newsbot(newer_database, "run")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and errors[0].endswith(f"{expected_line()}; not starting")
    for command_line in (["digest", "list"], ["feeds", "list"]):
        result = newsbot(newer_database, *command_line)
        assert result.returncode == 2
        assert result.stderr.splitlines() == [f"newsbot: invalid setting: {expected_line()}"], command_line
