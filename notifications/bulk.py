"""Writing many rows at once, for the sweep and the publisher, which handle thousands of
notifications and deliveries a minute at peak.

On PostgreSQL: one INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING, and
UPDATE … WHERE id = ANY(array), with server-side binding (Django builds and binds such statements
row by row on the client, which costs more than the database's work). Elsewhere (SQLite, the
embedded default) bulk_create and update.
"""

import json

import psycopg
from django.db import connection

CHUNK = 5000


def insert_rows(model, rows: list[dict], *, new_only: bool = False) -> dict[str, int]:
    """Insert rows (dicts of attribute names → values) of a model with a unique `key`, skipping
    keys that exist. Returns key → id for every row given (inserted or already there), or with
    `new_only` for the rows inserted now only (what an idempotent write goes on to route)."""
    if new_only and connection.vendor != "postgresql" and rows:
        # SQLite serialises writers (IMMEDIATE transactions): a key not there now is ours to insert.
        existing = set(model.objects.filter(key__in=[row["key"] for row in rows]).values_list("key", flat=True))
        return insert_rows(model, [row for row in rows if row["key"] not in existing])
    if not rows:
        return {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    ids: dict[str, int] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = [{**defaults, **row} for row in rows[start:start + CHUNK]]
        if connection.vendor == "postgresql":
            ids.update(_insert_unnest(model, fields, chunk))
        else:
            model.objects.bulk_create([model(**row) for row in chunk], ignore_conflicts=True)
        missing = [] if new_only else [row["key"] for row in chunk if row["key"] not in ids]
        if missing:
            ids.update(model.objects.filter(key__in=missing).values_list("key", "pk"))
    return ids


def insert_new(objs) -> set[str]:
    """Insert these unsaved instances of one model with a unique `key`, skipping keys that exist
    (no savepoint, no read first on PostgreSQL); the inserted ones get their pk and count as
    saved. Returns the keys inserted."""
    objs = list(objs)
    if not objs:
        return set()
    names = [f.attname for f in type(objs[0])._meta.concrete_fields if not f.primary_key]
    ids = insert_rows(type(objs[0]), [{name: getattr(obj, name) for name in names} for obj in objs], new_only=True)
    for obj in objs:
        if obj.key in ids:
            obj.pk, obj._state.adding, obj._state.db = ids[obj.key], False, connection.alias
    return set(ids)


def _insert_unnest(model, fields, rows) -> dict[str, int]:
    quote = connection.ops.quote_name
    columns, arrays, params = [], [], []
    for field in fields:
        columns.append(quote(field.column))
        db_type = field.db_type(connection)
        values = [row[field.attname] for row in rows]
        if db_type == "jsonb":
            arrays.append("%s::text[]::jsonb[]")
            params.append([None if v is None else json.dumps(v, cls=field.encoder) for v in values])
        else:
            # Strings, integers, aware datetimes and None: psycopg adapts them as they are.
            arrays.append(f"%s::{db_type}[]")
            params.append(values)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) SELECT * FROM unnest({', '.join(arrays)}) "
        f'ON CONFLICT ("key") DO NOTHING RETURNING "key", "id"'
    )
    with _server_cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def update_by_ids(model, ids, *, where: dict | None = None, **values) -> int:
    """UPDATE rows by id (plain values only), optionally only those whose columns equal `where`."""
    ids = list(ids)
    where = where or {}
    if not ids:
        return 0
    if connection.vendor != "postgresql":
        return model.objects.filter(pk__in=ids, **where).update(**values)
    quote = connection.ops.quote_name
    meta = model._meta
    sets = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in values)
    conditions = "".join(f" AND {quote(meta.get_field(name).column)} = %s" for name in where)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = ANY(%s){conditions}"
    with _server_cursor() as cursor:
        cursor.execute(sql, [*values.values(), ids, *where.values()])
        return cursor.rowcount


def _server_cursor():
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)
