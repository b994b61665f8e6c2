"""The scratch PostgreSQL database a benchmark creates and drops (its name must say "bench", so
a mistyped BENCH_DATABASE_URL can never drop a real one). Imported by the benchmarks; running it
does nothing."""

import re
from urllib.parse import urlparse


def db_name(url) -> str:
    name = urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench'")
    return name


def admin(url, statement):
    """Run `statement` on the server's `postgres` database (CREATE/DROP DATABASE)."""
    import psycopg

    parts = urlparse(url)
    with psycopg.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                         user=parts.username or "postgres", password=parts.password, dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(statement)


def in_scratch_database(url, setup, run):
    """Create the scratch database of `url`, `setup(url)` Django in it, `run()`, and drop it
    whatever happens."""
    name = db_name(url)
    admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(url, f'CREATE DATABASE "{name}"')
    try:
        setup(url)
        run()
    finally:
        from django.db import connections

        connections.close_all()
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
