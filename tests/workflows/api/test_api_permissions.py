"""The API's permission matrix: every role × its own or another organisation × every endpoint.

Reads succeed only in scope (else 404, never 403, and nothing leaks); acts succeed only for the
one who may take them (in scope but not theirs: 403; out of scope: 404). The item is a school's
application in district A, owned by the basic-education department, with an evidence file.
"""

from dataclasses import dataclass

import pytest

from core.orgs.models import Organisation
from core.orgs.roles import OrgKind, Role
from tests.factories import user_with_role
from tests.sample_files import upload
from tests.sampleapp.flows import ApplicationFlow
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import new_item, open_task, submitted_item
from workflows.engine import services

OWN, OTHER = "own", "other"


def organisation_for(city, role, side):
    """Where `role` is held: at the item's own school/district/department, or another one."""
    if role in (Role.APPLICANT, Role.SCHOOL_HEAD, Role.EXPERT, Role.INSPECTOR):
        return city.school_a if side == OWN else city.school_b
    if role in (Role.DISTRICT_STAFF, Role.DISTRICT_REVIEWER, Role.DISTRICT_HEAD):
        return city.district_a if side == OWN else city.district_b
    if role in (Role.CITY_REVIEWER, Role.CITY_HEAD):
        if side == OWN:
            return city.department
        return Organisation.objects.create(name="教师工作处", kind=OrgKind.DEPARTMENT, parent=city.bureau,
                                           code="teachers")
    if role == Role.OFFICE_CLERK:  # held only at the 办公室, which owns no applications
        return Organisation.objects.create(name="办公室", kind=OrgKind.DEPARTMENT, parent=city.bureau, code="office")
    return city.bureau  # admin: the one bureau


# Who sees the application: the subtree roles where it is, its department, and the administrator.
# Applicants, experts and inspectors see only what they take part in; the 办公室 owns no applications.
SEES = {
    (Role.SCHOOL_HEAD, OWN), (Role.DISTRICT_STAFF, OWN), (Role.DISTRICT_REVIEWER, OWN), (Role.DISTRICT_HEAD, OWN),
    (Role.CITY_REVIEWER, OWN), (Role.CITY_HEAD, OWN), (Role.ADMIN, OWN),
}
# The district review step waits for the district's reviewers: they alone may act on it.
ACTS = {(Role.DISTRICT_REVIEWER, OWN)}
CASES = [(role, side) for role in Role.values for side in (OWN, OTHER) if not (role == Role.ADMIN and side == OTHER)]


@dataclass
class World:
    api: object
    item: object
    task: object
    attachment: object


@pytest.fixture
def world(city, request, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    role, side = request.param
    user = user_with_role(role, organisation_for(city, role, side))
    item = new_item(city)
    attachment = services.add_evidence(item=item, by=city.head, slot="report", upload=upload("自评报告.pdf"))
    services.submit_item(item=item, by=city.head, flow_class=ApplicationFlow)
    return World(api=client_for(user), item=item, task=open_task(item), attachment=attachment)


def read_urls(w: World):
    return [
        f"/api/v1/items/{w.item.pk}/",
        f"/api/v1/items/{w.item.pk}/history/",
        f"/api/v1/items/{w.item.pk}/files/",
        f"/api/v1/files/{w.attachment.pk}/download/",
        f"/api/v1/tasks/{w.task.pk}/",
    ]


@pytest.mark.parametrize("world", CASES, indirect=True, ids=[f"{r}-{s}" for r, s in CASES])
def test_reads(world, request):
    case = request.node.callspec.params["world"]
    for url in read_urls(world):
        response = world.api.get(url)
        if case in SEES:
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert response.status_code == 404, (url, response.status_code)
            assert world.item.ref_no not in response.content.decode() and "自评报告" not in response.content.decode()
    listed = world.api.get("/api/v1/items/").json()["results"]
    assert [row["id"] for row in listed] == ([world.item.pk] if case in SEES else [])
    stats = world.api.get("/api/v1/stats/").json()["counts"]
    assert sum(row["count"] for row in stats) == (1 if case in SEES else 0)
    tasks = world.api.get("/api/v1/tasks/").json()["results"]
    assert [row["id"] for row in tasks] == ([world.task.pk] if case in ACTS else [])
    assert world.api.get("/api/v1/me/").status_code == 200


ACTS_ON_TASK = [
    ("claim", {}),
    ("approve", {"comment": "同意"}),
    ("return", {"to": "revise", "comment": "请补充"}),
    ("reject", {"comment": "不符合条件"}),
]


@pytest.mark.parametrize("world", CASES, indirect=True, ids=[f"{r}-{s}" for r, s in CASES])
def test_acts(world, request, city):
    case = request.node.callspec.params["world"]
    expected = 200 if case in ACTS else 403 if case in SEES else 404
    for act, body in ACTS_ON_TASK:
        task = open_task(submitted_item(city))
        response = world.api.post(f"/api/v1/tasks/{task.pk}/{act}/", body, format="json")
        assert response.status_code == expected, (act, response.json())

    # Withdrawing and uploading are the submitter's (another school head of school A).
    expected = 403 if case in SEES else 404
    withdraw = world.api.post(f"/api/v1/items/{world.item.pk}/withdraw/", {}, format="json")
    assert withdraw.status_code == expected, withdraw.json()
    files = world.api.post(f"/api/v1/items/{world.item.pk}/files/", {"file": upload("a.pdf"), "slot": "report"},
                           format="multipart")
    assert files.status_code == expected, files.json()
    assert world.item.attachments.count() == 1
