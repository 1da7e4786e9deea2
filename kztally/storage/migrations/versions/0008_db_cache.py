"""The protocol row, a cache the database keeps from the revisions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08

An AFTER INSERT trigger on `revision` brings its protocol's row up to date: state, round,
breach, which entries are the first, second and agreed, the agreed figures' finding
codes, and the figure columns copied from the agreed entry. The rules are those of
`kztally.domain.audit.derive`, which `kztally audit verify` replays; the trigger's text
is written once below, with the few words the two dialects spell differently filled in.

So the programs never update a protocol: they insert its entries and revisions, and on
PostgreSQL the workstations need no right to change the table (the trigger's function
runs with its owner's rights, SECURITY DEFINER; db/grants.sql).

- `revision.protocol_version`: the protocol's version this revision makes (the version
  it was read at, plus one per revision of the save). The trigger updates the row only
  while its version is the one before, else it fails the insert: "changed by someone else
  meanwhile", checked by the database, however many workstations write at once.
- `entry.figures_key`: the digest of the entry's figures (the W6 look-up), which SQL
  cannot compute; the trigger copies the agreed entry's into the protocol row. Filled in
  here for the entries written before.

Older revisions keep no `protocol_version`; from this revision on the trigger keeps
every protocol row.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from kztally.domain.protocol import Figures
from kztally.storage.protocols import STALE_MESSAGE, figures_key

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STALE = STALE_MESSAGE
"""The message the trigger fails an insert with (`kztally.storage.protocols.is_stale`)."""

_SETTLING = "('second_entry', 'keep_first', 'keep_second', 'correct', 'accept', "
_SETTLING += "'accept_warnings', 'accept_breach')"
_RESET = "('send_back', 'recount')"

_AGREED = """CASE
        WHEN NEW.transition = 'second_entry' AND NEW.state <> 'entries_differ' THEN NEW.entry_id
        WHEN NEW.transition IN ('keep_first', 'keep_second', 'correct') THEN NEW.entry_id
        WHEN NEW.transition IN ('first_entry', 'second_entry', 'send_back', 'recount')
        THEN NULL
        ELSE protocol.agreed_entry_id END"""
"""The agreed entry after the revision."""

# What a revision (NEW) makes of its protocol's row: the state machine's steps as
# `kztally.domain.audit.derive` replays them, and the figures of the agreed entry. One
# statement, one write of the row; in SET, protocol.x is the value before the update.
_STEP = f"""
UPDATE protocol SET
    state = NEW.state,
    round = NEW.round,
    breach = CASE NEW.transition WHEN 'accept_breach' THEN true
                                 WHEN 'annul' THEN protocol.breach ELSE false END,
    first_entry_id = CASE WHEN NEW.transition = 'first_entry' THEN NEW.entry_id
                          WHEN NEW.transition IN {_RESET} THEN NULL
                          ELSE protocol.first_entry_id END,
    second_entry_id = CASE WHEN NEW.transition = 'second_entry' THEN NEW.entry_id
                           WHEN NEW.transition IN {_RESET} OR NEW.transition = 'first_entry'
                           THEN NULL
                           ELSE protocol.second_entry_id END,
    agreed_entry_id = {_AGREED},
    (line1, line2, line3, line4, line5, line6, line7, line8, against_all, votes, acts,
     figures_key) = (
        SELECT {{lines}}, {{against_all}}, {{votes}}, coalesce(entry.acts, ''),
               CASE WHEN NEW.state IN ('pending', 'accepted') THEN entry.figures_key END
        FROM (SELECT 1 AS one) AS one LEFT JOIN entry ON entry.id = {_AGREED}
    ),
    findings = CASE WHEN ({_AGREED}) IS NULL THEN ''
                    WHEN NEW.transition IN {_SETTLING} THEN NEW.findings
                    ELSE protocol.findings END,
    updated_at = NEW.at,
    updated_by = NEW.actor,
    version = NEW.protocol_version
WHERE id = NEW.protocol_id AND version = NEW.protocol_version - 1"""


def _step(dialect: str) -> str:
    """The statement, with what the dialects spell differently: reading JSON."""
    if dialect == "sqlite":
        lines = ", ".join(f"json_extract(entry.figures, '$.lines[{n}]')" for n in range(8))
        return _STEP.format(
            lines=lines,
            against_all="json_extract(entry.figures, '$.against_all')",
            votes="json_extract(entry.figures, '$.votes')",
        )
    lines = ", ".join(f"CAST(entry.figures -> 'lines' ->> {n} AS integer)" for n in range(8))
    return _STEP.format(
        lines=lines,
        against_all="CAST(entry.figures ->> 'against_all' AS integer)",
        votes="entry.figures -> 'votes'",
    )


def _sqlite() -> list[str]:
    # SQLite's writers are serialized (BEGIN IMMEDIATE): the version is checked first.
    return [
        f"""CREATE TRIGGER revision_applied AFTER INSERT ON revision
BEGIN
SELECT RAISE(ABORT, '{STALE}')
    WHERE (SELECT version FROM protocol WHERE id = NEW.protocol_id)
          IS NOT NEW.protocol_version - 1;
{_step("sqlite")};
END"""
    ]


def _postgresql(schema: str) -> list[str]:
    # The UPDATE's own WHERE checks the version: after waiting for another writer's row
    # lock, PostgreSQL evaluates it again on the row that writer left.
    return [
        f"""CREATE FUNCTION revision_applied() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = "{schema}", pg_temp AS $$
BEGIN
{_step("postgresql")};
IF NOT FOUND THEN
    RAISE EXCEPTION '{STALE}' USING ERRCODE = 'KZ001', DETAIL = 'protocol ' || NEW.protocol_id;
END IF;
RETURN NULL;
END
$$""",
        "REVOKE ALL ON FUNCTION revision_applied() FROM PUBLIC",
        "CREATE TRIGGER revision_applied AFTER INSERT ON revision "
        "FOR EACH ROW EXECUTE FUNCTION revision_applied()",
    ]


def _fill_figures_keys(conn: sa.Connection) -> None:
    entry = sa.table("entry", sa.column("id", sa.Integer()), sa.column("figures_key", sa.String()))
    after = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, figures FROM entry WHERE id > :after ORDER BY id LIMIT 5000"),
            {"after": after},
        ).all()
        if not rows:
            return
        keys: list[dict[str, Any]] = []
        for r in rows:
            d = r.figures if isinstance(r.figures, dict) else json.loads(r.figures)
            f = Figures(tuple(d["lines"]), tuple(d["votes"]), d["against_all"])
            keys.append({"entry_id": r.id, "key": figures_key(f)})
        conn.execute(
            entry.update()
            .where(entry.c.id == sa.bindparam("entry_id"))
            .values(figures_key=sa.bindparam("key")),
            keys,
        )
        after = rows[-1].id


def upgrade() -> None:
    op.add_column("entry", sa.Column("figures_key", sa.String(40), nullable=True))
    op.add_column("revision", sa.Column("protocol_version", sa.Integer(), nullable=True))
    conn = op.get_bind()
    _fill_figures_keys(conn)
    if conn.dialect.name == "sqlite":
        statements = _sqlite()
    else:
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
        statements = _postgresql(schema)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER revision_applied ON revision")
        op.execute("DROP FUNCTION revision_applied()")
    else:
        op.execute("DROP TRIGGER revision_applied")
    with op.batch_alter_table("revision") as batch:
        batch.drop_column("protocol_version")
    with op.batch_alter_table("entry") as batch:
        batch.drop_column("figures_key")
