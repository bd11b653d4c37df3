"""News feeds: each followed feed's polling state, and the items stored from them (one per feed and key).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("feed_id", sa.String(80), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_poll", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_new", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("state", sa.String(20), nullable=False, server_default="new"),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("feed_id", sa.String(80), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False, server_default=""),
        sa.Column("summary", sa.Text(), nullable=False, server_default=""),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrived", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("feed_id", "key", name="uq_feed_items_key"),
    )
    op.create_index("ix_feed_items_published", "feed_items", ["published", "id"])  # newest first, in order


def downgrade() -> None:
    op.drop_index("ix_feed_items_published", table_name="feed_items")
    op.drop_table("feed_items")
    op.drop_table("feed_state")
