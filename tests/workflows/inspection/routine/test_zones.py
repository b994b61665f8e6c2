"""督学责任区: the 督导室 creates and edits zones; a school is in one zone at a time (the database
says so even when the service's check is bypassed); nobody else may touch them."""

import pytest
from django.db import IntegrityError, transaction

from core.audit.models import AuditEvent
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.api.helpers import client_for
from workflows.inspection.routine import zones
from workflows.inspection.routine.models import Zone, ZoneSchool

pytestmark = pytest.mark.django_db


def test_a_zone_has_one_inspector_and_its_schools(routine):
    assert routine.zone.inspector == routine.inspector
    assert list(routine.zone.members.values_list("school__name", flat=True)) == ["和平一校", "和平2校", "和平3校",
                                                                                  "和平4校", "和平5校"]
    event = AuditEvent.objects.filter(action="routine_zone_created", object_id=str(routine.zone.pk)).get()
    assert event.data["schools"] == [school.pk for school in routine.schools]


def test_the_database_keeps_a_school_in_one_zone(routine):
    with pytest.raises(IntegrityError), transaction.atomic():
        ZoneSchool.objects.create(zone=routine.zone_b, school=routine.city.school_a)
    assert ZoneSchool.objects.filter(school=routine.city.school_a).count() == 1


def test_a_school_of_another_zone_is_refused_by_name_and_nothing_changes(routine):
    with pytest.raises(Exception) as refused:
        zones.set_zone_schools(zone=routine.zone_b, by=routine.manager,
                               schools=[routine.city.school_b, routine.city.school_a])
    assert "“和平一校”已在“和平一区”责任区" in str(refused.value)
    assert list(routine.zone_b.members.values_list("school_id", flat=True)) == [routine.city.school_b.pk]


def test_moving_a_school_is_leaving_one_zone_then_joining_another(routine):
    zones.set_zone_schools(zone=routine.zone, by=routine.manager, schools=routine.schools[1:])
    zones.set_zone_schools(zone=routine.zone_b, by=routine.manager,
                           schools=[routine.city.school_b, routine.city.school_a])
    assert ZoneSchool.objects.get(school=routine.city.school_a).zone == routine.zone_b
    assert AuditEvent.objects.filter(action="routine_zone_schools_set").count() == 2


@pytest.mark.parametrize("change, message", [
    ({"inspector": "head"}, "不是督学"),
    ({"inspector": "inspector_b"}, "已是“沈河一区”的责任督学"),
    ({"name": "沈河一区"}, "已有名为“沈河一区”的责任区"),
    ({"name": "  "}, "请填写责任区名称"),
])
def test_bad_zones_are_refused_and_nothing_is_written(routine, change, message):
    people = {"head": routine.head, "inspector_b": routine.inspector_b}
    kwargs = {"name": "新区", "inspector": person("新督学", Role.INSPECTOR, routine.city.district_a), **change}
    kwargs["inspector"] = people.get(kwargs["inspector"], kwargs["inspector"])
    with pytest.raises(Exception) as refused:
        zones.create_zone(by=routine.manager, schools=[OrganisationFactory.school(parent=routine.city.district_b)],
                          **kwargs)
    assert message in str(refused.value)
    assert Zone.objects.count() == 2


def test_only_the_supervision_office_manages_zones(routine, client):
    other_department_reviewer = routine.city.city  # 基础教育处审核员
    for user in (other_department_reviewer, routine.inspector, routine.head):
        client.force_login(user)
        assert client.get("/inspection/routine/zones/").status_code == 403
        assert client.post("/inspection/routine/zones/", {"name": "乱建", "inspector": routine.inspector.pk}) \
            .status_code == 403
        assert client_for(user).post("/api/v1/routine/zones/", {"name": "乱建", "inspector": routine.inspector.pk},
                                     format="json").status_code == 403
    assert client_for(None).get("/api/v1/routine/zones/").status_code == 401
    client.logout()
    assert client.get("/inspection/routine/zones/").status_code == 302
    assert Zone.objects.count() == 2


def test_the_office_creates_and_edits_a_zone_on_its_page_and_over_the_api(routine, client):
    client.force_login(routine.manager)
    newcomer = person("胡军", Role.INSPECTOR, routine.city.district_a)
    school = OrganisationFactory.school(parent=routine.city.district_b, name="沈河二校")
    page = client.get("/inspection/routine/zones/").content.decode()
    assert "和平一区" in page and "马俊" in page and "新建责任区" in page
    response = client.post("/inspection/routine/zones/", {"name": "沈河二区", "inspector": newcomer.pk,
                                                           "schools": [school.pk]})
    assert response.status_code == 302
    zone = Zone.objects.get(name="沈河二区")
    assert list(zone.members.values_list("school", flat=True)) == [school.pk]
    api = client_for(routine.manager)
    answer = api.patch(f"/api/v1/routine/zones/{zone.pk}/", {"name": "沈河第二责任区", "schools": []}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["name"] == "沈河第二责任区" and answer.json()["schools"] == []
    taken = api.post("/api/v1/routine/zones/", {"name": "重复区", "inspector": person(
        "郭丽", Role.INSPECTOR, routine.city.district_a).pk, "schools": [routine.city.school_b.pk]}, format="json")
    assert taken.status_code == 400 and "沈河一校" in taken.content.decode()
    assert not Zone.objects.filter(name="重复区").exists()
