"""A 20,000-row import runs in the background: queued, checked by the worker with its progress
committed as it goes (the page's bar reads it), then written in one transaction; complete."""

import pytest

from core.imports import checking, services
from core.imports.models import ImportJob, ImportState
from core.imports.services import CHECK_TASK, WRITE_TASK, confirm_import, upload_import
from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.celery_queue import purge_queued, run_queued
from tests.core.imports_helpers import upload_of
from tests.factories import OrganisationFactory, person

pytestmark = pytest.mark.django_db

ROWS = 20_000


def school_rows(n, district="和平区"):
    return [[f"{2100000000 + i:010d}", f"学校{i}", "小学", "公办", district, "", ""] for i in range(n)]


def test_twenty_thousand_schools_in_the_background(monkeypatch, django_capture_on_commit_callbacks):
    purge_queued()
    admin = person("sysadmin", role=Role.ADMIN, at=OrganisationFactory.bureau())
    district = OrganisationFactory.district(name="和平区", code="heping")
    with django_capture_on_commit_callbacks(execute=True):
        job = upload_import(kind="schools", upload=upload_of("schools", school_rows(ROWS)), by=admin)
    assert (job.state, job.total) == (ImportState.QUEUED, ROWS)  # too big for the request: queued

    # What the owner's page reads after each progress report of the worker.
    seen = []
    real_check = checking.check

    def check_watched(kind, file, scope, progress=None):
        def report(rows):
            progress(rows)
            seen.append(ImportJob.objects.get(pk=job.pk).checked)
        return real_check(kind, file, scope, progress=report)

    monkeypatch.setattr(checking, "PROGRESS_EVERY", 5000)
    monkeypatch.setattr(services.checking, "check", check_watched)
    assert run_queued(CHECK_TASK) == 1
    job.refresh_from_db()
    assert seen == [5000, 10000, 15000, 20000]
    assert job.state == ImportState.READY and job.summary == {"created": ROWS, "updated": 0, "unchanged": 0}
    assert not Organisation.objects.filter(kind=OrgKind.SCHOOL).exists()

    with django_capture_on_commit_callbacks(execute=True):
        job = confirm_import(job=job, by=admin)
    assert job.state == ImportState.WRITING
    assert run_queued(WRITE_TASK) == 1
    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.summary["created"] == ROWS
    assert district.subtree().filter(kind=OrgKind.SCHOOL).count() == ROWS
    assert Organisation.objects.get(code="2100019999").name == "学校19999"
