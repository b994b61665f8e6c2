"""A city of five years on PostgreSQL (issue 19, requirements 1 and 2). `make bench`; never CI.

1. Loads Shenyang: the bureau, its 6 departments, 13 districts, 1,600 schools, 30,000 people with
   role grants, and, times `--scale` (1.0 = the issue's sizes), 300,000 sample items in every state
   with their submission, participation and process, 3,000,000 tasks (about ten per item: reviews,
   returns, resubmissions; the open ones queued or claimed), 10,000,000 audit events and 5,000,000
   reminder-schedule rows. Everything goes in by COPY, then VACUUM ANALYZE, as autovacuum would
   leave the tables. A marker table keeps the scale: a second run at the same scale reuses the
   city (the database is kept; --reload drops it first).
2. Single requests against it, one signed-in user at a time, warm, through Django's test client
   (in process: the view, the ORM and PostgreSQL, no HTTP server): 待办, 可领取, 已办, 事项查询
   with a Chinese substring, the item page, 统计 and the API lists, for a district reviewer, a city
   reviewer and a school head. Prints p50/p95/p99 and the statements per page, and the planned
   cost of the item-visibility query with and without its 委托 branch (JIT fires above
   jit_above_cost).

The audit events are history-shaped rows, not a chain: their hashes are not computed (audit_verify
would refuse them). Database: bench_city on 127.0.0.1:5432 (BENCH_DATABASE_URL overrides it; the
name must contain "bench"), migrated with the test settings (the sample kind is a test app).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import admin, db_name  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_city"
FULL = {"items": 300_000, "tasks": 3_000_000, "events": 10_000_000, "schedule": 5_000_000}
SCHOOLS, PEOPLE = 1600, 30_000
DISTRICTS = ("和平区", "沈河区", "大东区", "皇姑区", "铁西区", "苏家屯区", "浑南区", "沈北新区", "于洪区", "辽中区",
             "康平县", "法库县", "新民市")
DEPARTMENTS = (("basic", "基础教育处"), ("preschool", "学前教育处"), ("vocational", "职业教育处"),
               ("teachers", "教师工作处"), ("supervision", "督导室"), ("office", "办公室"))
SCHOOL_KINDS = (("第%s幼儿园", "kindergarten"), ("第%s小学", "primary"), ("第%s初级中学", "junior"),
                ("第%s高级中学", "senior"), ("第%s九年一贯制学校", "nine_year"))
TOPICS = ("课后服务试点校", "劳动教育特色学校", "智慧校园示范校", "体育传统项目学校", "书香校园", "平安校园",
          "心理健康教育特色校", "科技创新实验校", "美育浸润行动校", "家校共育示范校")
FLOW = "sampleapp/flows.ApplicationFlow"
# Final states and how often: about 1 in 5 items is still in review or returned.
STATES = (("approved", 50), ("rejected", 9), ("withdrawn", 4), ("lapsed", 3), ("draft", 5),
          ("district_review", 13), ("city_review", 11), ("returned", 5))
OPEN_STATES = {"district_review", "city_review", "returned"}
MARKER = "bench_city_marker"
WORK = Path(tempfile.mkdtemp(prefix="bench_city_"))


def setup_django(url):
    os.environ.update(DATABASE_URL=url, VAR_DIR=str(WORK / "var"), DEBUG="false", LOG_LEVEL="WARNING",
                      DJANGO_SETTINGS_MODULE="tests.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- loading ------------------------------------------------------------------------------------

class Ids:
    """The next id of each table, taken from its sequence once and set back after the load."""

    def __init__(self, cursor, tables):
        self.next = {}
        for table in tables:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            self.next[table] = cursor.fetchone()[0]

    def take(self, table, n=1):
        first = self.next[table]
        self.next[table] += n
        return first

    def restore(self, cursor):
        for table, value in self.next.items():
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, false)", [value])


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        count = 0
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def city_people(cursor, ids, now):
    """The organisation tree and its people. Returns what the items need: per school (id, name,
    district id, applicant ids), per district its reviewers, per department its reviewers."""
    org_cols = ("id", "name", "kind", "path", "code", "school_type", "ownership", "is_active", "parent_id",
                "is_rural", "address")
    orgs = []
    bureau = ids.take("orgs_organisation")
    root = f"{bureau:010d}/"
    orgs.append((bureau, "沈阳市教育局", "bureau", root, "shenyang", "", "", True, None, False, ""))
    departments = []
    for code, name in DEPARTMENTS:
        pk = ids.take("orgs_organisation")
        departments.append(pk)
        orgs.append((pk, name, "department", f"{root}{pk:010d}/", code, "", "", True, bureau, False, ""))
    districts = []
    for n, name in enumerate(DISTRICTS):
        pk = ids.take("orgs_organisation")
        districts.append((pk, name, f"{root}{pk:010d}/"))
        orgs.append((pk, name, "district", f"{root}{pk:010d}/", f"d{n:02d}", "", "", True, bureau, n >= 10, ""))
    schools = []
    for n in range(SCHOOLS):
        district, district_name, path = districts[n % len(districts)]
        pattern, school_type = SCHOOL_KINDS[n % len(SCHOOL_KINDS)]
        pk = ids.take("orgs_organisation")
        name = district_name + pattern % (n // len(districts) + 1)
        schools.append({"id": pk, "name": name, "district": district, "staff": []})
        orgs.append((pk, name, "school", f"{path}{pk:010d}/", f"s{n:05d}", school_type,
                     "public" if n % 7 else "private", True, district, n % 5 == 0, f"{district_name}某路{n}号"))
    copy_rows(cursor, "orgs_organisation", org_cols, orgs)

    user_cols = ("id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
                 "is_active", "date_joined", "full_name", "phone", "must_change_password", "staff_number")
    grant_cols = ("id", "role", "organisation_id", "user_id")
    users, grants = [], []
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"

    def person(role, organisation):
        pk = ids.take("orgs_user")
        name = surnames[pk % len(surnames)] + "老师" + str(pk)
        users.append((pk, "!", False, f"city{pk}", "", "", f"city{pk}@example.cn", False, True, now, name, "",
                      False, ""))
        grants.append((ids.take("orgs_rolegrant"), role, organisation, pk))
        return pk

    district_reviewers = {pk: [person("district_reviewer", pk) for _ in range(4)] for pk, _n, _p in districts}
    for pk, _n, _p in districts:
        person("district_head", pk)
        person("district_staff", pk)
    department_reviewers = {pk: [person("city_reviewer", pk) for _ in range(6)] for pk in departments}
    for pk in departments:
        person("city_head", pk)
    person("admin", bureau)
    for n in range(300):
        person("expert" if n < 250 else "inspector", schools[n]["id"])
    for school in schools:
        person("school_head", school["id"])
    while len(users) < PEOPLE:  # the rest are teachers who apply
        school = schools[len(users) % len(schools)]
        school["staff"].append(person("applicant", school["id"]))
    copy_rows(cursor, "orgs_user", user_cols, users)
    copy_rows(cursor, "orgs_rolegrant", grant_cols, grants)
    return schools, district_reviewers, department_reviewers


def item_history(rng, state, reviewers, city_reviewers, submitter):
    """The tasks of one item, oldest first, as (step, type, status, owner, role, queue org): about
    ten, from the rounds of review and return its history had."""
    district, dept = reviewers, city_reviewers
    tasks = [("start", "START", "DONE", submitter, None, None)]
    if state == "draft":
        return []
    rounds = rng.choice((1, 2, 3, 3, 4))
    for n in range(rounds):
        last = n == rounds - 1
        tasks.append(("district_review", "HUMAN", "DONE", rng.choice(district["people"]), "district_reviewer",
                      district["id"]))
        if last and state == "district_review":
            owner = rng.choice(district["people"]) if rng.random() < 0.3 else None
            tasks[-1] = ("district_review", "HUMAN", "ASSIGNED" if owner else "NEW", owner, "district_reviewer",
                         district["id"])
            return tasks
        if last and state in ("rejected", "withdrawn") and rng.random() < 0.5:
            break
        tasks.append(("city_review", "HUMAN", "DONE", rng.choice(dept["people"]), "city_reviewer", dept["id"]))
        if last and state == "city_review":
            owner = rng.choice(dept["people"]) if rng.random() < 0.3 else None
            tasks[-1] = ("city_review", "HUMAN", "ASSIGNED" if owner else "NEW", owner, "city_reviewer", dept["id"])
            return tasks
        if not last or state in ("returned", "lapsed"):
            tasks.append(("revise", "HUMAN", "ASSIGNED" if last and state == "returned" else "DONE", submitter,
                          None, None))
    if state == "lapsed":
        tasks.append(("lapsed", "END", "DONE", None, None, None))
    elif state in ("approved", "rejected"):
        tasks.append((state, "END", "DONE", None, None, None))
    return tasks


def load_items(cursor, ids, scale, people, now, *, events=True, schedule=True):
    """Items, their submissions, participations, processes, tasks, audit events and reminders."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import ReminderPolicy
    from workflows.engine.models import Item

    schools, district_reviewers, department_reviewers = people
    item_type = ContentType.objects.get_for_model(Item).pk
    policy = ReminderPolicy.objects.current("default").pk if schedule else None
    rng = random.Random(19)
    departments = list(department_reviewers)
    n_items = int(FULL["items"] * scale)
    events_per_item = FULL["events"] / FULL["items"]
    schedule_per_item = FULL["schedule"] / FULL["items"]
    state_names, state_weights = zip(*STATES, strict=True)

    items, submissions, participations, processes, tasks, audit, reminders = ([] for _ in range(7))
    first_item = ids.take("workflows_item", n_items)
    for n in range(n_items):
        pk = first_item + n
        school = schools[rng.randrange(len(schools))]
        submitter = rng.choice(school["staff"])
        department = rng.choice(departments)
        state = rng.choices(state_names, state_weights)[0]
        created = now - datetime.timedelta(days=rng.uniform(0, 5 * 365))
        year = created.year
        title = f"{school['name']}{year}年度{TOPICS[n % len(TOPICS)]}申报"
        submission = None if state == "draft" else ids.take("workflows_submission")
        items.append((pk, "sample", f"SA-{year}-{pk:07d}", title, state, 1, created, created, school["id"],
                      department, submitter, submission))
        participations.append((ids.take("orgs_participation"), pk, "submitter", created, item_type, submitter))
        if submission is None:
            continue
        process = ids.take("viewflow_process")
        submissions.append((submission, 1, created, "{}", "[]", pk, process, submitter))
        history = item_history(rng, state, {"id": school["district"], "people": district_reviewers[school["district"]]},
                               {"id": department, "people": department_reviewers[department]}, submitter)
        finished = None if state in OPEN_STATES else created + datetime.timedelta(days=30)
        processes.append((process, FLOW, "NEW" if finished is None else "DONE", created, finished, item_type, pk,
                          "{}"))
        at = created
        for step, node_type, status, owner, role, queue in history:
            at += datetime.timedelta(hours=rng.uniform(1, 120))
            done = at if status == "DONE" else None
            tasks.append((ids.take("viewflow_task"), f"{FLOW}.{step}", node_type, status, at, at, done, "start",
                          role, owner, process, str(queue) if queue else None, "{}"))
        if events:
            for e in range(int(events_per_item) + (rng.random() < events_per_item % 1)):
                at = created + datetime.timedelta(minutes=e * 37)
                audit.append((uuid.UUID(int=rng.getrandbits(128)), "task_approve" if e else "item_submit", str(pk),
                              title[:200], "", state if e else "draft", "", "{}", at, 0, "", "", submitter,
                              item_type, school["id"], "bench"))
        if schedule:
            open_now = state in OPEN_STATES
            for r in range(int(schedule_per_item) + (rng.random() < schedule_per_item % 1)):
                pending = open_now and r < 3
                due = now + datetime.timedelta(days=r + 1) if pending else created + datetime.timedelta(days=r + 1)
                reminders.append((f"item:{pk}:due{r}:reminder:1", f"item:{pk}:due{r}:", "reminder",
                                  "pending" if pending else "cancelled", due, -1, submitter, "", policy,
                                  '{"title": "城市压测"}', f"/work/items/{pk}/", created, created, item_type, pk))
    counts = {
        "items": copy_rows(cursor, "workflows_item", ("id", "kind", "ref_no", "title", "status", "version", "created_at",
                                                       "updated_at", "organisation_id", "owner_department_id",
                                                       "submitter_id", "last_submission_id"), items),
        "submissions": copy_rows(cursor, "workflows_submission", ("id", "number", "submitted_at", "fields", "files",
                                                                  "item_id", "process_id", "submitted_by_id"),
                                 submissions),
        "participations": copy_rows(cursor, "orgs_participation", ("id", "object_id", "reason", "created_at",
                                                                   "content_type_id", "user_id"), participations),
        "processes": copy_rows(cursor, "viewflow_process", ("id", "flow_class", "status", "created", "finished",
                                                            "artifact_content_type_id", "artifact_object_id", "data"),
                               processes),
        "tasks": copy_rows(cursor, "viewflow_task", ("id", "flow_task", "flow_task_type", "status", "created",
                                                     "started", "finished", "token", "owner_permission", "owner_id",
                                                     "process_id", "owner_permission_obj_pk", "data"), tasks),
    }
    if events:
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_auditevent")
        seq = cursor.fetchone()[0]
        audit = [row[:9] + (seq + n + 1,) + row[10:] for n, row in enumerate(audit)]
        counts["events"] = copy_rows(cursor, "audit_auditevent", (
            "id", "action", "object_id", "target_label", "from_status", "to_status", "comment", "data", "created_at",
            "seq", "prev_hash", "hash", "actor_id", "content_type_id", "organisation_id", "key_id"), audit)
    if schedule:
        counts["schedule"] = copy_rows(cursor, "notifications_scheduledreminder", (
            "key", "series", "kind", "state", "due_at", "offset_days", "recipient_id", "role", "policy_id", "params",
            "link", "created_at", "updated_at", "target_type_id", "target_id"), reminders)
    return counts


