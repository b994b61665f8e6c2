"""The meeting pages in Chinese: the department schedules the visit from the item page, the
participants find it under 我的会议, the department records attendance and minutes and closes
it; bad input is shown on the form and writes nothing; outsiders get 404, the school 403; the
list and the item page read in a fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.sample_files import PDF
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit, visit_at_meeting  # noqa: F401
from tests.workflows.engine.meetings.test_meetings import scheduled
from tests.workflows.web.conftest import client_for, item_url
from workflows.engine.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def form_for(visit, city, **override):  # noqa: F811
    people = [f"expert:{visit.expert.pk}", f"inspector:{visit.inspector.pk}", f"item:{city.head.pk}"]
    return {"starts_at": "2021-09-23T09:30", "place": "和平一校会议室", "agenda": "", "participants": people,
            **override}


def test_the_department_schedules_from_the_item_page(visit, city):  # noqa: F811
    with at(MONDAY):
        page = client_for(city.city).get(item_url(visit.item)).content.decode()
        assert f'href="/work/items/{visit.item.pk}/meeting/"' in page
        form = client_for(city.city).get(f"/work/items/{visit.item.pk}/meeting/").content.decode()
        assert "专家甲 · 沈阳市教育局 · 专家" in form and "督学乙 · 和平区 · 督学" in form
        done = client_for(city.city).post(f"/work/items/{visit.item.pk}/meeting/", form_for(visit, city))
    meeting = Meeting.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/work/meetings/{meeting.pk}/"
    assert meeting.participants.count() == 3
    with at(MONDAY):
        page = client_for(city.head).get(item_url(visit.item)).content.decode()
    assert "实地考察会" in page and "2021-09-23 09:30" in page and "和平一校会议室" in page
    assert f'href="/work/items/{visit.item.pk}/meeting/"' not in page  # scheduled: no second 安排会议


def test_bad_input_stays_on_the_form_in_chinese(visit, city):  # noqa: F811
    with at(MONDAY):
        past = client_for(city.city).post(f"/work/items/{visit.item.pk}/meeting/",
                                          form_for(visit, city, starts_at="2021-09-01T09:00"))
        nobody = client_for(city.city).post(f"/work/items/{visit.item.pk}/meeting/", form_for(visit, city, participants=[]))
    assert past.status_code == 400 and "会议时间不能早于现在" in past.content.decode()
    assert nobody.status_code == 400 and "请至少选择一名参会人" in nobody.content.decode()
    assert not Meeting.objects.exists()


def test_my_meetings_then_attendance_minutes_close(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(MONDAY):
        mine = client_for(visit.inspector).get("/work/meetings/").content.decode()
        assert "实地考察会" in mine and "督学" in mine and "和平一校会议室" in mine
        early = client_for(city.city).post(f"/work/meetings/{meeting.pk}/minutes/", {"minutes-text": "提前"})
        assert early.status_code == 400 and "会议尚未召开" in early.content.decode()
    staff = client_for(city.city)
    with at(THURSDAY_NEXT + datetime.timedelta(hours=2)):
        seats = {f"attendance-u{s.user_id}": "present" for s in meeting.participants.all()}
        assert staff.post(f"/work/meetings/{meeting.pk}/attendance/", seats).status_code == 302
        closed_early = staff.post(f"/work/meetings/{meeting.pk}/close/")
        assert closed_early.status_code == 400 and "请先记录会议纪要" in closed_early.content.decode()
        assert staff.post(f"/work/meetings/{meeting.pk}/minutes/", {
            "minutes-text": "校舍达标。", "minutes-files": [SimpleUploadedFile("纪要.pdf", PDF)]}).status_code == 302
        assert staff.post(f"/work/meetings/{meeting.pk}/close/").status_code == 302
        page = client_for(city.head).get(item_url(visit.item)).content.decode()
        file = meeting.files.get()
        assert client_for(visit.expert).get(f"/work/meeting-files/{file.pk}/").status_code == 200
        assert client_for(visit.outsider).get(f"/work/meeting-files/{file.pk}/").status_code == 404
    assert "校舍达标。" in page and "出席" in page and Meeting.objects.get().state == "closed"
    timeline = page[page.index("时间线"):]
    assert "安排会议" in timeline and "结束会议" in timeline and "meeting_" not in timeline


def test_outsiders_404_the_school_403_and_no_forms_for_participants(visit, city):  # noqa: F811
    with at(MONDAY):
        assert client_for(visit.outsider).get(f"/work/items/{visit.item.pk}/meeting/").status_code == 404
        assert client_for(city.head).get(f"/work/items/{visit.item.pk}/meeting/").status_code == 403
    meeting = scheduled(visit, city)
    with at(MONDAY):
        for user in (visit.outsider, city.reviewer_b, city.head_b):
            assert client_for(user).get(f"/work/meetings/{meeting.pk}/").status_code == 404
            assert client_for(user).post(f"/work/meetings/{meeting.pk}/reschedule/", {
                "reschedule-starts_at": "2021-09-24T09:00", "reschedule-reason": "x"}).status_code == 404
        page = client_for(visit.expert).get(f"/work/meetings/{meeting.pk}/").content.decode()
        assert "实地考察会" in page and "记录出席情况" not in page
        assert client_for(visit.expert).post(f"/work/meetings/{meeting.pk}/close/").status_code == 404
    assert Meeting.objects.get().state == "scheduled"


def test_my_meetings_reads_in_fixed_queries(city, django_assert_max_num_queries):
    first = visit_at_meeting(city, title="第一份")
    scheduled(first, city)
    client = client_for(city.head)
    with at(MONDAY), django_assert_max_num_queries(20) as few:
        client.get("/work/meetings/")
    for n in range(3):
        more = visit_at_meeting(city, title=f"第{n + 2}份")
        scheduled(more, city)
    with at(MONDAY), django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/work/meetings/").content.decode().count("实地考察会") == 4
