"""One door: generated accounts; the provenance of imported revisions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(
            sa.Column("generated", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("revision") as batch:
        batch.add_column(sa.Column("run_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("source", sa.String(255), nullable=True))
        batch.add_column(sa.Column("source_sha256", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revision") as batch:
        batch.drop_column("source_sha256")
        batch.drop_column("source")
        batch.drop_column("run_by")
    with op.batch_alter_table("account") as batch:
        batch.drop_column("generated")
