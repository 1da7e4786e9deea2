"""The first schema: accounts, the election, protocols with entries and revisions.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _code(length: int = 40) -> sa.String:
    return sa.String(length)


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, value) VALUES (1, 0)")

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name", name=op.f("uq_account_name")),
    )

    op.create_table(
        "election",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("content_hash", sa.String(80), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("loaded_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election")),
    )

    op.create_table(
        "area",
        sa.Column("code", _code(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("parent", _code(), nullable=True),
        sa.Column("path", sa.String(400), nullable=False),
        sa.Column("number", sa.String(40), nullable=True),
        sa.Column("electorate", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["parent"], ["area.code"], name=op.f("fk_area_parent_area")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_area")),
    )
    op.create_index(op.f("ix_area_path"), "area", ["path"])

    op.create_table(
        "contest",
        sa.Column("id", _code(), nullable=False),
        sa.Column("body", _code(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("area", _code(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("choices", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area"], ["area.code"], name=op.f("fk_contest_area_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest")),
    )

    op.create_table(
        "protocol",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("precinct", _code(), nullable=False),
        sa.Column("contest", _code(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("breach", sa.Boolean(), nullable=False),
        *(sa.Column(f"line{n}", sa.Integer(), nullable=True) for n in range(1, 9)),
        sa.Column("votes", sa.JSON(), nullable=True),
        sa.Column("against_all", sa.Integer(), nullable=True),
        sa.Column("acts", sa.String(200), nullable=False),
        sa.Column("figures_key", sa.String(40), nullable=True),
        sa.Column("findings", sa.String(200), nullable=False),
        sa.Column("first_entry_id", sa.Integer(), nullable=True),
        sa.Column("second_entry_id", sa.Integer(), nullable=True),
        sa.Column("agreed_entry_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["precinct"], ["area.code"], name=op.f("fk_protocol_precinct_area")
        ),
        sa.ForeignKeyConstraint(
            ["contest"], ["contest.id"], name=op.f("fk_protocol_contest_contest")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protocol")),
        sa.UniqueConstraint("precinct", "contest", name=op.f("uq_protocol_precinct_contest")),
    )
    op.create_index("ix_protocol_figures_key", "protocol", ["figures_key"])

    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("acts", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_entry_protocol_id_protocol")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry")),
    )
    op.create_index(op.f("ix_entry_protocol_id"), "entry", ["protocol_id"])

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("transition", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("system", sa.String(40), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("findings", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_revision_protocol_id_protocol")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entry.id"], name=op.f("fk_revision_entry_id_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
    )
    op.create_index(op.f("ix_revision_protocol_id"), "revision", ["protocol_id"])

    # The protocol's pointers to its current entries: added once `entry` exists.
    with op.batch_alter_table("protocol") as batch:
        for column in ("first_entry_id", "second_entry_id", "agreed_entry_id"):
            batch.create_foreign_key(
                f"fk_protocol_{column}_entry", "entry", [column], ["id"]
            )


def downgrade() -> None:
    with op.batch_alter_table("protocol") as batch:
        for column in ("first_entry_id", "second_entry_id", "agreed_entry_id"):
            batch.drop_constraint(f"fk_protocol_{column}_entry", type_="foreignkey")
    for table in ("revision", "entry", "protocol", "contest", "area", "election", "account"):
        op.drop_table(table)
    op.drop_table("data_version")
