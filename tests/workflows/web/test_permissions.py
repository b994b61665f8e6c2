"""The permission matrix of the pages: every role, held at the item's own organisation (the school,
its district, the owning department) or at another one, against every page and act. Only in-scope
reads succeed; everything else is a 404, and an act is never done by someone it is not for. No
viewflow view is mounted."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.orgs.models import ParticipationReason, User
from core.orgs.roles import OFFICE_CODE, Role
from core.orgs.services import record_participation
from tests.factories import OrganisationFactory, person
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.web.conftest import client_for, open_task, reload, submitted_item
from workflows.engine.models import Item

pytestmark = pytest.mark.django_db

LIST_PAGES = ("todo", "claimable", "done", "mine", "items", "stats")

# role → (where "own" is, where "other" is), as attribute names of the test city, and whether
# holding the role at "own" lets one see the item. Applicants, experts and inspectors see only
# what they take part in; the administrator sees everything.
MATRIX = {
    Role.APPLICANT: ("school_a", "school_b", False),
    Role.SCHOOL_HEAD: ("school_a", "school_b", True),
    Role.DISTRICT_STAFF: ("district_a", "district_b", True),
    Role.DISTRICT_REVIEWER: ("district_a", "district_b", True),
    Role.DISTRICT_HEAD: ("district_a", "district_b", True),
    Role.CITY_REVIEWER: ("department", "department_b", True),
    Role.CITY_HEAD: ("department", "department_b", True),
    Role.OFFICE_CLERK: ("office", "office", False),  # the office does not own the item
    Role.EXPERT: ("school_a", "school_b", False),
    Role.INSPECTOR: ("district_a", "district_b", False),
    Role.ADMIN: ("bureau", "bureau", True),
}
CASES = [(role, side) for role in MATRIX for side in ("own", "other")]


@pytest.fixture
def world(city):
    city.department_b = OrganisationFactory.department(name="教师工作处", code="teachers")
    city.office = OrganisationFactory.department(name="办公室", code=OFFICE_CODE)
    city.item = submitted_item(city, title="矩阵申报")
    city.task = open_task(city.item)
    return city


def holder(world, role, side) -> User:
    own, other, _sees = MATRIX[role]
    organisation = getattr(world, own if side == "own" else other)
    return person(f"{role}-{side}", role, organisation)


def sees(role, side) -> bool:
    return side == "own" and MATRIX[role][2] or role == Role.ADMIN


@pytest.mark.parametrize("role, side", CASES)
def test_pages_and_acts_for_every_role_at_own_and_other_organisation(world, role, side):
    user = holder(world, role, side)
    client = client_for(user)
    item, task = world.item, world.task
    visible = sees(role, side)

    for name in LIST_PAGES:
        response = client.get(reverse(f"workflows:{name}"))
        assert response.status_code == 200, name
        if name in ("todo", "done", "mine"):
            assert item.ref_no not in response.content.decode(), name
    listed = item.ref_no in client.get(reverse("workflows:items")).content.decode()
    assert listed == visible
    queued = item.ref_no in client.get(reverse("workflows:claimable")).content.decode()
    assert queued == (role == Role.DISTRICT_REVIEWER and side == "own")

    detail = client.get(reverse("workflows:item", args=[item.pk]))
    assert detail.status_code == (200 if visible else 404)
    for sheet in ("workflows:sheet", "workflows:sheet-pdf"):  # 审批单: the item page's rule
        assert client.get(reverse(sheet, args=[item.pk])).status_code == detail.status_code, sheet

    may_act = role == Role.DISTRICT_REVIEWER and side == "own"
    if not may_act:
        refused = 403 if visible else 404
        acts = [
            reverse("workflows:claim", args=[task.pk]),
            reverse("workflows:unclaim", args=[task.pk]),
            reverse("workflows:decide", args=[task.pk]),
            reverse("workflows:withdraw", args=[item.pk]),
        ]
        for url in acts:
            response = client.post(url, {"outcome": "approve", "comment": "越权"})
            assert response.status_code == refused, (url, response.status_code)
        assert reload(item).status == "district_review" and open_task(item).owner is None
    else:
        assert client.post(reverse("workflows:claim", args=[task.pk])).status_code == 302
        assert open_task(item).owner == user


def test_the_office_sees_the_items_its_department_owns(world):
    clerk = holder(world, Role.OFFICE_CLERK, "own")
    owned = sample_create(organisation=world.school_a, owner_department=world.office, by=world.head, title="办公室事项")
    client = client_for(clerk)
    assert client.get(reverse("workflows:item", args=[owned.pk])).status_code == 404  # a draft: the school's own
    sample_submit(item=owned, by=world.head)
    assert client.get(reverse("workflows:item", args=[owned.pk])).status_code == 200
    assert client.get(reverse("workflows:item", args=[world.item.pk])).status_code == 404


def test_taking_part_brings_an_item_into_scope(world):
    expert = holder(world, Role.EXPERT, "other")
    record_participation(user=expert, target=Item.objects.get(pk=world.item.pk), reason=ParticipationReason.ASSIGNEE)
    assert client_for(expert).get(reverse("workflows:item", args=[world.item.pk])).status_code == 200


def test_the_submitter_and_the_applicant_who_submitted_see_their_own(world):
    assert client_for(world.head).get(reverse("workflows:item", args=[world.item.pk])).status_code == 200
    own = sample_create(organisation=world.school_a, owner_department=world.department, by=world.teacher, title="教师申报")
    sample_submit(item=own, by=world.teacher)
    teacher = client_for(world.teacher)
    assert teacher.get(reverse("workflows:item", args=[own.pk])).status_code == 200
    assert teacher.get(reverse("workflows:item", args=[world.item.pk])).status_code == 404
    assert own.ref_no in teacher.get(reverse("workflows:mine")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(world):
    from django.test import Client

    client = Client()
    for url in [reverse(f"workflows:{name}") for name in LIST_PAGES] + [reverse("workflows:item", args=[world.item.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.post(reverse("workflows:claim", args=[world.task.pk]))
    assert response.status_code == 302 and open_task(world.item).owner is None


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_viewflow_view_is_mounted(world):
    mounted = [(route, f"{callback.__module__}.{callback.__qualname__}") for route, callback in _patterns(get_resolver())]
    assert mounted, "the URL configuration is empty?"
    viewflow = [(route, name) for route, name in mounted if name.startswith("viewflow")]
    assert viewflow == []
    # And the paths viewflow's site would use answer 404 to a signed-in reviewer.
    client = client_for(world.reviewer)
    content_type = ContentType.objects.get_for_model(Item).pk
    for path in ("/workflow/", "/workflow/sampleapp/", "/workflow/tasks/", "/workflow/queue/", "/flows/",
                 f"/workflow/{content_type}/{world.task.pk}/", "/tasks/", "/inbox/", "/queue/", "/archive/"):
        assert client.get(path).status_code == 404, path
