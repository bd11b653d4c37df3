"""The database: engine set-up, Alembic migrations, and small key-value state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS = Path(__file__).parent / "migrations"

metadata = MetaData()
bot_state = Table(
    "bot_state",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def engine_url(url: str) -> str:
    """Accept plain postgres:// and postgresql:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Store:
    """One database. Methods are synchronous and short; async callers use asyncio.to_thread."""

    def __init__(self, url: str) -> None:
        parsed = make_url(engine_url(url))
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(parsed, pool_pre_ping=True)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def ping(self) -> str | None:
        """None when the database answers, else the reason it does not."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            return f"database unreachable: {exc.__class__.__name__}"
        return None

    def get_state(self, key: str) -> str | None:
        """A stored value, or None."""
        with self.engine.connect() as connection:
            return connection.execute(select(bot_state.c.value).where(bot_state.c.key == key)).scalar()

    def set_state(self, key: str, value: str) -> None:
        """Store `value` under `key`, replacing any previous value."""
        now = dt.datetime.now(dt.UTC)
        with self.engine.begin() as connection:
            updated = connection.execute(
                bot_state.update().where(bot_state.c.key == key).values(value=value, updated_at=now)
            )
            if updated.rowcount == 0:
                connection.execute(bot_state.insert().values(key=key, value=value, updated_at=now))

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()