TABLES = ("orgs_organisation", "orgs_user", "orgs_rolegrant", "orgs_participation", "workflows_item",
          "workflows_submission", "viewflow_process", "viewflow_task")


def load_city(cursor, scale, *, events=True, schedule=True):
    """The whole city in the current transaction (the caller commits, then VACUUM ANALYZE)."""
    now = datetime.datetime.now(datetime.UTC)
    ids = Ids(cursor, TABLES)
    people = city_people(cursor, ids, now)
    counts = load_items(cursor, ids, scale, people, now, events=events, schedule=schedule)
    ids.restore(cursor)
    return counts


def ensure_city(scale, reload):
    """Load the city unless the marker says this scale is there already. Returns (loaded now?, counts)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (scale real, seconds real, counts text)")
        cursor.execute(f"SELECT scale, seconds, counts FROM {MARKER}")
        row = cursor.fetchone()
    if row and abs(row[0] - scale) < 1e-9 and not reload:
        print(f"city at scale {row[0]} already loaded (in {row[1]:.0f} s): {row[2]}")
        return False
    if row:
        raise SystemExit(f"bench_city holds scale {row[0]}; run with --reload to replace it")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as raw:
        counts = load_city(raw.connection.cursor(), scale)
    copied = time.perf_counter() - started
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        total = time.perf_counter() - started
        cursor.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, %s)", [scale, total, repr(counts)])
    rows = sum(counts.values())
    print(f"loaded scale {scale}: {counts}\n  {rows:,} rows: COPY {copied:.0f} s, VACUUM ANALYZE {total - copied:.0f} s"
          f" ({rows / copied:,.0f} rows/s; scale 1.0 ≈ {total / scale / 60:.0f} min at this rate) load {load_average()}")
    return True


# --- measuring ----------------------------------------------------------------------------------

def load_average():
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def readers():
    """A district reviewer, a city reviewer and a school head with the most open tasks."""
    from core.orgs.models import User

    picked = []
    for role in ("district_reviewer", "city_reviewer", "school_head"):
        picked.append(User.objects.filter(role_grants__role=role).order_by("pk").first())
    return picked


def pages(user):
    from workflows.engine.reading.selectors import visible_items

    item = visible_items(user).filter(kind="sample").exclude(status="draft").order_by("-pk").first()
    return [("待办", "/work/todo/"), ("可领取", "/work/claimable/"), ("已办", "/work/done/"),
            ("事项查询 q=区第", "/work/items/?q=%E5%8C%BA%E7%AC%AC"), ("事项查询 q=书香", "/work/items/?q=书香"),
            ("事项查询 kind+status", "/work/items/?kind=sample&status=approved"),
            ("item page", f"/work/items/{item.pk}/" if item else None), ("统计", "/work/stats/"),
            ("API tasks", "/api/v1/tasks/"), ("API items q", "/api/v1/items/?q=书香")]


def measure(repeat):
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Production keeps connections (core.settings: DB_CONN_MAX_AGE); the test settings close each.
    connection.settings_dict["CONN_MAX_AGE"] = 60
    print(f"\nsingle requests, warm, {repeat} each (ms; in-process test client)  load {load_average()}")
    print(f"{'user':18} {'page':22} {'p50':>7} {'p95':>7} {'p99':>7} {'stmts':>6} status")
    for user in readers():
        client = Client()
        client.force_login(user)
        role = user.role_grants.first().role
        for name, url in pages(user):
            if url is None:
                continue
            client.get(url)  # warm
            statements = []
            with connection.execute_wrapper(lambda run, sql, *args: statements.append(sql) or run(sql, *args)):
                status = client.get(url).status_code
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            print(f"{role:18} {name:22} {statistics.median(times):7.1f} {percentile(times, 95):7.1f} "
                  f"{percentile(times, 99):7.1f} {len(statements):6} {status}")
    print(f"load {load_average()}")


def explain_visibility():
    """The planned cost of the item-visibility query with and without its 委托 branch."""
    from django.db import connection

    from core.accounts.backends import AccountBackend
    from workflows.engine.access import scoped_items

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit_above_cost")
        threshold = float(cursor.fetchone()[0])
    print(f"\nitem-visibility query, planned total cost (jit_above_cost {threshold:,.0f})")
    for user in readers():
        flagged = AccountBackend().get_user(user.pk)  # as a signed-in request loads it
        unflagged = type(user).objects.get(pk=user.pk)  # no flag: the full query, 委托 branch included
        for label, who in (("request user", flagged), ("full query", unflagged)):
            cost, jit = plan_cost(scoped_items(who).order_by("-created_at")[:20])
            print(f"  {user.role_grants.first().role:18} {label:13} cost {cost:12,.0f}  JIT {'yes' if jit else 'no'}")


def plan_cost(queryset):
    """(total cost, whether the plan has a JIT section) of EXPLAIN (FORMAT JSON) for `queryset`."""
    import json

    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Total Cost"], "JIT" in plan[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_CITY_SCALE", "0.05")))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reload", action="store_true", help="drop the kept city first")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = db_name(url)
    if args.reload:
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        admin(url, f'CREATE DATABASE "{name}"')
    except Exception as error:  # kept from an earlier run
        if "already exists" not in str(error):
            raise
    setup_django(url)
    ensure_city(args.scale, reload=False)
    explain_visibility()
    measure(args.repeat)


if __name__ == "__main__":
    main()
