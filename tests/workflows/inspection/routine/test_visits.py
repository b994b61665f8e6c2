"""督导记录: the 责任督学 records visits to the schools of their own zone, with photos checked by
their content. Attacks — another zone's school, a school head, anonymous — are refused (404,
403, sign-in) and write nothing; bad input is a Chinese error and writes nothing either."""

import datetime

import pytest
from django.core.files.storage import default_storage

from core.audit.models import AuditEvent
from tests.sample_files import EXE, HTML, JPEG, PDF, upload
from tests.workflows.api.helpers import client_for
from workflows.engine.exceptions import NotAllowed, NotFound
from workflows.inspection.routine.models import Visit, VisitPhoto
from workflows.inspection.routine.visits import record_visit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 9, 13)


def _record(routine, *, by=None, school=None, **overrides):
    fields = {"visited_on": TODAY, "kinds": ["lesson", "interview"], "findings": "课后服务台账不全。",
              "photos": [upload("课堂.jpg", JPEG)], **overrides}
    return record_visit(by=by or routine.inspector, school=school or routine.city.school_a, **fields)


def _nothing_written():
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()
    assert not AuditEvent.objects.filter(action="routine_visit_recorded").exists()


def test_the_inspector_records_a_visit_with_its_photos(routine):
    visit = _record(routine, photos=[upload("课堂.jpg", JPEG), upload("走廊.png")])
    assert (visit.zone, visit.inspector, visit.kinds) == (routine.zone, routine.inspector, ["lesson", "interview"])
    assert visit.kind_labels() == ["听课", "访谈"]
    photos = list(visit.photos.all())
    assert [p.name for p in photos] == ["课堂.jpg", "走廊.png"]
    assert default_storage.open(photos[0].file.name).read() == JPEG
    event = AuditEvent.objects.get(action="routine_visit_recorded")
    assert event.data["school"] == routine.city.school_a.pk and len(event.data["photos"]) == 2


def test_another_zones_school_is_out_of_scope(routine):
    with pytest.raises(NotFound):
        _record(routine, school=routine.city.school_b)
    with pytest.raises(NotFound):
        _record(routine, by=routine.inspector_b)
    _nothing_written()


def test_a_school_head_sees_but_may_not_record(routine):
    with pytest.raises(NotAllowed) as refused:
        _record(routine, by=routine.head)
    assert "责任督学" in str(refused.value)
    _nothing_written()


def test_attacks_over_the_api_and_the_pages(routine, client):
    body = {"school": routine.city.school_b.pk, "visited_on": "2021-09-13", "kinds": ["patrol"], "findings": "x"}
    assert client_for(routine.inspector).post("/api/v1/routine/visits/", body).status_code == 404
    body["school"] = routine.city.school_a.pk
    assert client_for(routine.head).post("/api/v1/routine/visits/", body).status_code == 403
    assert client_for(None).post("/api/v1/routine/visits/", body).status_code == 401
    assert client.post("/inspection/routine/visits/new/", body).status_code == 302  # to the sign-in page
    client.force_login(routine.head)
    assert client.post("/inspection/routine/visits/new/", body).status_code == 403
    client.force_login(routine.inspector)
    body["school"] = routine.city.school_b.pk
    page = client.post("/inspection/routine/visits/new/", body)
    assert page.status_code == 400 and "沈河一校" not in page.content.decode()  # not even offered
    _nothing_written()


def test_nobody_outside_sees_a_visit(routine, client):
    visit = _record(routine)
    for user, status in ((routine.inspector_b, 404), (routine.city.head_b, 404), (routine.city.reviewer, 404),
                         (routine.head, 200), (routine.manager, 200), (routine.inspector, 200)):
        assert client_for(user).get(f"/api/v1/routine/visits/{visit.pk}/").status_code == status, user
        client.force_login(user)
        assert client.get(f"/inspection/routine/visits/{visit.pk}/").status_code == status, user
        assert client.get(f"/inspection/routine/photos/{visit.photos.get().pk}/").status_code == status, user


@pytest.mark.parametrize("overrides, field, message", [
    ({"visited_on": TODAY + datetime.timedelta(days=1)}, "visited_on", "督导日期不能晚于今天（2021-09-13）"),
    ({"kinds": []}, "kinds", "请至少选择一种督导方式"),
    ({"kinds": ["lesson", "party"]}, "kinds", "未知的督导方式：party"),
    ({"findings": "  "}, "findings", "请填写督导发现的情况"),
    ({"photos": [upload("课堂.jpg", EXE)]}, "photos", "文件“课堂.jpg”的内容与扩展名“.jpg”不符"),
    ({"photos": [upload("照片.png", HTML)]}, "photos", "文件“照片.png”的内容与扩展名“.png”不符"),
    ({"photos": [upload("照片.exe", EXE)]}, "photos", "不支持“照片.exe”的文件类型"),
    ({"photos": [upload("记录.pdf", PDF)]}, "photos", "“记录.pdf”不是照片"),
])
def test_bad_input_is_a_clear_error_and_writes_nothing(routine, overrides, field, message):
    with pytest.raises(Exception) as refused:
        _record(routine, **overrides)
    assert message in " ".join(refused.value.message_dict[field])
    _nothing_written()


def test_the_api_records_a_visit_with_photos_and_refuses_a_disguised_one(routine):
    api = client_for(routine.inspector)
    body = {"school": routine.city.school_a.pk, "visited_on": "2021-09-10", "kinds": ["patrol", "lesson"],
            "findings": "校园安全巡查正常。"}
    bad = api.post("/api/v1/routine/visits/", {**body, "photos": [upload("门口.jpg", EXE)]}, format="multipart")
    assert bad.status_code == 400 and "内容与扩展名" in bad.content.decode()
    _nothing_written()
    good = api.post("/api/v1/routine/visits/", {**body, "photos": [upload("门口.jpg", JPEG)]}, format="multipart")
    assert good.status_code == 201, good.content
    data = good.json()
    assert data["kinds"] == ["lesson", "patrol"] and data["school"]["name"] == "和平一校"
    assert [photo["name"] for photo in data["photos"]] == ["门口.jpg"]
