"""Running one piece of work in many threads at once, for races against a real database."""

import threading
from contextlib import contextmanager

from django.db import connections, transaction


def run_together(work, count: int, *, timeout: float = 60) -> tuple[list, list]:
    """Call work(i) for i in range(count), each in its own thread, released together by a barrier.

    Returns (results, errors): what the calls returned and what they raised, in completion order.
    Each thread closes its own database connections, as Django opens one per thread.
    """
    barrier = threading.Barrier(count)
    results, errors = [], []

    def body(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001 - handed to the test to assert on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors


@contextmanager
def row_locked(model, pk):
    """Hold a FOR UPDATE lock on one row in another thread's transaction while the block runs."""
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                model._default_manager.select_for_update().get(pk=pk)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(30)
    try:
        yield
    finally:
        release.set()
        holder.join()
