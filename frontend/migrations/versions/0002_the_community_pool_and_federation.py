"""The community pool and the federation: each co-op's pool and federation
contracts, and every donation, claim and compost of a pool

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("coops", sa.Column("pool", sa.String(length=42), nullable=True))
    op.add_column("coops", sa.Column("federation", sa.String(length=42), nullable=True))
    op.create_table(
        "pool_flows",
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("coop", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=42), nullable=False),
        sa.Column("batch_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.String(length=78), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_time", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("tx_hash", "log_index"),
    )
    op.create_index("ix_pool_flows_epoch", "pool_flows", ["coop", "epoch", "kind"], unique=False)
    op.create_table(
        "pool_epochs",
        sa.Column("coop", sa.String(length=64), nullable=False),
        sa.Column("epoch", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("coop", "epoch"),
    )


def downgrade() -> None:
    op.drop_table("pool_epochs")
    op.drop_index("ix_pool_flows_epoch", table_name="pool_flows")
    op.drop_table("pool_flows")
    op.drop_column("coops", "federation")
    op.drop_column("coops", "pool")
