"""The database: Alembic migrations and small key-value state, on the store's own threads."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Column, DateTime, Interval, MetaData, String, Table, Text, func, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import StoreError
from bot.store.engine import CONNECT_TIMEOUT, STATEMENT_TIMEOUT, engine_url, failure_reason, make_engine, describe_url

MIGRATIONS = Path(__file__).parent / "migrations"
CALL_TIMEOUT = CONNECT_TIMEOUT + STATEMENT_TIMEOUT
"""Seconds an async caller waits for one store call before giving up on it."""
THREADS = 4
SQLITE_TIME = "%Y-%m-%d %H:%M:%f"
"""SQLite's clock as text to the millisecond: the times database_time writes and compares are in this format."""
MIGRATION_LOCK = 0x6E657773626F74
"""The PostgreSQL advisory lock ("newsbot" in ASCII) held while migrating: replicas that start together
migrate one after the other, and the later ones find the schema current."""

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

T = TypeVar("T")

metadata = MetaData()
bot_state = Table(
    "bot_state",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def dialect_insert(connection: Connection, table: Table) -> Any:
    """INSERT into `table` in the connection's dialect, which has ON CONFLICT."""
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(table)


def database_time(connection: Connection, ago: float = 0.0) -> Any:
    """The database's own clock, `ago` seconds back, as an SQL expression (never a host's clock, which
    may differ between replicas)."""
    if connection.dialect.name == "sqlite":
        return func.strftime(SQLITE_TIME, "now", f"-{ago:.3f} seconds")
    return func.now() - literal(dt.timedelta(seconds=ago), Interval())


def newest_schema(scripts: ScriptDirectory | None = None) -> str:
    """This release's newest schema: the head of its Alembic revisions (`scripts`, read again if not given)."""
    return (scripts or _scripts(_alembic_config())).get_current_head()


def open_current(url: str) -> Store:
    """The Store at `url`, whose schema is this release's newest, for operators' commands. They never create
    or migrate a database, only `newsbot run` does: one run from a newer image during a rolling update
    would upgrade production under the running replicas, and one run from another directory would leave an
    empty database there (the default path is relative). StoreError in one line otherwise."""
    where = engine_url(url)
    if where.get_backend_name() == "sqlite" and where.database not in (None, "", ":memory:"):
        path = Path(where.database).resolve()
        if not path.is_file():
            relative = "" if Path(where.database).is_absolute() else f" ({where.database} from the working directory)"
            raise StoreError(f"there is no SQLite file {path}{relative}: start `newsbot run` once to create it")
    store = Store(url)
    try:
        store.call(store.check_schema)
    except BaseException:
        store.close()
        raise
    return store


def _current(connection: Connection) -> list[str]:
    """The database's Alembic revisions (none before the first migration); reads only."""
    from alembic.runtime.migration import MigrationContext

    return sorted(MigrationContext.configure(connection).get_current_heads())


def _refuse_newer(current: list[str], scripts: ScriptDirectory) -> None:
    """StoreError when a newer release migrated the database past this one's newest (a rollback, or an
    old replica restarting during a rolling update): it is never downgraded."""
    unknown = sorted(set(current) - {script.revision for script in scripts.walk_revisions()})
    if unknown:
        raise StoreError(
            f"the database is at schema {', '.join(unknown)}, newer than this release's "
            f"{newest_schema(scripts)}: run the newer release"
        )


def _where(url: URL) -> str:
    """The database, as a refusal names it: a SQLite file by its absolute path."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return f"the SQLite file {Path(url.database).resolve()}"
    return f"the {describe_url(url)}"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _scripts(config: Config) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config)


class Store:
    """One database. Methods are synchronous and short; async code calls them through `run`, on a few
    threads of the store's own, so a database that stops answering never starves anything else."""

    def __init__(self, url: str) -> None:
        self.url = engine_url(url)
        self.engine: Engine = make_engine(self.url)
        self._threads = ThreadPoolExecutor(THREADS, thread_name_prefix="newsbot-db")

    def __str__(self) -> str:
        return describe_url(self.url)

    def call(self, method: Callable[..., T], *args: object) -> T:
        """`method(*args)` here and now (a worker thread's way in); a database failure becomes StoreError
        with a one-line reason, never SQLAlchemy's exception with its SQL."""
        try:
            return method(*args)
        except SQLAlchemyError as exc:
            raise StoreError(failure_reason(self.url, exc)) from None

    async def run(self, method: Callable[..., T], *args: object, timeout: float | None = None) -> T:
        """`call(method, *args)` on the store's threads; StoreError if it fails or takes over `timeout` s
        (CALL_TIMEOUT unless given)."""
        limit = CALL_TIMEOUT if timeout is None else timeout
        try:
            return await asyncio.wait_for(self._on_thread(method, *args), limit)
        except TimeoutError:
            raise StoreError(f"the database did not answer within {limit:g} s") from None

    async def upgrade(self) -> None:
        """`migrate()` on the store's threads, however long it takes: a migration may rewrite a large table,
        or wait for another replica's. A database that stops answering still ends it with a StoreError
        (connections have a connect timeout and TCP keepalives)."""
        await self._on_thread(self.migrate)

    def _on_thread(self, method: Callable[..., T], *args: object) -> asyncio.Future[T]:
        return asyncio.get_running_loop().run_in_executor(self._threads, functools.partial(self.call, method, *args))

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (Alembic is imported here: only this needs it).
        StoreError, in one line, when a newer release already migrated the database past this one's newest
        (a rollback, or an old replica restarting during a rolling update): it is never downgraded. On
        PostgreSQL, one replica migrates at a time (MIGRATION_LOCK), and without the bot's statement
        timeout: a migration may rewrite a large table."""
        from alembic import command

        config = _alembic_config()
        scripts = _scripts(config)
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SET LOCAL statement_timeout = 0"))  # until this transaction ends
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            _refuse_newer(_current(connection), scripts)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def check_schema(self) -> None:
        """StoreError, in one line, unless the database is at this release's newest schema; reads only."""
        scripts = _scripts(_alembic_config())
        with self.engine.connect() as connection:
            current = _current(connection)
        _refuse_newer(current, scripts)
        if not current:
            raise StoreError(f"{_where(self.url)} has no newsbot schema: start `newsbot run` once to create it")
        if current != [newest_schema(scripts)]:
            raise StoreError(
                f"the database is at schema {', '.join(current)}, older than this release's "
                f"{newest_schema(scripts)}: start `newsbot run` once to migrate it"
            )

    def ping(self) -> None:
        """Raise unless the database answers a trivial query."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

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
        """Release every pooled connection; calls still running are abandoned, not waited for."""
        self._threads.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()
