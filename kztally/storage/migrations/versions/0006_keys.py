"""Commission keys: public Ed25519 keys, their certifications and revocations.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Private keys are never stored: they live in passphrase-protected files on the
workstations that print.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commission_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commission", sa.String(40), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_key")),
        sa.UniqueConstraint("public_key", name=op.f("uq_commission_key_public_key")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_commission_key_fingerprint")),
    )
    with op.batch_alter_table("commission_key") as batch:
        batch.create_index(batch.f("ix_commission_key_commission"), ["commission"])
    op.create_table(
        "key_certification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("certifier", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["commission_key.id"], name=op.f("fk_key_certification_key_id_commission_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_certification")),
        sa.UniqueConstraint("key_id", name=op.f("uq_key_certification_key_id")),
    )
    op.create_table(
        "key_revocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=False),
        sa.Column("revoked_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["commission_key.id"], name=op.f("fk_key_revocation_key_id_commission_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_revocation")),
        sa.UniqueConstraint("key_id", name=op.f("uq_key_revocation_key_id")),
    )


def downgrade() -> None:
    op.drop_table("key_revocation")
    op.drop_table("key_certification")
    with op.batch_alter_table("commission_key") as batch:
        batch.drop_index(batch.f("ix_commission_key_commission"))
    op.drop_table("commission_key")
