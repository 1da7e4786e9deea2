"""Writing many rows fast, on the session's own connection and transaction.

SQLAlchemy's executemany costs tens of microseconds a row in parameter handling, and on
PostgreSQL each row of an executemany is a statement of its own. For the national mock
(about 300,000 rows) this module goes to the driver: sqlite3's `executemany` on SQLite,
`COPY ... FROM STDIN` on PostgreSQL. Rows are only inserted: the protocols' rows follow
from the revisions by the database's own trigger (migration 0006). Values are converted
here exactly as the column types would convert them, so rows written either way read
back the same.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Table, text
from sqlalchemy import Enum as SaEnum
from sqlalchemy.orm import Session

from kztally.storage.database import mark_written
from kztally.storage.models import UTCDateTime

Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _converter(table: Table, column: str, dialect: str) -> Convert:
    if column not in table.c:  # a key of the statement, not a column (expected_version)
        return _identity
    type_ = table.c[column].type
    sqlite = dialect == "sqlite"
    if isinstance(type_, UTCDateTime):

        def when(value: dt.datetime | None) -> Any:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("a stored time must carry its zone")
            naive = value.astimezone(dt.UTC).replace(tzinfo=None)
            return naive.isoformat(" ", timespec="microseconds") if sqlite else naive

        return when
    if isinstance(type_, JSON):
        return lambda value: None if value is None else json.dumps(value)
    if isinstance(type_, SaEnum):
        return lambda value: value.value if isinstance(value, enum.Enum) else value
    if isinstance(type_, Boolean) and sqlite:
        return lambda value: None if value is None else int(value)
    return _identity


def _tuples(
    table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], dialect: str
) -> list[tuple[Any, ...]]:
    converters = [(c, _converter(table, c, dialect)) for c in columns]
    return [tuple(conv(row[c]) for c, conv in converters) for row in rows]


def _driver(session: Session) -> Any:
    return session.connection().connection.driver_connection


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` new primary keys of `table` (integer, autoincrement), in increasing order.

    SQLite: the next numbers after the largest (a write transaction there holds the
    database's write lock, so no one else takes them). PostgreSQL: from its sequence."""
    if count <= 0:
        return []
    name = table.name
    if _dialect(session) == "sqlite":
        top = session.execute(text(f"SELECT coalesce(max(id), 0) FROM {name}")).scalar_one()
        return list(range(int(top) + 1, int(top) + 1 + count))
    rows = session.execute(
        text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"
        ),
        {"table": name, "count": count},
    )
    return sorted(int(r[0]) for r in rows)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows that all have the same keys (primary keys given)."""
    if not rows:
        return
    mark_written(session)
    columns = list(rows[0])
    dialect = _dialect(session)
    values = _tuples(table, columns, rows, dialect)
    names = ", ".join(_quote(c) for c in columns)
    conn = _driver(session)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values)
        return
    with conn.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for v in values:
            copy.write_row(v)


def _quote(name: str) -> str:
    # Only the names of kztally's own columns come here; 'by' is a keyword in SQL.
    return f'"{name}"'
