"""Meetings over the API: the department schedules on the item, reschedules, records attendance
and minutes (multipart with a file) and closes; the participant's 我的会议 and the meeting's
detail; bad input 400 with the Chinese reason and nothing written; outsiders 404, the school 403."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.sample_files import PDF
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine.meetings.models import Meeting

pytestmark = pytest.mark.django_db
API = "/api/v1"


def schedule(visit, city, user=None, **override):  # noqa: F811
    body = {"starts_at": THURSDAY_NEXT.isoformat(), "place": "和平一校会议室", "agenda": "听取汇报",
            "participants": visit.participants(city), **override}
    with at(MONDAY):
        return client_for(user or city.city).post(f"{API}/items/{visit.item.pk}/meeting/", body,
                                                  content_type="application/json")


def test_the_whole_meeting_through_the_api(visit, city):  # noqa: F811
    made = schedule(visit, city)
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["may_manage"] and len(made.json()["participants"]) == 4
    mine = client_for(visit.expert).get(f"{API}/meetings/").json()
    assert [m["id"] for m in mine["results"]] == [pk] and mine["results"][0]["place"] == "和平一校会议室"
    detail = client_for(visit.expert).get(f"{API}/meetings/{pk}/").json()
    assert detail["may_manage"] is False and detail["title"] == "实地考察会"
    later = (THURSDAY_NEXT + datetime.timedelta(days=1)).isoformat()
    with at(MONDAY):
        moved = client_for(city.city).post(f"{API}/meetings/{pk}/reschedule/", {"starts_at": later, "reason": "专家出差"},
                                           content_type="application/json")
    assert moved.status_code == 200 and moved.json()["reschedules"][0]["reason"] == "专家出差"
    with at(THURSDAY_NEXT + datetime.timedelta(days=1, hours=2)):
        client = client_for(city.city)
        lines = [{"user": p["user"], "attendance": "present"} for p in detail["participants"]]
        assert client.post(f"{API}/meetings/{pk}/attendance/", {"attendance": lines},
                           content_type="application/json").status_code == 200
        minutes = client.post(f"{API}/meetings/{pk}/minutes/",
                              {"text": "校舍达标。", "files": [SimpleUploadedFile("纪要.pdf", PDF)]})
        assert minutes.status_code == 200, minutes.content
        closed = client.post(f"{API}/meetings/{pk}/close/")
    assert closed.status_code == 200 and closed.json()["state"] == "closed" and closed.json()["files"][0]["name"] == "纪要.pdf"


def test_bad_input_is_a_chinese_400_and_nothing_is_written(visit, city):  # noqa: F811
    past = schedule(visit, city, starts_at=(MONDAY - datetime.timedelta(days=1)).isoformat())
    assert past.status_code == 400 and "会议时间不能早于现在" in str(past.json())
    nobody = schedule(visit, city, participants=[])
    assert nobody.status_code == 400
    wrong = schedule(visit, city, participants=[{"user": visit.outsider.pk, "role": "item"}])
    assert wrong.status_code == 400 and "不是申报单位的人员" in str(wrong.json())
    assert not Meeting.objects.exists()
    pk = schedule(visit, city).json()["id"]
    with at(MONDAY):
        early = client_for(city.city).post(f"{API}/meetings/{pk}/minutes/", {"text": "提前写"})
        shut = client_for(city.city).post(f"{API}/meetings/{pk}/close/")
    assert early.status_code == 400 and "会议尚未召开" in str(early.json())
    assert shut.status_code == 400 and Meeting.objects.get().state == "scheduled"


def test_outsiders_get_404_the_school_403(visit, city):  # noqa: F811
    assert schedule(visit, city, user=visit.outsider).status_code == 404
    assert schedule(visit, city, user=city.head).status_code == 403
    pk = schedule(visit, city).json()["id"]
    for user in (visit.outsider, city.head_b, city.reviewer_b):
        assert client_for(user).get(f"{API}/meetings/{pk}/").status_code == 404
        assert client_for(user).get(f"{API}/meetings/").json()["results"] == []
        with at(MONDAY):
            assert client_for(user).post(f"{API}/meetings/{pk}/reschedule/", {
                "starts_at": THURSDAY_NEXT.isoformat(), "reason": "x"}, content_type="application/json").status_code == 404
    with at(MONDAY):
        refused = client_for(visit.expert).post(f"{API}/meetings/{pk}/close/")
    assert refused.status_code == 404  # a participant sees it but is not of the item's scope: 404 to acts
    assert Client().get(f"{API}/meetings/{pk}/").status_code == 401
