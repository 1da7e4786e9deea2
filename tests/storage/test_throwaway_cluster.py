"""The throwaway cluster a test run makes on a machine where PostgreSQL is installed but no
server answers (tests/pgcluster.py): it must accept the tests' connections, hold a kztally
schema, and leave nothing behind."""

from __future__ import annotations

import psycopg
import pytest

from kztally.storage.database import open_database
from tests import pgcluster
from tests.conftest import postgres_unavailable


def test_a_throwaway_cluster_takes_the_tests_connections_and_leaves_nothing() -> None:
    try:
        cluster = pgcluster.start()
    except pgcluster.ClusterError as exc:
        postgres_unavailable(str(exc))
    try:
        assert cluster.port != 5432
        with psycopg.connect(cluster.url, connect_timeout=5, autocommit=True) as conn:
            row = conn.execute("SELECT current_user, inet_server_addr()::text").fetchone()
            assert row == ("postgres", "127.0.0.1/32")
            conn.execute("CREATE DATABASE kztally_throwaway")
        url = f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/kztally_throwaway"
        db = open_database(url, migrate=True)
        try:
            assert db.data_version() >= 0
        finally:
            db.close()
    finally:
        cluster.stop()
    assert not cluster.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(cluster.url, connect_timeout=3).close()
