"""Who may be named proxy (委托), and where a proxy never acts (issue #11, defect 1b).

The attack: a district reviewer named a school's applicant as proxy (any username was accepted);
the applicant, acting for the reviewer, approved their own school's submission. Now only a
colleague holding one of the principal's roles at the same organisation may be named, a range
stops counting when that is no longer so, and no proxy acts on (or sees as proxy) items of an
organisation where they hold a role of their own: page, API, 待办 and list acts alike.
"""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.orgs.models import Organisation, Proxy, RoleGrant, User
from core.orgs.roles import OrgKind, Role
from core.orgs.services import end_role, grant_role
from tests.sampleapp.services import sample_create, sample_submit
from tests.workflows.api.helpers import client_for as api_client_for
from tests.workflows.engine.conftest import open_task, reload, submitted_item
from tests.workflows.engine.proxy_helpers import MONDAY, at, colleagues, deputy
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine import services
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.engine.proxies.rules import principal_for
from workflows.engine.reading import selectors

REFUSED = "不是您可以选择的代理人"


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(at(MONDAY), tick=False) as traveller:
        yield traveller


def name_proxy(principal, proxy):
    return services.create_proxy(principal=principal, proxy=proxy, starts_on=MONDAY, ends_on=MONDAY, reason="出差",
                                 by=principal)


def other_schools_item(city):
    """An item of a second school of the same district: in the same reviewers' queue."""
    school = Organisation.objects.create(name="和平二校", kind=OrgKind.SCHOOL, parent=city.district_a,
                                         code="2101020002", school_type="primary", ownership="public")
    head = User.objects.create_user(username="head2", password="x-unused-1", full_name="head2")
    grant_role(user=head, role=Role.SCHOOL_HEAD, organisation=school)
    item = sample_create(organisation=school, owner_department=city.department, by=head, title="另一校的申报")
    sample_submit(item=item, by=head)
    return reload(item)


def test_a_reviewer_cannot_name_a_schools_applicant_as_proxy(city):
    with pytest.raises(ValidationError) as refused:
        name_proxy(city.reviewer, city.teacher)
    assert REFUSED in str(refused.value.error_dict["proxy"])
    assert not Proxy.objects.exists()
    assert [c.user for c in services.proxy_candidates(city.reviewer)] == [city.reviewer2]  # the district's other reviewer


def test_the_page_and_the_api_offer_and_accept_only_colleagues(city):
    page = client_for(city.reviewer).get("/work/proxies/").content.decode()
    assert f'value="{city.reviewer2.pk}"' in page
    assert f'value="{city.teacher.pk}"' not in page and f'value="{city.reviewer_b.pk}"' not in page
    api = api_client_for(city.reviewer)
    assert [row["username"] for row in api.get("/api/v1/proxies/candidates/").json()["results"]] == ["reviewer2"]
    response = api.post("/api/v1/proxies/", {"proxy": "teacher", "starts_on": str(MONDAY), "ends_on": str(MONDAY),
                                             "reason": "出差"}, format="json")
    assert response.status_code == 400 and "proxy" in response.json()["fields"]
    assert REFUSED in response.json()["fields"]["proxy"][0]
    assert not Proxy.objects.exists()


def test_unknown_inactive_and_unrelated_people_get_the_same_answer(city):
    """The page's form takes any id: its answer must not tell which exist."""
    answers = set()
    for forged in ("987654", str(city.teacher.pk)):
        response = client_for(city.reviewer).post("/work/proxies/", {
            "proxy": forged, "starts_on": str(MONDAY), "ends_on": str(MONDAY), "reason": "出差"})
        assert response.status_code == 400
        answers.add(response.content.decode().count("所选人员不在可选范围内"))
    assert answers == {1} and not Proxy.objects.exists()
    # The API takes usernames: the same single answer for one unknown and one who is no colleague.
    api = api_client_for(city.reviewer)
    said = {api.post("/api/v1/proxies/", {"proxy": name, "starts_on": str(MONDAY), "ends_on": str(MONDAY),
                                          "reason": "出差"}, format="json").json()["fields"]["proxy"][0].count(REFUSED)
            for name in ("nobody-here", "teacher")}
    assert said == {1} and not Proxy.objects.exists()


def test_experts_sharing_a_home_organisation_are_not_colleagues(city):
    grant_role(user=city.teacher, role=Role.EXPERT, organisation=city.district_a)
    grant_role(user=city.reviewer, role=Role.EXPERT, organisation=city.district_a)
    with pytest.raises(ValidationError):
        name_proxy(city.reviewer, city.teacher)


def test_a_range_stops_counting_once_the_proxy_no_longer_shares_a_role(city):
    helper = deputy(of=city.reviewer)
    item = submitted_item(city)
    name_proxy(city.reviewer, helper)
    assert [entry.item.pk for entry in selectors.todo(helper)] == [item.pk]
    end_role(grant=RoleGrant.objects.get(user=helper))  # moved on: no longer the principal's colleague
    assert selectors.todo(helper) == []
    with pytest.raises(NotFound):
        services.approve_task(task=open_task(item), by=helper)
    assert reload(item).status == "district_review"


def test_a_proxy_never_acts_on_their_own_schools_submission(city):
    """The attack of issue #11, even with a legitimately named range: the teacher of the school
    whose head submitted the item stands in for the district reviewer."""
    colleagues(city.reviewer, city.teacher)
    item = submitted_item(city)  # school_a's, submitted by its head
    elsewhere = other_schools_item(city)  # another school's: the proxy may act on it
    name_proxy(city.reviewer, city.teacher)
    task = open_task(item)
    assert principal_for(city.teacher, task, item) is None
    assert [entry.item.pk for entry in selectors.todo(city.teacher)] == [elsewhere.pk]
    with pytest.raises((NotFound, NotAllowed)):
        services.approve_task(task=task, by=city.teacher)
    services.claim_task(task=task, by=city.reviewer)  # now the principal's own task
    assert [entry.item.pk for entry in selectors.my_tasks(city.teacher)] == []
    with pytest.raises((NotFound, NotAllowed)):
        services.approve_task(task=task, by=city.teacher)
    api = api_client_for(city.teacher)
    assert api.post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": "同意"}, format="json").status_code in (403, 404)
    assert 'name="outcome"' not in client_for(city.teacher).get(item_url(item)).content.decode()
    assert reload(item).status == "district_review"
    services.approve_task(task=open_task(elsewhere), by=city.teacher)  # acting for the reviewer elsewhere
    assert reload(elsewhere).status != "district_review"
