"""Observers' copies carry their certification.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

- `copy_certification`: one row per observer's copy that records how it was certified
  and received (append-only, like the copy): the copy's number, who certified it,
  whether it bears the commission's seal, when and where it was received, where the copy
  came from (typed, a protocol file, a CSV of copies, a certified copy's code) with the
  file's name and SHA-256, and the scan or photo of the copy kept as an attachment of
  kind `copy`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "copy_certification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("certified_by", sa.String(200), nullable=False),
        sa.Column("sealed", sa.Boolean(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_where", sa.String(200), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("file", sa.String(300), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["copy_id"],
            ["observer_copy.id"],
            name=op.f("fk_copy_certification_copy_id_observer_copy"),
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_copy_certification_attachment_id_attachment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_certification")),
    )
    with op.batch_alter_table("copy_certification") as batch:
        batch.create_index(batch.f("ix_copy_certification_copy_id"), ["copy_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("copy_certification") as batch:
        batch.drop_index(batch.f("ix_copy_certification_copy_id"))
    op.drop_table("copy_certification")
