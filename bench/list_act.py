"""名单 act: seconds for a department head to sign one decision list of 150 schools (issue 19,
requirement 5: under 5 s), on PostgreSQL. `make bench`; never CI.

The list is the sample 评选 kind's 市局决定 (a ListStep with the campaign's total quota, then a
公示 step): each member's task is claimed, started and completed, its decision recorded, its
公示 task opened with its messages, its status moved and audited, all in one transaction, the
way the 名单办理 page and POST /api/v1/lists/ sign it. Printed: seconds for the act, statements
in all and per member, and the most frequent statements per member with --statements N. It
creates its own database (bench_list_act on 127.0.0.1:5432; BENCH_DATABASE_URL overrides it;
the name must contain "bench") and drops it.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import in_scratch_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_list_act"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench_list_act_")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def waiting_items(size: int):
    """`size` applications passed by their district: each waits for the decision list."""
    from core.calendar import install_test_calendar
    from tests.sampleapp.honours import honour_create, honour_submit
    from tests.workflows.engine.conftest import open_task
    from tests.workflows.engine.notice_helpers import build_city, honour_campaign
    from workflows.engine import services

    install_test_calendar([2021])
    city = build_city()
    campaign = honour_campaign(city, total=size, name="基准")
    items = []
    for n in range(size):
        item = honour_create(organisation=city.school_a, owner_department=city.department, by=city.head,
                             title=f"评选申报{n + 1}", campaign=campaign)
        honour_submit(item=item, by=city.head)
        services.approve_task(task=open_task(item), by=city.reviewer)
        items.append(item)
    return city, items


def run(args):
    import time_machine
    from django.db import connection

    from tests.sampleapp.honours import honour_decide
    from tests.workflows.engine.notice_helpers import PUBLISHED

    with time_machine.travel(PUBLISHED, tick=True):
        started = time.perf_counter()
        city, items = waiting_items(args.size)
        print(f"prepared {len(items)} applications waiting for the decision list in "
              f"{time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        statements = Counter()

        def count(execute, sql, params, many, context):
            statements[" ".join(sql.split()[:5])[:80]] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            list_act = honour_decide(items=items, by=city.city_head, comment="经处务会研究确定。")
        took = time.perf_counter() - started
    assert list_act.members.count() == args.size
    total = sum(statements.values())
    print(f"list act of {args.size} members: {took:.2f} s (target under 5 s: {'met' if took < 5 else 'MISSED'}); "
          f"{total} statements, {total / args.size:.1f} per member; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for sql, n in statements.most_common(args.statements):
        print(f"{n / args.size:6.2f}  {sql}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=150)
    parser.add_argument("--statements", type=int, default=0, help="print the N most frequent statements")
    args = parser.parse_args()
    in_scratch_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), setup_django, lambda: run(args))


if __name__ == "__main__":
    main()
