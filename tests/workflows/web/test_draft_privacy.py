"""A draft is the school's own: until it is submitted, nobody outside its school but its submitter
sees it, on any page or API (core.orgs.scoping's `private`, set by access.scoped_items).
Each test performs the read an outsider would try and checks that it finds nothing."""

import pytest
from django.urls import reverse

from core.orgs.models import User
from core.orgs.roles import Role
from core.orgs.services import grant_role
from tests.sample_files import upload
from tests.sampleapp.plans import sample_plan_create
from tests.sampleapp.services import sample_submit
from tests.workflows.api.helpers import client_for as api_client
from tests.workflows.web.conftest import client_for, new_item, open_task, reload
from workflows.engine import services

pytestmark = pytest.mark.django_db

OUTSIDERS = ("reviewer", "district_head", "city", "city_head", "admin")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def person(username, role, organisation) -> User:
    user = User.objects.create_user(username=username, password="x-unused-1", full_name=username)
    grant_role(user=user, role=role, organisation=organisation)
    return user


def outsider(city, name) -> User:
    if name == "admin":
        return person("admin", Role.ADMIN, city.bureau)
    return getattr(city, name)


def draft_with_file(city, *, by=None):
    item = new_item(city, by=by, title="草稿保密申报")
    attachment = services.add_evidence(item=item, by=item.submitter, slot="report", upload=upload("自评报告.pdf"))
    return reload(item), attachment


def reads(user, item, attachment) -> dict:
    """What each way of reading the item answers `user`: a status code, or whether it is listed."""
    web, api = client_for(user), api_client(user)
    listed = web.get(reverse("workflows:items")).content.decode()
    searched = web.get(reverse("workflows:items"), {"q": item.ref_no}).content.decode()
    api_listed = [row["ref_no"] for row in api.get("/api/v1/items/", {"q": item.ref_no}).json()["results"]]
    stats = api.get("/api/v1/stats/").json()["counts"]
    return {
        "page": web.get(reverse("workflows:item", args=[item.pk])).status_code,
        "api_detail": api.get(f"/api/v1/items/{item.pk}/").status_code,
        "api_history": api.get(f"/api/v1/items/{item.pk}/history/").status_code,
        "api_files": api.get(f"/api/v1/items/{item.pk}/files/").status_code,
        "download": api.get(f"/api/v1/files/{attachment.pk}/download/").status_code,
        # A row shows the reference as class="ref" (the search box repeats what was typed).
        "listed": f'class="ref">{item.ref_no}<' in listed + searched or item.ref_no in api_listed,
        "counted": sum(row["count"] for row in stats if row["status"] == "draft"),
        "stats_page": "草稿" in web.get(reverse("workflows:stats")).content.decode(),
    }


HIDDEN = {"page": 404, "api_detail": 404, "api_history": 404, "api_files": 404, "download": 404,
          "listed": False, "counted": 0, "stats_page": False}
SEEN = {"page": 200, "api_detail": 200, "api_history": 200, "api_files": 200, "download": 200,
        "listed": True, "counted": 1, "stats_page": True}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_district_the_city_and_the_administrator_do_not_see_a_draft(city, who):
    item, attachment = draft_with_file(city)
    assert reads(outsider(city, who), item, attachment) == HIDDEN


def test_the_school_its_submitter_and_its_fellow_head_see_the_draft(city):
    item, attachment = draft_with_file(city)
    assert reads(city.head, item, attachment) == SEEN  # the submitter
    assert reads(person("head2", Role.SCHOOL_HEAD, city.school_a), item, attachment) == SEEN
    # A teacher's own draft: theirs and their school head's, not another teacher's.
    own, own_file = draft_with_file(city, by=city.teacher)
    assert reads(city.teacher, own, own_file)["page"] == 200
    assert reads(city.head, own, own_file)["page"] == 200
    assert reads(person("teacher2", Role.APPLICANT, city.school_a), own, own_file)["page"] == 404


def test_once_submitted_the_district_and_the_city_see_it(city):
    item, attachment = draft_with_file(city)
    sample_submit(item=item, by=city.head)
    for who in ("reviewer", "city"):
        seen = reads(outsider(city, who), item, attachment)
        assert seen["page"] == seen["api_detail"] == seen["download"] == 200 and seen["listed"], who


def test_a_withdrawn_item_reopened_for_editing_is_the_schools_own_again(city):
    item, attachment = draft_with_file(city)
    sample_submit(item=item, by=city.head)
    services.claim_task(task=open_task(item), by=city.reviewer)  # the reviewer takes part now
    services.withdraw_item(item=item, by=city.head, comment="补充材料")
    # Withdrawn, it stays on the district's record of what was submitted.
    assert reads(city.reviewer, item, attachment)["page"] == 200
    services.reopen_item(item=item, by=city.head)
    # Back in the school's hands: hidden again, even from the reviewer who took part before.
    assert reads(city.reviewer, item, attachment) == HIDDEN
    assert reads(city.city, item, attachment) == HIDDEN
    assert reads(city.head, item, attachment)["page"] == 200


def test_a_departments_own_draft_is_seen_by_that_department(city):
    """The rule is "the item's own organisation", wherever that is: a plan drafted at a department
    is its people's, and still nobody else's."""
    plan = sample_plan_create(department=city.department, by=city.city, title="督导计划草稿", targets=[city.district_a])
    url = reverse("workflows:item", args=[plan.pk])
    assert client_for(city.city_head).get(url).status_code == 200
    assert client_for(person("city2", Role.CITY_REVIEWER, city.department)).get(url).status_code == 200
    assert client_for(city.district_head).get(url).status_code == 404
    assert client_for(outsider(city, "admin")).get(url).status_code == 404
