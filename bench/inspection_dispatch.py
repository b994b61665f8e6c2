"""督导计划下发: seconds to dispatch a plan to every kindergarten of the city (1,600 targets) in the
background, on PostgreSQL. `make bench`; never CI.

Seeds the 13 districts with 1,600 kindergartens, each with its head (the self-assessment's
filer), then creates the plan and dispatches it; the job (`workflows.engine.fanout.background.run`,
what the worker runs) creates the 1,600 cases in batches: each case's item, its flow, its
self-assessment task with the deadline, reminders and escalations, the 督导通知 and the new-task
message to its head, its audit events. Printed: the whole job's seconds, cases per second, the
slowest batch and the statements per case. It creates its own database (bench_inspection on
127.0.0.1:5432; BENCH_DATABASE_URL overrides it; the name must contain "bench") and drops it.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import in_scratch_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_inspection"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench_inspection_")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(schools: int):
    from django.utils import timezone

    from core.calendar import install_test_calendar
    from core.orgs.models import Organisation, RoleGrant, SchoolType, User
    from core.orgs.roles import OrgKind, Role
    from tests.workflows.inspection.helpers import build_city

    install_test_calendar([timezone.localdate().year, timezone.localdate().year + 1])
    city = build_city()
    started = time.perf_counter()
    for n in range(schools):
        district = city.districts[n % len(city.districts)]
        school = Organisation(name=f"{district.name}第{n + 1}幼儿园", kind=OrgKind.SCHOOL, parent=district,
                              code=f"{2110000000 + n:010d}", school_type=SchoolType.KINDERGARTEN, ownership="public")
        school.save()
    kindergartens = list(Organisation.objects.filter(school_type=SchoolType.KINDERGARTEN))
    heads = User.objects.bulk_create([User(username=f"yuanzhang{n}") for n in range(len(kindergartens))])
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=Role.SCHOOL_HEAD, organisation=school)
                                   for user, school in zip(heads, kindergartens)])
    print(f"seeded {len(kindergartens):,} kindergartens and their heads in {time.perf_counter() - started:.1f} s")
    return city


def run(args):
    from collections import Counter

    from django.db import connection

    from workflows.engine.fanout import background
    from workflows.inspection.case_models import CaseDetails
    from workflows.inspection.services.dispatch import dispatch_task
    from workflows.inspection.services.plans import create_plan, dispatch_plan, plan_targets

    city = seed(args.schools)
    targets = plan_targets(schools=True, school_types=["kindergarten"])
    plan = create_plan(department=city.office, by=city.planner, rubric=city.rubric, targets=targets,
                       kind="kindergarten_conduct", title="2021年幼儿园办园行为专项督导")
    started = time.perf_counter()
    dispatch_plan(plan=plan, by=city.planner)
    submitted = time.perf_counter() - started
    task = dispatch_task(plan)
    slowest, batches = 0.0, 0
    started = time.perf_counter()
    statements = Counter()

    def count(execute, sql, params, many, context):
        statements[" ".join(sql.split()[:6])[:90]] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        while True:
            batch_started = time.perf_counter()
            progress = background.dispatch_batch(task.pk, size=args.batch)
            slowest = max(slowest, time.perf_counter() - batch_started)
            batches += 1
            if not progress.dispatching:
                break
    took = time.perf_counter() - started
    cases = CaseDetails.objects.filter(plan=plan).count()
    assert cases == len(targets) == progress.created, (cases, len(targets), progress)
    print(f"dispatch act (下发, the user waits for this): {submitted:.2f} s")
    print(f"background job: {cases:,} cases in {took:.1f} s = {cases / took:,.0f} cases/s; "
          f"{batches} batches of {args.batch}, slowest {slowest:.2f} s; "
          f"{sum(statements.values()) / cases:.1f} statements per case")
    if args.statements:
        for sql, n in statements.most_common(args.statements):
            print(f"{n / cases:6.2f}  {sql}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1600)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--statements", type=int, default=0, help="print the N most frequent statements")
    args = parser.parse_args()
    in_scratch_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), setup_django, lambda: run(args))


if __name__ == "__main__":
    main()
