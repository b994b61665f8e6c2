"""导出任务: rows per second of a 20,000-row background export on PostgreSQL. `make bench`; never CI.

The district reviewer's 事项查询 (the "items" list) holds 20,000 items of their district: 1,000
submitted through the flow (each with its open step, its deadline and who it waits for, as the
page shows them) and 19,000 more written in bulk. Measured, each three times:

  snapshot  the request's part: the filter, the scope and the sort → the ids kept with the job
  writer    streaming.write_list alone, into a temporary file (rows read per chunk of 500 through
            the owner's own list, built as the page builds them, written in openpyxl's write-only mode)
  job       the worker's whole part, background.run: begin, writer, a progress update per chunk,
            the file stored, done, the owner notified

and, in one more job of its own (tracemalloc slows Python down several times), the peak memory
the job allocates. It creates its own database (bench_exports on
127.0.0.1:5432, user postgres; BENCH_DATABASE_URL overrides it; the name must contain "bench"),
migrates it with the test settings and drops it at the end.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import in_scratch_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_exports"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench_exports_")
    os.environ["MEDIA_ROOT"] = os.path.join(os.environ["VAR_DIR"], "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(total: int, real: int):
    from django.utils import timezone

    from core.calendar import install_test_calendar
    from tests.city import build_city
    from tests.sampleapp.models import SampleApplication
    from tests.workflows.engine.conftest import submitted_item

    install_test_calendar([timezone.localdate().year, timezone.localdate().year + 1])
    city = build_city()
    started = time.perf_counter()
    for n in range(real):
        submitted_item(city, title=f"和平一校申报{n}")
    year = timezone.localdate().year
    SampleApplication.objects.bulk_create([
        SampleApplication(kind="sample", ref_no=f"SB-{year}-{n:06d}", organisation=city.school_a,
                          owner_department=city.department, submitter=city.head, title=f"和平一校批量申报{n}",
                          status="district_review")
        for n in range(total - real)], batch_size=2000)
    print(f"seeded {total:,} items ({real:,} through the flow) in {time.perf_counter() - started:.1f} s")
    return city


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--real", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    in_scratch_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), setup_django, lambda: run(args))


def run(args):
    from django.conf import settings
    from django.db import transaction

    from workflows.engine.exports.models import ExportJob
    from workflows.web.exports import background
    from workflows.web.exports.streaming import snapshot, write_list

    settings.EXPORTS_MAX_ROWS = max(settings.EXPORTS_MAX_ROWS, args.rows)
    settings.EXPORTS_ACTIVE_PER_USER = args.runs + 1
    city = seed(args.rows, args.real)
    reviewer = city.reviewer
    form = background.filter_form("items", {})
    assert form.is_valid()
    print(f"{'run':>4} {'snapshot s':>11} {'writer s':>9} {'writer rows/s':>14} {'job s':>7} {'job rows/s':>11} "
          f"{'file KiB':>9}")
    for run_no in range(1, args.runs + 1):
        started = time.perf_counter()
        ids = snapshot(background.ordered_rows("items", form, reviewer), settings.EXPORTS_MAX_ROWS)
        snapped = time.perf_counter() - started
        assert len(ids) == args.rows, len(ids)
        with tempfile.TemporaryFile() as out:
            started = time.perf_counter()
            written = write_list(out, name="items", user=reviewer, ids=ids)
            wrote = time.perf_counter() - started
        assert written == args.rows
        job, ran = run_job(background, ExportJob, reviewer, transaction)
        print(f"{run_no:>4} {snapped:>11.2f} {wrote:>9.2f} {args.rows / wrote:>14,.0f} {ran:>7.2f} "
              f"{args.rows / ran:>11,.0f} {job.file.size / 1024:>9,.0f}")
    tracemalloc.start()
    run_job(background, ExportJob, reviewer, transaction)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"peak memory allocated by one {args.rows:,}-row job: {peak:.1f} MiB")


def run_job(background, ExportJob, reviewer, transaction):
    """One job of every item, by 编号 (the last one is done, so this is a new job)."""
    with transaction.atomic():
        job, _created = background.start(user=reviewer, name="items", params={"sort": "ref_no"})
    ids = list(ExportJob.objects.values_list("row_ids", flat=True).get(pk=job.pk))
    started = time.perf_counter()
    assert background.run(job.pk) == "done"
    ran = time.perf_counter() - started
    job.refresh_from_db()
    assert job.written == len(ids)
    return job, ran


if __name__ == "__main__":
    main()
