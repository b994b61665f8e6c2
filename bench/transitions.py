"""Human-task completions per second on PostgreSQL (issue 3, requirement 8). `make bench`; never CI.

Each completion approves one district review task of the sample application flow, so the city
review opens. Three ways, side by side in one run, with 1 and 2 clients (one OS process each):

  floor  what any correct implementation must do: load the item, django-fsm-2's compare-and-set
         status update, one audit insert, one outbox insert (4 statements)
  bare   the same flow in bare viewflow (tests/sampleapp/bareflow.py): our lock_impl, no services;
         the task is assigned and completed through viewflow's activation API the way viewflow's
         own views do it (lock, load, assign, start, execute)
  ours   workflows.engine.services.approve_task: scope and role check, lock, viewflow activation,
         FSM transition, decision row, audit chain, outbox rows, reminders

Every SQL statement of the timed completions is captured (at psycopg's cursor), named and
timed; the table shows statements per completion and the database's share of the time.

The bench creates its own database (default bench_transitions on 127.0.0.1:5432, user postgres;
BENCH_DATABASE_URL overrides it), migrates it with the test settings and drops it at the end.
"""

import argparse
import copy
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_transitions"
VARIANTS = ("floor", "bare", "ours")
RATIO_TARGET = 0.5  # ours against bare, with 2 clients (issue 19, requirement 4)
FORK = multiprocessing.get_context("fork")


# --- the scratch database --------------------------------------------------------------------

def _admin_connection(url):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres", autocommit=True,
    )


