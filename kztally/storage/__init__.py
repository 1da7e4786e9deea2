"""Storage: SQLAlchemy 2 mappings, Alembic migrations (inside the package), and every
SQL statement kztally runs. Nothing above this package holds ORM instances: modules here
take a session and return plain frozen records.

- `database`: `open_database(url, *, migrate=None) -> Database`, `upgrade(url)`,
  `head_revision()`; `Database.session()` is one transaction (BEGIN IMMEDIATE on SQLite),
  `Database.data_version()` the counter every write bumps.
- `models`: the tables; `migrations/versions/`: how they are made and changed.
- `accounts`, `elections`, `protocols`, `attachments`, `observers`: reading and writing
  those rows.
- `backup`: consistent copies of an SQLite file and restoring one.
- `errors`: `StorageError`, `SchemaMismatch`, `NotAKztallyDatabase`, `StaleWrite`.

A new migration: add a file to `migrations/versions/` (its `down_revision` the current
head), change `models.py` to match, and run the tests: they build every schema by
migrating and compare it with the models on SQLite and PostgreSQL.
"""
