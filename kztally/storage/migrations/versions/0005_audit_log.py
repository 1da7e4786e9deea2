"""The audit log: one append-only table of hash-chained events.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

The first event (`log.started`) says what the database held when the log began: the
last revision, entry, attachment and observer's copy written before it, every account as
it stood, and the election's content hash. What was written before is checked against
that baseline, not event by event.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from kztally.domain.audit import GENESIS, Draft, EventCode, extend, password_digest

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("workstation", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_event_seq")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_event_prev_hash")),
    )
    conn = op.get_bind()

    def last(table: str) -> int:
        return int(conn.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one())

    accounts = [
        {
            "name": r.name,
            "role": r.role,
            "active": bool(r.active),
            "password": password_digest(r.password_hash),
            "generated": bool(r.generated),
        }
        for r in conn.execute(
            sa.text(
                "SELECT name, role, active, password_hash, generated FROM account ORDER BY name"
            )
        )
    ]
    election = conn.execute(sa.text("SELECT content_hash FROM election")).scalar()
    now = dt.datetime.now(dt.UTC)
    (event,) = extend(
        [
            Draft(
                EventCode.LOG_STARTED,
                "",
                None,
                "",
                now,
                {
                    "schema": revision,
                    "revisions": last("revision"),
                    "entries": last("entry"),
                    "attachments": last("attachment"),
                    "observer_copies": last("observer_copy"),
                    "accounts": accounts,
                    "election": election,
                },
            )
        ],
        0,
        GENESIS,
    )
    table = sa.table(
        "audit_event",
        sa.column("seq", sa.BigInteger()),
        sa.column("code", sa.String()),
        sa.column("actor", sa.String()),
        sa.column("role", sa.String()),
        sa.column("workstation", sa.String()),
        sa.column("at", sa.DateTime()),
        sa.column("content", sa.Text()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    op.execute(
        table.insert().values(
            seq=event.seq,
            code=event.code,
            actor=event.actor,
            role=event.role,
            workstation=event.workstation,
            at=now.replace(tzinfo=None),
            content=event.content,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
    )


def downgrade() -> None:
    op.drop_table("audit_event")
