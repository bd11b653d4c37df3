"""Leases: something only one replica may do at a time (listening on Discord's gateway), held through a
row in bot_state.

The row's key is `lease:<name>`, its value the holder, its updated_at the holder's last heartbeat. The
heartbeat is written and compared on the database's own clock (CURRENT_TIMESTAMP, now()), never a host's,
so clocks that differ between hosts do not matter. Each change is one conditional statement (INSERT ... ON
CONFLICT DO NOTHING, UPDATE ... WHERE, DELETE ... WHERE), which the database applies one at a time: two
replicas never both win."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from bot.store.db import Store, bot_state, database_time, dialect_insert

PREFIX = "lease:"


class Leases:
    """Leases in the store's database. Methods are synchronous and short: async callers use Store.run."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def take(self, name: str, holder: str, seconds: float) -> str | None:
        """Take or renew the lease `name` for `holder`: it succeeds when the lease is free, already
        `holder`'s, or its holder's last heartbeat is more than `seconds` old. Returns who holds it now
        (`holder` when it succeeded)."""
        key = PREFIX + name
        with self.engine.begin() as connection:
            now = database_time(connection)
            fresh = dialect_insert(connection, bot_state).values(key=key, value=holder, updated_at=now)
            if connection.execute(fresh.on_conflict_do_nothing()).rowcount == 1:
                return holder
            lapsed = bot_state.c.updated_at < database_time(connection, seconds)
            taken = connection.execute(
                update(bot_state)
                .where(bot_state.c.key == key, or_(bot_state.c.value == holder, lapsed))
                .values(value=holder, updated_at=now)
            )
            if taken.rowcount == 1:
                return holder
            return connection.execute(select(bot_state.c.value).where(bot_state.c.key == key)).scalar()

    def release(self, name: str, holder: str) -> bool:
        """Give the lease up at once, if `holder` holds it; False if it did not."""
        with self.engine.begin() as connection:
            gone = connection.execute(
                delete(bot_state).where(bot_state.c.key == PREFIX + name, bot_state.c.value == holder)
            )
            return gone.rowcount == 1
