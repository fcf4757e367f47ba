"""An offer's expiry and delivery window and an escrow's deadline as decimal
strings: they are uint64 on chain, any value a member signs, and did not fit
the 64-bit signed integers they were kept in (the follower stopped at such
an offer or escrow)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = {"escrows": ["deadline"], "offers": ["delivery_window", "expiry"]}


def _retype(old: sa.types.TypeEngine[Any], new: sa.types.TypeEngine[Any], cast: str) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column,
                    existing_type=old,
                    type_=new,
                    existing_nullable=False,
                    postgresql_using=f"{column}::{cast}",
                )


def upgrade() -> None:
    _retype(sa.BigInteger(), sa.String(length=78), "varchar(78)")


def downgrade() -> None:
    _retype(sa.String(length=78), sa.BigInteger(), "bigint")
