"""A protocol's formal parts (append-only): the members present, when the count began and
ended, and the written requests to vote outside the room.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "protocol_formal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("members_present", sa.Integer(), nullable=True),
        sa.Column("members_total", sa.Integer(), nullable=True),
        sa.Column("count_began", sa.String(40), nullable=True),
        sa.Column("count_ended", sa.String(40), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_protocol_formal_protocol_id_protocol")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protocol_formal")),
    )
    with op.batch_alter_table("protocol_formal") as batch:
        batch.create_index(batch.f("ix_protocol_formal_protocol_id"), ["protocol_id"])


def downgrade() -> None:
    with op.batch_alter_table("protocol_formal") as batch:
        batch.drop_index(batch.f("ix_protocol_formal_protocol_id"))
    op.drop_table("protocol_formal")
