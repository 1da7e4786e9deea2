"""Protocols taken in from paper: the trigger learns `take_in`, and the register of papers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

- The protocol row's trigger (migration 0008) learns the transition `take_in`, a signed
  code's entry (kind `qr`): from `not_entered` the code's entry is the first, the second
  and the agreed entry at once; from `first_entry` it is the second, and the agreed one
  unless the entries differ. Its findings are settled as a second entry's. The rules
  stay those of `kztally.domain.audit.derive`.
- `paper`: the register of papers that arrived (append-only): per precinct and ballot
  type, which paper (its protocol's SHA-256), when, by whom, how it was read (a signed
  code, or figures typed with two of its hash groups), and from which file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STALE = "kztally: protocol changed meanwhile"
"""The message the trigger fails an insert with (`kztally.storage.protocols.is_stale`)."""


def _sets(take_in: bool) -> dict[str, str]:
    settling = "('second_entry', 'keep_first', 'keep_second', 'correct', 'accept', "
    settling += "'accept_warnings', 'accept_breach'" + (", 'take_in')" if take_in else ")")
    second = "('second_entry', 'take_in')" if take_in else "('second_entry')"
    cleared = "('first_entry', 'second_entry', 'send_back', 'recount'"
    cleared += ", 'take_in')" if take_in else ")"
    first = (
        "WHEN NEW.transition = 'take_in' AND protocol.state = 'not_entered' THEN NEW.entry_id"
        if take_in
        else ""
    )
    return {"settling": settling, "second": second, "cleared": cleared, "first": first}


def _step(dialect: str, take_in: bool) -> str:
    w = _sets(take_in)
    agreed = f"""CASE
        WHEN NEW.transition IN {w["second"]} AND NEW.state <> 'entries_differ' THEN NEW.entry_id
        WHEN NEW.transition IN ('keep_first', 'keep_second', 'correct') THEN NEW.entry_id
        WHEN NEW.transition IN {w["cleared"]}
        THEN NULL
        ELSE protocol.agreed_entry_id END"""
    if dialect == "sqlite":
        lines = ", ".join(f"json_extract(entry.figures, '$.lines[{n}]')" for n in range(8))
        against_all = "json_extract(entry.figures, '$.against_all')"
        votes = "json_extract(entry.figures, '$.votes')"
    else:
        lines = ", ".join(f"CAST(entry.figures -> 'lines' ->> {n} AS integer)" for n in range(8))
        against_all = "CAST(entry.figures ->> 'against_all' AS integer)"
        votes = "entry.figures -> 'votes'"
    return f"""
UPDATE protocol SET
    state = NEW.state,
    round = NEW.round,
    breach = CASE NEW.transition WHEN 'accept_breach' THEN true
                                 WHEN 'annul' THEN protocol.breach ELSE false END,
    first_entry_id = CASE WHEN NEW.transition = 'first_entry' THEN NEW.entry_id
                          {w["first"]}
                          WHEN NEW.transition IN ('send_back', 'recount') THEN NULL
                          ELSE protocol.first_entry_id END,
    second_entry_id = CASE WHEN NEW.transition IN {w["second"]} THEN NEW.entry_id
                           WHEN NEW.transition IN ('send_back', 'recount')
                                OR NEW.transition = 'first_entry'
                           THEN NULL
                           ELSE protocol.second_entry_id END,
    agreed_entry_id = {agreed},
    (line1, line2, line3, line4, line5, line6, line7, line8, against_all, votes, acts,
     figures_key) = (
        SELECT {lines}, {against_all}, {votes}, coalesce(entry.acts, ''),
               CASE WHEN NEW.state IN ('pending', 'accepted') THEN entry.figures_key END
        FROM (SELECT 1 AS one) AS one LEFT JOIN entry ON entry.id = {agreed}
    ),
    findings = CASE WHEN ({agreed}) IS NULL THEN ''
                    WHEN NEW.transition IN {w["settling"]} THEN NEW.findings
                    ELSE protocol.findings END,
    updated_at = NEW.at,
    updated_by = NEW.actor,
    version = NEW.protocol_version
WHERE id = NEW.protocol_id AND version = NEW.protocol_version - 1"""


def _sqlite(take_in: bool) -> list[str]:
    return [
        "DROP TRIGGER revision_applied",
        f"""CREATE TRIGGER revision_applied AFTER INSERT ON revision
BEGIN
SELECT RAISE(ABORT, '{STALE}')
    WHERE (SELECT version FROM protocol WHERE id = NEW.protocol_id)
          IS NOT NEW.protocol_version - 1;
{_step("sqlite", take_in)};
END""",
    ]


def _postgresql(schema: str, take_in: bool) -> list[str]:
    # CREATE OR REPLACE keeps the function's owner, grants and its trigger.
    return [
        f"""CREATE OR REPLACE FUNCTION revision_applied() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$
BEGIN
{_step("postgresql", take_in)};
IF NOT FOUND THEN
    RAISE EXCEPTION '{STALE}' USING ERRCODE = 'KZ001', DETAIL = 'protocol ' || NEW.protocol_id;
END IF;
RETURN NULL;
END
$$""",
        "REVOKE ALL ON FUNCTION revision_applied() FROM PUBLIC",
    ]


def _trigger(take_in: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        statements = _sqlite(take_in)
    else:
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
        statements = _postgresql(schema, take_in)
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _trigger(take_in=True)
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("how", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=True),
        sa.Column("key", sa.String(64), nullable=True),
        sa.Column("file", sa.String(300), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["protocol_id"], ["protocol.id"], name=op.f("fk_paper_protocol_id_protocol")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
    )
    with op.batch_alter_table("paper") as batch:
        batch.create_index(batch.f("ix_paper_protocol_id"), ["protocol_id"])


def downgrade() -> None:
    with op.batch_alter_table("paper") as batch:
        batch.drop_index(batch.f("ix_paper_protocol_id"))
    op.drop_table("paper")
    _trigger(take_in=False)
