"""Feed items: one item per link and title, and per title and date, within a feed, whatever its guid.

Adds link_key and title_key (digests, unique per feed; NULLs never clash) and seen (when a poll last
listed an item the feed gives no date, so retention keeps it while listed). Existing items get their
keys as bot.store.identity computes them, frozen here in SQL: a migration never changes with the code.
0003 kept no record of which items the feed dated, so every item gets a title_key from its stored date.

A feed that changed its guids left copies of one item: rows with the same link, title and date. The
copies are deleted (the first stored stays, so nothing is announced again). Rows that share a link_key
or a title_key but not both (the same link and title on other dates, or the same title and date with
other links) may be different items: nothing is deleted, and the shared key identifies none of them.
Every step is one set-based statement, so a large table takes seconds, not round trips per row.

Revision ID: 0004
Revises: 0003
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SHA256 = "newsbot_0004_sha256"
"""The SQL function SQLite is given for the digests (PostgreSQL has sha256)."""


def upgrade() -> None:
    op.add_column("feed_items", sa.Column("link_key", sa.String(64), nullable=True))
    op.add_column("feed_items", sa.Column("title_key", sa.String(64), nullable=True))
    op.add_column("feed_items", sa.Column("seen", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        hashed = "encode(sha256(convert_to({}, 'UTF8')), 'hex')"
        stamp = "to_char(published AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
    else:  # SQLite stores UTC as text: '2026-03-01 09:00:00.000000'
        connection.connection.driver_connection.create_function(  # type: ignore[union-attr]
            SHA256, 1, lambda text: hashlib.sha256(text.encode()).hexdigest(), deterministic=True)
        hashed = SHA256 + "({})"
        stamp = "strftime('%Y-%m-%d %H:%M:%S', published)"
    connection.execute(sa.text(
        f"UPDATE feed_items SET link_key = CASE WHEN link <> '' THEN {hashed.format('link || :nl || title')} END, "
        f"title_key = {hashed.format(f'title || :nl || {stamp}')}"
    ), {"nl": "\n"})
    connection.execute(sa.text(  # the copies: every row but the first of each feed, link_key and title_key
        "DELETE FROM feed_items WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER "
        "(PARTITION BY feed_id, link_key, title_key ORDER BY id) AS n FROM feed_items) AS numbered WHERE n > 1)"
    ))
    for key in ("link_key", "title_key"):
        connection.execute(sa.text(
            f"UPDATE feed_items SET {key} = NULL WHERE id IN (SELECT id FROM (SELECT id, count(*) OVER "
            f"(PARTITION BY feed_id, {key}) AS n FROM feed_items WHERE {key} IS NOT NULL) AS keyed WHERE n > 1)"
        ))
    op.create_index("uq_feed_items_link", "feed_items", ["feed_id", "link_key"], unique=True)
    op.create_index("uq_feed_items_title", "feed_items", ["feed_id", "title_key"], unique=True)
    op.create_index("ix_feed_items_seen", "feed_items", ["feed_id", "seen"])


def downgrade() -> None:
    op.drop_index("ix_feed_items_seen", table_name="feed_items")
    op.drop_index("uq_feed_items_title", table_name="feed_items")
    op.drop_index("uq_feed_items_link", table_name="feed_items")
    with op.batch_alter_table("feed_items") as batch:
        batch.drop_column("seen")
        batch.drop_column("title_key")
        batch.drop_column("link_key")
