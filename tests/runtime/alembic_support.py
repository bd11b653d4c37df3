"""Alembic driven by hand, to put a database at a given schema as some release left it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.store import Store
from bot.store.db import MIGRATIONS


def alembic(url: str, action: str, revision: str, scripts: Path = MIGRATIONS) -> None:
    """`alembic upgrade|downgrade REVISION` on the database at `url`, with the migrations in `scripts`."""
    config = Config()
    config.set_main_option("script_location", str(scripts))
    store = Store(url)
    try:
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        store.close()
