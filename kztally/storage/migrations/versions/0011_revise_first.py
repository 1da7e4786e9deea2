"""A clerk corrects their own first entry: the trigger learns `revise_first`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The protocol row's trigger (migrations 0008, 0010) learns the transition `revise_first`
(`kztally.domain.entry.revise_first`): the clerk who made a protocol's first entry
corrects it while the protocol waits for its second entry. The revision's entry becomes
the first entry; the protocol stays `first_entry`, with no second or agreed entry and no
findings. The rules stay those of `kztally.domain.audit.derive`. No table or column is
added; the downgrade puts back migration 0010's trigger.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STALE = "kztally: protocol changed meanwhile"
"""The message the trigger fails an insert with (`kztally.storage.protocols.is_stale`)."""


def _sets(revise: bool) -> dict[str, str]:
    settling = "('second_entry', 'keep_first', 'keep_second', 'correct', 'accept', "
    settling += "'accept_warnings', 'accept_breach', 'take_in')"
    second = "('second_entry', 'take_in')"
    cleared = "('first_entry', 'second_entry', 'send_back', 'recount', 'take_in'"
    cleared += ", 'revise_first')" if revise else ")"
    first = "WHEN NEW.transition = 'take_in' AND protocol.state = 'not_entered' THEN NEW.entry_id"
    if revise:
        first += "\n                          WHEN NEW.transition = 'revise_first' THEN NEW.entry_id"
    return {"settling": settling, "second": second, "cleared": cleared, "first": first}


def _step(dialect: str, revise: bool) -> str:
    w = _sets(revise)
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


def _sqlite(revise: bool) -> list[str]:
    return [
        "DROP TRIGGER revision_applied",
        f"""CREATE TRIGGER revision_applied AFTER INSERT ON revision
BEGIN
SELECT RAISE(ABORT, '{STALE}')
    WHERE (SELECT version FROM protocol WHERE id = NEW.protocol_id)
          IS NOT NEW.protocol_version - 1;
{_step("sqlite", revise)};
END""",
    ]


def _postgresql(schema: str, revise: bool) -> list[str]:
    # CREATE OR REPLACE keeps the function's owner, grants and its trigger.
    return [
        f"""CREATE OR REPLACE FUNCTION revision_applied() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$
BEGIN
{_step("postgresql", revise)};
IF NOT FOUND THEN
    RAISE EXCEPTION '{STALE}' USING ERRCODE = 'KZ001', DETAIL = 'protocol ' || NEW.protocol_id;
END IF;
RETURN NULL;
END
$$""",
        "REVOKE ALL ON FUNCTION revision_applied() FROM PUBLIC",
    ]


def _trigger(revise: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        statements = _sqlite(revise)
    else:
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
        statements = _postgresql(schema, revise)
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _trigger(revise=True)


def downgrade() -> None:
    _trigger(revise=False)
