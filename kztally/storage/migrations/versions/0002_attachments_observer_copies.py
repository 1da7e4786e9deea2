"""Scans and acts attached to protocols; observers' own copies of protocols.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_attachment_protocol_id_protocol")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment") as batch:
        batch.create_index(batch.f("ix_attachment_protocol_id"), ["protocol_id"])

    op.create_table(
        "observer_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("observer", sa.String(64), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("acts", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_observer_copy_protocol_id_protocol")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observer_copy")),
    )
    with op.batch_alter_table("observer_copy") as batch:
        batch.create_index(batch.f("ix_observer_copy_protocol_id"), ["protocol_id"])


def downgrade() -> None:
    with op.batch_alter_table("observer_copy") as batch:
        batch.drop_index(batch.f("ix_observer_copy_protocol_id"))
    op.drop_table("observer_copy")
    with op.batch_alter_table("attachment") as batch:
        batch.drop_index(batch.f("ix_attachment_protocol_id"))
    op.drop_table("attachment")
