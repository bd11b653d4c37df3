"""Digest subscriptions and their deliveries (one row per subscription and slot, unique).

Revision ID: 0002
Revises: 0001
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

REVISION_KEY = "digests:revision"


def upgrade() -> None:
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(64), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("thread", sa.String(64), nullable=False, server_default=""),
        sa.Column("schedule_text", sa.String(200), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_delivery", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_slot", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.UniqueConstraint("platform", "workspace", "channel", "thread", name="uq_digest_subscriptions_channel"),
    )
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "subscription_id",
            sa.Integer(),
            sa.ForeignKey("digest_subscriptions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("replica", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("subscription_id", "slot", name="uq_digest_deliveries_slot"),
    )
    op.create_index("ix_digest_deliveries_state", "digest_deliveries", ["state"])
    state = sa.table(
        "bot_state",
        sa.column("key", sa.String(100)),
        sa.column("value", sa.Text()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        state.insert().values(key=REVISION_KEY, value=uuid.uuid4().hex, updated_at=dt.datetime.now(dt.UTC))
    )


def downgrade() -> None:
    op.drop_index("ix_digest_deliveries_state", table_name="digest_deliveries")
    op.drop_table("digest_deliveries")
    op.drop_table("digest_subscriptions")
    op.execute(sa.text("DELETE FROM bot_state WHERE key = 'digests:revision'"))
