"""The notifications sweep and delivery on PostgreSQL (issue 5's benchmark). `make bench`; never CI.

1. One full sweep (claim, record, enqueue) with 100k and with 1M schedule rows, 10k of them due:
   its cost must follow what is due, not how many rows are open (goal: under 5 s, ratio near 1).
2. Deliveries per second through a real `celery worker` (prefork, 2 processes) with a mail backend
   that appends each message to a file (goal: 1,000/s, by batching 100 deliveries per task).
3. The lag from a reminder's due time to its hand-off to the mail backend, p50 and p99, for 10k
   reminders that fell due during the minute before the beat's sweep.

It creates its own database (bench_sweep on 127.0.0.1:5432, user postgres; BENCH_DATABASE_URL
overrides it; the name must contain "bench") and its own redis-server on a free port (the
filesystem broker if redis-server is missing), bulk-loads the schedule with COPY, and drops the
database at the end.
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import admin, db_name  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_sweep"
USERS = 2000
WORK = Path(tempfile.mkdtemp(prefix="bench_sweep_"))


# --- the scratch broker (the database: bench.scratch_db) ---------------------------------------

def start_broker():
    """A private redis-server if there is one (never the machine's shared Redis), else a folder."""
    if shutil.which("redis-server"):
        import socket
        import subprocess

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(WORK)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        return process
    os.environ.pop("REDIS_URL", None)
    return None


def setup_django(url):
    os.environ.update(DATABASE_URL=url, VAR_DIR=str(WORK / "var"), DEBUG="false", SECRET_KEY="bench-only",
                      AUDIT_HMAC_KEY="bench-only", SECURE_SSL_REDIRECT="false", LOG_LEVEL="WARNING",
                      DJANGO_SETTINGS_MODULE="core.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- loading the schedule ---------------------------------------------------------------------

def make_users():
    from core.orgs.models import User

    User.objects.bulk_create(
        User(username=f"bench{i}", full_name=f"压测用户{i}", email=f"bench{i}@example.cn", password="!")
        for i in range(USERS)
    )
    return list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))


def reset():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_delivery, notifications_notification, notifications_scheduledreminder"
        )


def load(total: int, due: int, users: list[int], now: datetime.datetime, *, due_spread: float = 60.0):
    """COPY `total` pending reminder rows, `due` of them due within `due_spread` s before `now`, the
    rest due over the next 30 days; then VACUUM ANALYZE, as autovacuum would after a bulk load."""
    from django.db import connection

    from notifications.models import ReminderPolicy

    policy = ReminderPolicy.objects.current("default").pk
    columns = ("key", "series", "kind", "state", "due_at", "offset_days", "recipient_id", "role", "policy_id",
               "params", "link", "created_at", "updated_at")
    rng = random.Random(total)
    due_rows = set(rng.sample(range(total), due))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            f"COPY notifications_scheduledreminder ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for i in range(total):
                if i in due_rows:
                    at = now - datetime.timedelta(seconds=rng.uniform(0, due_spread))
                else:
                    at = now + datetime.timedelta(seconds=rng.uniform(3600, 30 * 86400))
                copy.write_row((f"bench:{i}:reminder:1", f"bench:{i}:", "reminder", "pending", at, -1,
                                users[i % len(users)], "", policy, '{"title": "压测提醒"}', f"/tasks/{i}/", now, now))
        cursor.execute("VACUUM ANALYZE notifications_scheduledreminder")
    return time.perf_counter() - started


# --- the measurements -------------------------------------------------------------------------

def timed_sweep(now):
    from notifications.sweep import sweep

    started, cpu = time.perf_counter(), time.process_time()
    result = sweep(now=now)
    result.cpu_seconds = time.process_time() - cpu
    return time.perf_counter() - started, result


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_worker(mailbox: Path):
    from django.conf import settings

    from tests.notifications.reliability.processes import Worker

    control = WORK / "control"
    control.mkdir(exist_ok=True)
    return Worker(WORK, broker_url=settings.CELERY_BROKER_URL,
                  broker_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS, mailbox=mailbox, control=control,
                  concurrency=2).start()


