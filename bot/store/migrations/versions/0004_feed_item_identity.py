"""Feed items: one item per link, and per title and date, within a feed, whatever its guid.

Adds link_key and title_key (digests, unique per feed; NULLs never clash) and seen (when a poll last
listed an item the feed gives no date, so retention keeps it while listed). Existing items get their
keys, computed as bot.store.feeds computes them; a feed that changed its guids left copies of one item,
and the copies are deleted (the first stored stays, so nothing is announced again). A link that
several items with different titles share (a home page, say) identifies none of them: no link_key.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from bot.store.digests import UTCDateTime
from bot.store.feeds import digest, title_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 1000
items = sa.table(
    "feed_items", sa.column("id", sa.Integer()), sa.column("feed_id", sa.String()), sa.column("title", sa.Text()),
    sa.column("link", sa.Text()), sa.column("published", UTCDateTime()), sa.column("link_key", sa.String()),
    sa.column("title_key", sa.String()),
)


def upgrade() -> None:
    op.add_column("feed_items", sa.Column("link_key", sa.String(64), nullable=True))
    op.add_column("feed_items", sa.Column("title_key", sa.String(64), nullable=True))
    op.add_column("feed_items", sa.Column("seen", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    _fill_keys(connection)
    c = items.c
    first = sa.select(sa.func.min(c.id)).where(c.link_key.is_not(None)).group_by(c.feed_id, c.link_key, c.title)
    connection.execute(sa.delete(items).where(c.link_key.is_not(None), c.id.not_in(first.scalar_subquery())))
    shared = sa.select(c.feed_id, c.link_key).where(c.link_key.is_not(None)).group_by(c.feed_id, c.link_key).having(
        sa.func.count() > 1)
    connection.execute(sa.update(items).where(sa.tuple_(c.feed_id, c.link_key).in_(shared)).values(link_key=None))
    first = sa.select(sa.func.min(c.id)).where(c.title_key.is_not(None)).group_by(c.feed_id, c.title_key)
    connection.execute(sa.delete(items).where(c.title_key.is_not(None), c.id.not_in(first.scalar_subquery())))
    op.create_index("uq_feed_items_link", "feed_items", ["feed_id", "link_key"], unique=True)
    op.create_index("uq_feed_items_title", "feed_items", ["feed_id", "title_key"], unique=True)
    op.create_index("ix_feed_items_seen", "feed_items", ["feed_id", "seen"])


def _fill_keys(connection: sa.Connection) -> None:
    """Every existing item's link_key and title_key, BATCH rows at a time (the stored date stands for the
    feed's: an item stored without one has its first poll's time, which only a dateless copy shares)."""
    c = items.c
    change = sa.update(items).where(c.id == sa.bindparam("row_id")).values(
        link_key=sa.bindparam("new_link"), title_key=sa.bindparam("new_title"))
    after = 0
    while rows := connection.execute(
        sa.select(c.id, c.title, c.link, c.published).where(c.id > after).order_by(c.id).limit(BATCH)
    ).all():
        connection.execute(change, [
            {"row_id": row.id, "new_link": digest(row.link) if row.link else None,
             "new_title": title_key(row.title, row.published)} for row in rows
        ])
        after = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_feed_items_seen", table_name="feed_items")
    op.drop_index("uq_feed_items_title", table_name="feed_items")
    op.drop_index("uq_feed_items_link", table_name="feed_items")
    with op.batch_alter_table("feed_items") as batch:
        batch.drop_column("seen")
        batch.drop_column("title_key")
        batch.drop_column("link_key")
