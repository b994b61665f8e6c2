"""Running what the code queued for Celery, in the test's own process.

The test settings' broker is kombu's in-memory transport, which no worker reads: a test that wants
a queued job done takes it off the queue and runs it as a worker would (`apply`).
"""

from celery import current_app


def run_queued(task_name: str) -> int:
    """Take every message off the default queue; run those of `task_name` (others are dropped:
    nothing would have run them). Returns how many ran."""
    ran = 0
    with current_app.connection_for_read() as connection:
        queue = connection.SimpleQueue(current_app.conf.task_default_queue)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                message.ack()
                if message.headers.get("task") != task_name:
                    continue
                args, kwargs, _embed = message.decode()
                current_app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=True)
                ran += 1
        finally:
            queue.close()
    return ran


def purge_queued() -> None:
    """Drop what earlier tests in this process left on the default queue."""
    with current_app.connection_for_read() as connection:
        queue = connection.SimpleQueue(current_app.conf.task_default_queue)
        try:
            queue.clear()
        finally:
            queue.close()