def flush_broker():
    from core.celery import app

    with app.connection_for_write() as conn:
        app.amqp.queues["celery"].bind(conn.default_channel).purge()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--sizes", default="100000,1000000", help="schedule rows per sweep measurement")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = db_name(url)
    admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(url, f'CREATE DATABASE "{name}"')
    redis = start_broker()
    worker = None
    try:
        setup_django(url)
        from django.conf import settings
        from django.utils import timezone

        from notifications.models import Delivery, DeliveryState
        from tests.notifications.mailbox import read_mailbox

        print(f"bench/sweep.py: PostgreSQL {name}, broker {settings.CELERY_BROKER_URL.split('://')[0]}, "
              f"{os.cpu_count()} CPUs, {args.due:,} due, load average {os.getloadavg()[0]:.1f} at the start")
        users = make_users()

        # 1. One full sweep at two table sizes.
        sweeps = []
        for size in [int(s) for s in args.sizes.split(",")]:
            reset()
            now = timezone.now()
            loaded = load(size, args.due, users, now)
            seconds, result = timed_sweep(now)
            assert result.sent == args.due and result.deliveries == args.due, result
            sweeps.append((size, seconds))
            print(f"  sweep with {size:>9,} rows ({args.due:,} due): {seconds:6.2f} s "
                  f"({result.cpu_seconds:.2f} s CPU in the sweeping process; {result.batches} batches, "
                  f"{result.notifications:,} notifications; loaded in {loaded:.1f} s)")
        if len(sweeps) > 1:
            print(f"  ratio {sweeps[-1][0] // sweeps[0][0]}x rows: {sweeps[-1][1] / sweeps[0][1]:.2f}")

        # 2 and 3. A worker running, 10k reminders fell due over the last minute, the beat's sweep now.
        flush_broker()
        reset()
        mailbox = WORK / "mailbox.jsonl"
        worker = start_worker(mailbox)
        now = timezone.now()
        load(100_000, args.due, users, now)
        due_at = _due_times(now)
        tick = time.time()
        timed_sweep(timezone.now())
        deadline = time.monotonic() + 600
        while len(read_mailbox(mailbox)) < args.due and time.monotonic() < deadline:
            time.sleep(0.5)
        emails = read_mailbox(mailbox)
        sent = Delivery.objects.filter(state=DeliveryState.SENT).count()
        times = sorted(m["at"] for m in emails)
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        print(f"  deliveries: {len(emails):,} emails handed over, {sent:,} recorded sent; "
              f"{rate:,.0f}/s from first to last ({len(emails) / (times[-1] - tick):,.0f}/s from the sweep's start)")
        lags = [m["at"] - due_at[m["key"].split("reminder:")[0]] for m in emails]
        after = [m["at"] - tick for m in emails]
        print(f"  lag due → mail backend: p50 {percentile(lags, 50):.1f} s, p99 {percentile(lags, 99):.1f} s "
              f"(due times spread over the minute before the sweep)")
        print(f"  lag sweep start → mail backend: p50 {percentile(after, 50):.1f} s, p99 {percentile(after, 99):.1f} s")
        print(f"  load average {os.getloadavg()[0]:.1f} at the end (figures scale with what else the machine runs)")
    finally:
        if worker is not None:
            worker.stop()
        from django.db import connections

        connections.close_all()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=20)
        if not args.keep:
            admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(WORK, ignore_errors=True)


def _due_times(now) -> dict[str, float]:
    """series ("bench:<i>:") → due time (epoch seconds) of what is due at `now`."""
    from notifications.models import ScheduledReminder

    rows = ScheduledReminder.objects.filter(due_at__lte=now).values_list("series", "due_at")
    return {series: at.timestamp() for series, at in rows.iterator(chunk_size=5000)}


if __name__ == "__main__":
    main()
