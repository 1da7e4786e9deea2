"""Drawings of lots and designations of deputies (both append-only).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lot_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest", sa.String(40), nullable=False),
        sa.Column("tied", sa.JSON(), nullable=False),
        sa.Column("drawn", sa.JSON(), nullable=False),
        sa.Column("witnesses", sa.JSON(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["contest"], ["contest.id"], name=op.f("fk_lot_draw_contest_contest")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lot_draw")),
    )
    with op.batch_alter_table("lot_draw") as batch:
        batch.create_index(batch.f("ix_lot_draw_contest"), ["contest"])

    op.create_table(
        "designation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest", sa.String(40), nullable=False),
        sa.Column("choice", sa.String(40), nullable=False),
        sa.Column("persons", sa.JSON(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest"], ["contest.id"], name=op.f("fk_designation_contest_contest")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
    )
    with op.batch_alter_table("designation") as batch:
        batch.create_index(batch.f("ix_designation_contest"), ["contest"])


def downgrade() -> None:
    with op.batch_alter_table("designation") as batch:
        batch.drop_index(batch.f("ix_designation_contest"))
    op.drop_table("designation")
    with op.batch_alter_table("lot_draw") as batch:
        batch.drop_index(batch.f("ix_lot_draw_contest"))
    op.drop_table("lot_draw")
