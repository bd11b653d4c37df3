"""A private schema on the test PostgreSQL (NEWSBOT_TEST_POSTGRES_URL), dropped afterwards; the `postgres`
fixture gives its URL, for newsbot processes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.store.engine import engine_url

POSTGRES = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")


def private_schema_url() -> Iterator[str]:
    """Yield a URL whose connections use a fresh schema; skip (with the reason) without PostgreSQL."""
    if not POSTGRES:
        pytest.skip("set NEWSBOT_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run")
    admin = sa.create_engine(engine_url(POSTGRES))
    schema = f"newsbot_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at NEWSBOT_TEST_POSTGRES_URL: {exc.__class__.__name__}")
    separator = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres() -> Iterator[str]:
    """A private schema on the test PostgreSQL; the URL newsbot processes use for it."""
    yield from private_schema_url()
