"""数据导入: seconds for a 20,000-row Excel import of schools and of people on PostgreSQL, each
phase apart. `make bench`; never CI.

  file      writing the .xlsx with openpyxl (what a bureau's spreadsheet is; not the import's time)
  check     the worker's dry run (services.run_check): read every row, check it, compare with the database
  write     the worker's write (services.run_write): check again against the data now, then every
            row in one transaction with one audit event
  again     re-importing the same file: check, nothing to write

It creates its own database (bench_imports on 127.0.0.1:5432, user postgres; BENCH_DATABASE_URL
overrides it; the name must contain "bench"), migrates it with the test settings and drops it.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch_db import in_scratch_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_imports"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
DISTRICTS = ["和平区", "沈河区", "铁西区", "皇姑区", "大东区"]


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench_imports_")
    os.environ["MEDIA_ROOT"] = os.path.join(os.environ["VAR_DIR"], "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label:<6} {time.perf_counter() - started:6.2f} s")
    return result


def run_kind(kind, rows, admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.imports import registry, services
    from core.imports.models import ImportJob
    from tests.core.imports_helpers import xlsx_bytes

    headers = [str(column.header) for column in registry.get(kind).columns]
    content = timed("file", lambda: xlsx_bytes(headers, rows))
    print(f"{kind}: {len(rows)} rows, {len(content) / 1e6:.1f} MB")
    for attempt in ("first", "again"):
        job = ImportJob.objects.create(kind=kind, owner=admin, file_name=f"{kind}.xlsx",
                                       file=SimpleUploadedFile(f"{kind}.xlsx", content))
        timed("check", lambda: services.run_check(job.pk))
        job.refresh_from_db()
        assert job.state == "ready", job.errors[:3]
        ImportJob.objects.filter(pk=job.pk).update(state="writing")
        timed("write" if attempt == "first" else "again", lambda: services.run_write(job.pk))
        job.refresh_from_db()
        print(f"  {attempt}: {job.state} {job.summary}")


def run():
    from core.orgs.models import Organisation
    from core.orgs.roles import OrgKind, Role
    from tests.factories import OrganisationFactory, person

    bureau = OrganisationFactory.bureau()
    for n, name in enumerate(DISTRICTS):
        OrganisationFactory.district(name=name, code=f"d{n}")
    admin = person("bench-admin", role=Role.ADMIN, at=bureau)
    run_kind("schools", [[f"{2100000000 + i:010d}", f"测试学校{i}", "小学", "公办", DISTRICTS[i % 5], "", ""]
                         for i in range(ROWS)], admin)
    codes = list(Organisation.objects.filter(kind=OrgKind.SCHOOL).values_list("code", flat=True)[:ROWS])
    run_kind("people", [[f"人员{i}", f"139{i:08d}", codes[i % len(codes)], "申报人", "", f"T{i}"]
                        for i in range(ROWS)], admin)


if __name__ == "__main__":
    in_scratch_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL), setup_django, run)
