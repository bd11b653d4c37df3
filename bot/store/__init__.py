"""Persistent state through SQLAlchemy: SQLite by default, PostgreSQL for replicas."""

from bot.store.db import Store

__all__ = ["Store"]
