"""Counting SQL statements at psycopg's cursor, for tests that keep a statement count down.

Django's CaptureQueriesContext misses statements that code sends through a psycopg cursor of
its own (notifications.bulk does, for server-side binding); this sees every one on PostgreSQL.
"""

from contextlib import contextmanager

import psycopg


@contextmanager
def statements():
    """The SQL text of every statement sent in the block, in order."""
    sent = []
    originals = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def counted(method):
        def wrapper(cursor, query, *args, **kwargs):
            sent.append(query if isinstance(query, str) else str(query))
            return method(cursor, query, *args, **kwargs)
        return wrapper

    psycopg.Cursor.execute, psycopg.Cursor.executemany = counted(originals[0]), counted(originals[1])
    try:
        yield sent
    finally:
        psycopg.Cursor.execute, psycopg.Cursor.executemany = originals