def _db_name(url) -> str:
    name = urlparse(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        # The bench drops this database: refuse anything that does not look like a bench's own.
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench'")
    return name


def create_database(url):
    name = _db_name(url)
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    name = _db_name(url)
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="bench_transitions_"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- naming the statements -------------------------------------------------------------------

NAMES = {
    ("SELECT", "viewflow_process", True): "lock process",
    ("SELECT", "viewflow_task", True): "lock process + load task",
    ("SELECT", "viewflow_task", False): "select task",
    ("SELECT", "viewflow_process", False): "select process",
    ("UPDATE", "viewflow_task", False): "update task",
    ("INSERT", "viewflow_task", False): "insert task",
    ("INSERT", "viewflow_task_previous", False): "insert task link",
    ("SELECT", "viewflow_task_previous", False): "select task links",
    ("UPDATE", "viewflow_process", False): "update process",
    ("SELECT", "workflows_item", False): "select item",
    ("SELECT", "workflows_item", True): "lock item",
    ("UPDATE", "workflows_item", False): "fsm update",
    ("INSERT", "workflows_decision", False): "decision insert",
    ("SELECT", "workflows_decision", False): "select decisions",
    ("SELECT", "audit_auditchainhead", True): "audit head lock",
    ("SELECT", "audit_auditchainhead", False): "audit head select",
    ("UPDATE", "audit_auditchainhead", False): "audit head update",
    ("INSERT", "audit_auditchainhead", False): "audit head insert",
    ("INSERT", "audit_auditevent", False): "audit insert",
    ("SELECT", "notifications_notification", False): "outbox select",
    ("INSERT", "notifications_notification", False): "outbox insert",
    ("UPDATE", "notifications_notification", False): "outbox update",
    ("INSERT", "notifications_delivery", False): "delivery insert",
    ("SELECT", "notifications_delivery", False): "delivery select",
    ("UPDATE", "notifications_delivery", False): "delivery update",
    ("SELECT", "notifications_channelpreference", False): "channel choices + robots",
    ("SELECT", "workcalendar_calendarday", False): "calendar years + working days",
    ("SELECT", "notifications_policystep", False): "policy + steps",
    ("SELECT", "notifications_webhookendpoint", False): "webhook robots",
    ("UPDATE", "notifications_scheduledreminder", False): "reminders cancel/move",
    ("INSERT", "notifications_scheduledreminder", False): "reminders insert",
    ("INSERT", "workflows_taskdeadline", False): "deadline insert",
    ("SELECT", "orgs_rolegrant", False): "role grants",
    ("SELECT", "orgs_organisation", False): "select organisation",
    ("INSERT", "orgs_participation", False): "participation insert",
    ("SELECT", "orgs_user", False): "select user",
    ("SELECT", "auth_permission", False): "user permissions",
}
_TABLE = re.compile(r'(?:\bFROM|^INSERT INTO|^UPDATE) "([^"]+)"')


def _main_table(sql: str) -> str:
    """The statement's own table: the first one named outside parentheses (not a subquery's)."""
    for match in _TABLE.finditer(sql):
        before = sql[:match.start()]
        if before.count("(") == before.count(")"):
            return match.group(1)
    return "?"


def statement_name(sql: str) -> str:
    sql = sql.lstrip().lstrip("(")  # a UNION's first part may come in parentheses
    head = sql[:12].upper()
    if head.startswith("SAVEPOINT"):
        return "savepoint"
    if head.startswith("RELEASE"):
        return "release savepoint"
    if head.startswith("ROLLBACK"):
        return "rollback to savepoint"
    if head.startswith("WITH") and '"audit_auditevent"' in sql:
        return "audit insert + head update"
    if head.startswith("WITH") and '"workflows_decision"' in sql:
        return "decision + participation insert"
    verb = head.split(" ", 1)[0]
    table = _main_table(sql)
    locked = " FOR UPDATE" in sql
    return NAMES.get((verb, table, locked)) or f"{verb.lower()} {table}{' for update' if locked else ''}"


class Recorder:
    """Counts and times every statement, by name, at psycopg's cursor: Django's execute_wrapper
    would miss statements that code sends through a psycopg cursor of its own."""

    def __init__(self):
        self.count = defaultdict(int)
        self.seconds = defaultdict(float)
        self.commit_seconds = 0.0

    @contextmanager
    def installed(self, connection):
        import psycopg

        recorder, originals = self, (psycopg.Cursor.execute, psycopg.Cursor.executemany)

        def timed(method):
            def wrapper(cursor, query, *args, **kwargs):
                started = time.perf_counter()
                try:
                    return method(cursor, query, *args, **kwargs)
                finally:
                    name = statement_name(query if isinstance(query, str) else str(query))
                    recorder.count[name] += 1
                    recorder.seconds[name] += time.perf_counter() - started
            return wrapper

        commit = connection._commit

        def timed_commit():  # COMMIT is no cursor statement
            started = time.perf_counter()
            try:
                return commit()
            finally:
                recorder.commit_seconds += time.perf_counter() - started

        psycopg.Cursor.execute, psycopg.Cursor.executemany = (timed(method) for method in originals)
        connection._commit = timed_commit
        try:
            yield self
        finally:
            psycopg.Cursor.execute, psycopg.Cursor.executemany = originals
            del connection._commit


# --- the world: a tiny city and the tasks to complete ---------------------------------------

def seed_city(clients: int):
    """One department, one district with a school, each with its head; a submitter, one reviewer
    per client at the district, two city reviewers (each hears of every city review task that
    opens); everybody with an email address."""
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from core.calendar.testing import install_test_calendar
    from core.orgs.models import Organisation, User
    from core.orgs.roles import OrgKind, Role
    from core.orgs.services import grant_role

    # Deadlines are counted on the real clock: the calendar must cover this year and next.
    today = timezone.localdate()
    install_test_calendar([today.year, today.year + 1])
    bureau = Organisation.objects.create(name="沈阳市教育局", kind=OrgKind.BUREAU)
    department = Organisation.objects.create(name="基础教育处", kind=OrgKind.DEPARTMENT, parent=bureau, code="basic")
    district = Organisation.objects.create(name="和平区", kind=OrgKind.DISTRICT, parent=bureau, code="heping")
    school = Organisation.objects.create(
        name="和平一校", kind=OrgKind.SCHOOL, parent=district, code="2101020001", school_type="primary",
        ownership="public",
    )

    def person(username, role, organisation):
        user = User.objects.create_user(username=username, password="x-unused-1", full_name=username,
                                        email=f"{username}@example.invalid")
        grant_role(user=user, role=role, organisation=organisation)
        return user

    head = person("head", Role.SCHOOL_HEAD, school)
    reviewers = [person(f"reviewer{i}", Role.DISTRICT_REVIEWER, district) for i in range(clients)]
    for i in range(2):
        person(f"city{i}", Role.CITY_REVIEWER, department)
    # Heads: escalations go to them.
    district.head = person("district_head", Role.DISTRICT_HEAD, district)
    department.head = person("city_head", Role.CITY_HEAD, department)
    Organisation.objects.bulk_update([district, department], ["head"])
    permission = Permission.objects.get(content_type__app_label="sampleapp", codename="change_sampledetails")
    for reviewer in reviewers:
        reviewer.user_permissions.add(permission)
    return {"school": school, "department": department, "head": head, "reviewers": reviewers}


def _submitted_tasks(city, count, first, results):
    from django.db import connections
    from viewflow.workflow.models import Task

    from tests.sampleapp.services import sample_create, sample_submit

    try:
        task_ids = []
        for i in range(first, first + count):
            item = sample_create(organisation=city["school"], owner_department=city["department"], by=city["head"],
                                 title=f"申报{i}")
            submission = sample_submit(item=item, by=city["head"])
            task_ids.append(Task.objects.get(process_id=submission.process_id, flow_task_type="HUMAN").pk)
        results.put((first, task_ids))
    except BaseException as exc:
        results.put((first, repr(exc)))
        raise
    finally:
        connections.close_all()


def prepare_ours(city, count: int, workers: int = 2) -> list[int]:
    """`count` sample applications submitted through the services (in `workers` processes, to
    save time); their district review tasks."""
    from django.db import connections

    connections.close_all()
    results = FORK.Queue()
    share = -(-count // workers)
    procs = [FORK.Process(target=_submitted_tasks, args=(city, min(share, count - w * share), w * share, results))
             for w in range(workers)]
    for proc in procs:
        proc.start()
    parts = dict(results.get(timeout=600) for _ in procs)
    for proc in procs:
        proc.join(timeout=60)
    for part in parts.values():
        if isinstance(part, str):
            raise SystemExit(f"preparing the sample applications failed: {part}")
    return [pk for first in sorted(parts) for pk in parts[first]]


def prepare_floor(city, count: int) -> list[int]:
    """`count` items already waiting for the district review (no process: the floor has none)."""
    from tests.sampleapp.models import SampleApplication

    S = SampleApplication.Status
    items = [
        SampleApplication(kind=SampleApplication.KIND, ref_no=f"FL-{i:06d}", organisation=city["school"],
                          owner_department=city["department"], submitter=city["head"], title=f"底线{i}",
                          status=S.DISTRICT_REVIEW)
        for i in range(count)
    ]
    return [item.pk for item in SampleApplication.objects.bulk_create(items)]


def prepare_bare(city, count: int) -> list[int]:
    from viewflow.workflow.models import Task

    from tests.sampleapp.bareflow import BareApplicationFlow

    task_ids = []
    for _ in range(count):
        process = BareApplicationFlow.start.run()
        task_ids.append((process.pk, Task.objects.get(process=process, flow_task_type="HUMAN").pk))
    return task_ids


# --- one completion, three ways ----------------------------------------------------------------

def complete_floor(item_pk, user):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from notifications.models import Notification
    from workflows.engine.message_kinds import TASK_ASSIGNED

    from core.audit.hashing import GENESIS, event_hash
    from core.audit.models import AuditEvent
    from tests.sampleapp.models import SampleApplication

    with transaction.atomic():
        item = SampleApplication.objects.get(pk=item_pk)
        from_status = item.status
        item.to_city_review()  # the FSM transition ApplicationFlow declares
        item.version += 1
        item.save(update_fields=["status", "version", "updated_at"])  # UPDATE ... WHERE status = old
        event = AuditEvent(
            actor=user, action="approve", content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
            object_id=str(item.pk), target_label=str(item), from_status=from_status, to_status=item.status,
            data={}, created_at=timezone.now(), seq=1, prev_hash=GENESIS,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        Notification.objects.create(key=f"floor:{item.pk}", recipient=user, kind=TASK_ASSIGNED,
                                    params={"item": item.pk})


def complete_bare(ref, user):
    """As viewflow's views do it (its assign view, then its execute view: lock the process named
    in the URL, load the task, check its flow), in one locked transaction."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from viewflow.workflow.models import Task

    from tests.sampleapp.bareflow import BareApplicationFlow

    process_pk, task_pk = ref
    with BareApplicationFlow.lock(process_pk), transaction.atomic():
        task = Task.objects.get(pk=task_pk)
        flow_task = task.flow_task
        if task.process.flow_class is not BareApplicationFlow:
            raise PermissionDenied
        activation = flow_task.activation_class(task)
        if not flow_task.can_assign(user, task):
            raise PermissionDenied
        activation.assign(user)
        if not flow_task.can_execute(user, task):
            raise PermissionDenied
        activation.start(None)
        activation.execute()


def complete_ours(task_pk, user):
    from workflows.engine.services import approve_task

    approve_task(task=task_pk, by=user)


COMPLETE = {"floor": complete_floor, "bare": complete_bare, "ours": complete_ours}


# --- clients -------------------------------------------------------------------------------------

def as_fresh_request_user(user):
    """The user as a request's user is: no permission caches carried over from the last one."""
    fresh = copy.copy(user)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        fresh.__dict__.pop(cache, None)
    return fresh


def client(variant, refs, user_pk, warmup, barrier, results):
    from django.db import connection, connections

    from core.orgs.models import User

    try:
        user = User.objects.get(pk=user_pk)
        complete = COMPLETE[variant]
        for ref in refs[:warmup]:
            complete(ref, as_fresh_request_user(user))
        recorder = Recorder()
        barrier.wait(timeout=120)
        started = time.perf_counter()
        with recorder.installed(connection):
            for ref in refs[warmup:]:
                complete(ref, as_fresh_request_user(user))
        finished = time.perf_counter()
        results.put({"started": started, "finished": finished, "n": len(refs) - warmup,
                     "count": dict(recorder.count), "seconds": dict(recorder.seconds),
                     "commit": recorder.commit_seconds})
    except BaseException as exc:  # the parent reports it
        results.put({"error": repr(exc)})
        raise
    finally:
        connections.close_all()


def run(variant, ref_lists, user_pks, warmup):
    """One round: a client process per list of refs, released together; the aggregate."""
    from django.db import connections

    connections.close_all()  # children must not share the parent's connection
    barrier = FORK.Barrier(len(ref_lists))
    results = FORK.Queue()
    procs = [FORK.Process(target=client, args=(variant, refs, user_pk, warmup, barrier, results))
             for refs, user_pk in zip(ref_lists, user_pks)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    errors = [o["error"] for o in outcomes if "error" in o]
    if errors:
        raise SystemExit(f"{variant}: client failed: {errors[0]}")
    total = Totals()
    total.n = sum(o["n"] for o in outcomes)
    total.elapsed = max(o["finished"] for o in outcomes) - min(o["started"] for o in outcomes)
    for outcome in outcomes:
        total.busy += outcome["finished"] - outcome["started"]
        total.commit += outcome["commit"]
        for name, value in outcome["count"].items():
            total.count[name] += value
        for name, value in outcome["seconds"].items():
            total.seconds[name] += value
    return total


class Totals:
    def __init__(self):
        self.n = 0
        self.elapsed = 0.0  # wall time, first client's start to last client's end
        self.busy = 0.0  # client-seconds
        self.commit = 0.0
        self.count = defaultdict(int)
        self.seconds = defaultdict(float)

    def add(self, other):
        self.n += other.n
        self.elapsed += other.elapsed
        self.busy += other.busy
        self.commit += other.commit
        for name, value in other.count.items():
            self.count[name] += value
        for name, value in other.seconds.items():
            self.seconds[name] += value

    @property
    def rate(self):
        return self.n / self.elapsed

    @property
    def statements(self):
        return sum(self.count.values()) / self.n


# --- report --------------------------------------------------------------------------------------

# Which part of ours a statement serves, by its name (first match).
PARTS = [
    ("audit chain", ("audit",)),
    ("deadline and reminders (calendar, policy, schedule)", ("calendar", "policy", "reminders", "deadline",
                                                             "organisation")),
    ("outbox and deliveries", ("outbox", "delivery", "channel", "webhook")),
    ("viewflow (tasks, process lock, savepoints)", ("task", "process", "savepoint", "user permissions")),
    ("engine (item, FSM, decision, roles, participation)", ("",)),
]


def by_part(total) -> dict:
    parts = {part: [0, 0.0] for part, _ in PARTS}
    for name, count in total.count.items():
        part = next(part for part, words in PARTS if any(word in name for word in words))
        parts[part][0] += count
        parts[part][1] += total.seconds[name]
    return parts


def report(results, clients_list):
    print()
    print("completions per second (approve a district review task; one OS process per client)")
    print(f"{'clients':>7}  {'floor':>8}  {'bare':>8}  {'ours':>8}   {'ours/bare':>9}  {'ours/floor':>10}  "
          f"{'bare/floor':>10}")
    for clients in clients_list:
        r = {v: results[(clients, v)].rate for v in VARIANTS}
        print(f"{clients:>7}  {r['floor']:>8.1f}  {r['bare']:>8.1f}  {r['ours']:>8.1f}   "
              f"{r['ours'] / r['bare']:>9.2f}  {r['ours'] / r['floor']:>10.2f}  {r['bare'] / r['floor']:>10.2f}")

    print()
    print("SQL statements per completion (every timed completion; BEGIN/COMMIT not counted), "
          "with the mean time of each")
    for variant in VARIANTS:
        total = Totals()
        for clients in clients_list:
            total.add(results[(clients, variant)])
        print(f"  {variant}: {total.statements:.1f}")
        for name in sorted(total.count, key=lambda k: (-total.count[k], k)):
            count = total.count[name]
            print(f"    {count / total.n:5.2f}  {name:<30} {total.seconds[name] / count * 1e6:6.0f} µs")

    print()
    print("ours by part (statements per completion, ms of SQL per completion; all clients)")
    total = Totals()
    for clients in clients_list:
        total.add(results[(clients, "ours")])
    for part, (count, seconds) in by_part(total).items():
        print(f"    {part:<48} {count / total.n:5.2f}  {seconds / total.n * 1e3:6.2f} ms")

    print()
    print("where the time goes, ms per completion in each client: SQL statements + COMMIT + Python")
    for clients in clients_list:
        parts = []
        for variant in VARIANTS:
            t = results[(clients, variant)]
            per, sql, commit = (t.busy / t.n * 1e3, sum(t.seconds.values()) / t.n * 1e3, t.commit / t.n * 1e3)
            parts.append(f"{variant} {per:.2f} = {sql:.2f} + {commit:.2f} + {per - sql - commit:.2f}")
        print(f"  {clients} client{'s' if clients > 1 else ' '}: " + " | ".join(parts))

    top = max(clients_list)
    ours, bare = results[(top, "ours")], results[(top, "bare")]
    ratio, extra = ours.rate / bare.rate, ours.statements - bare.statements
    print()
    # Issue 19 restated issue 3's 0.6: bare writes no audit chain, deadline, reminders or outbox.
    print(f"target with {top} client{'s' if top > 1 else ''}: ours >= {RATIO_TARGET} x bare: {ratio:.2f} "
          f"({'met' if ratio >= RATIO_TARGET else 'MISSED'}); at most 7 statements above bare: {extra:+.1f} "
          f"({'met' if extra <= 7 else 'MISSED'})")


def profile(variant, refs, user, warmup=5):
    import cProfile
    import pstats

    complete = COMPLETE[variant]
    for ref in refs[:warmup]:
        complete(ref, as_fresh_request_user(user))
    profiler = cProfile.Profile()
    profiler.enable()
    for ref in refs[warmup:]:
        complete(ref, as_fresh_request_user(user))
    profiler.disable()
    print(f"\nprofile of {variant}, {len(refs) - warmup} completions in one process (cumulative):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=int(os.environ.get("BENCH_N", 300)),
                        help="timed completions per client and variant (default 300)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="the variants take turns this many times, so that a change in the "
                             "machine's load falls on all of them (default 3)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed completions per client and round")
    parser.add_argument("--clients", default="1,2", help="client counts (default 1,2)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", choices=VARIANTS,
                        help="also profile this variant in one process after the run (cProfile, top functions)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    clients_list = [int(c) for c in args.clients.split(",")]
    per_round = -(-args.n // args.rounds)
    per_client = (per_round + args.warmup) * args.rounds

    started = time.perf_counter()
    create_database(url)
    try:
        setup_django(url)
        city = seed_city(max(clients_list))
        prepare = {"floor": prepare_floor, "bare": prepare_bare, "ours": prepare_ours}
        refs = {}
        for variant in VARIANTS:
            ids = prepare[variant](city, per_client * sum(clients_list))
            for clients in clients_list:
                refs[(clients, variant)] = [ids[i * per_client:(i + 1) * per_client] for i in range(clients)]
                ids = ids[clients * per_client:]
        print(f"prepared {per_client * sum(clients_list)} open tasks per variant in "
              f"{time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

        results = {(clients, variant): Totals() for clients in clients_list for variant in VARIANTS}
        chunk = per_round + args.warmup
        for r in range(args.rounds):
            for clients in clients_list:
                users = [reviewer.pk for reviewer in city["reviewers"][:clients]]
                for variant in VARIANTS:
                    lists = [refs_of_client[r * chunk:(r + 1) * chunk] for refs_of_client in refs[(clients, variant)]]
                    results[(clients, variant)].add(run(variant, lists, users, args.warmup))
        report(results, clients_list)
        if args.profile:
            profile(args.profile, prepare[args.profile](city, per_round + 5), city["reviewers"][0])
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url)
    print(f"bench finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
