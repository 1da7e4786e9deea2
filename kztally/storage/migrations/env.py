"""Alembic's environment for kztally's migrations.

kztally runs them itself (`kztally.storage.database.upgrade`), handing over the
connection in `config.attributes["connection"]` so that the advisory lock (PostgreSQL) or
the BEGIN IMMEDIATE transaction (SQLite) covers the whole upgrade. A developer writing a
new migration may also run Alembic's own command with `sqlalchemy.url` set.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from kztally.storage.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("kztally's migrations run through `kztally db upgrade`")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


_main()
