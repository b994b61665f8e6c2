"""Several new rows in one round trip: on PostgreSQL, one statement of data-modifying CTEs.

An act writes a handful of small independent rows (a decision and the decider's participation);
each round trip costs as much as the insert itself. Django compiles each INSERT as it would for
save() (defaults, auto_now_add, field conversion); here they are chained as
`WITH a AS (INSERT ...), b AS (INSERT ...) INSERT ... RETURNING id`. Elsewhere (SQLite), one
statement each. No model signals are sent, as with bulk_create.
"""

from dataclasses import dataclass

from django.db import connections, router
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


@dataclass
class NewRow:
    obj: object
    # Skip the row if it collides with an existing one (ON CONFLICT DO NOTHING); its pk stays None.
    ignore_conflicts: bool = False


def insert_together(*rows: NewRow) -> None:
    """INSERT every row's object; each non-ignored object gets its primary key back."""
    model = type(rows[0].obj)
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql" or len(rows) == 1:
        for row in rows:
            _save_alone(row, using)
        return
    ctes, params, keyed = [], [], []
    for n, row in enumerate(rows):
        sql, row_params = _compiled(row, connection, using)
        ctes.append(f"r{n} AS ({sql})")
        params.extend(row_params)
        if not row.ignore_conflicts:
            keyed.append((n, row.obj))
    # The new keys come back as the rows of one SELECT over the CTEs.
    select = " UNION ALL ".join(
        f"SELECT {n}, {connection.ops.quote_name(obj._meta.pk.column)} FROM r{n}" for n, obj in keyed
    ) or "SELECT NULL, NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {select}", params)
        keys = dict(cursor.fetchall())
    for n, obj in keyed:
        _mark_saved(obj, keys[n], using)


def _compiled(row: NewRow, connection, using):
    obj = row.obj
    opts = obj._meta
    fields = [f for f in opts.local_concrete_fields if not (f.primary_key and f.auto_created)]
    query = InsertQuery(type(obj), on_conflict=OnConflict.IGNORE if row.ignore_conflicts else None)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(using=using, connection=connection)
    compiler.returning_fields = None if row.ignore_conflicts else [opts.pk]
    (sql, params), = compiler.as_sql()
    return sql, params


def _save_alone(row: NewRow, using) -> None:
    obj = row.obj
    if row.ignore_conflicts:
        type(obj)._default_manager.using(using).bulk_create([obj], ignore_conflicts=True)
    else:
        obj.save(force_insert=True, using=using)


def _mark_saved(obj, pk, using) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using
