"""Official results: one row saying whether the election's results are official.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

The row (id 1) starts unofficial. It is a cache of the audit log's `results.marked_official`
and `results.unlocked` events, which `kztally audit verify` checks it against
(docs/official.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "results_status",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("official", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.Column("marked_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results_status")),
    )
    op.execute(sa.text("INSERT INTO results_status (id, official) VALUES (1, :no)").bindparams(no=False))


def downgrade() -> None:
    op.drop_table("results_status")
