"""取消会议: the step's handler or the department calls off a scheduled meeting before it begins,
with a reason, confirmed first on its page; every participant is told (email too) and reminded no
more; it is audited; the step waits as if nothing had been scheduled, so another meeting may be
scheduled or the step decided without one. Refusals (no reason, too late, twice, not theirs,
out of scope) write nothing; two cancels at once: one wins, the other is told."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from core.audit.models import AuditEvent
from notifications.models import Notification
from tests.sampleapp.visit_models import SampleVisit
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.meetings.helpers import MONDAY, THURSDAY_NEXT, at, visit, visit_at_meeting  # noqa: F401
from tests.workflows.web.conftest import client_for
from workflows.engine import services
from workflows.engine.exceptions import Conflict, InvalidState, NotAllowed, NotFound
from workflows.engine.meetings.models import Meeting, MeetingState
from workflows.engine.meetings.reminders import remind_due
from workflows.engine.meetings.services import cancel_meeting, record_attendance, schedule_meeting

S = SampleVisit.Status


def scheduled(visit, city):  # noqa: F811
    with at(MONDAY):
        return schedule_meeting(item=visit.item, by=city.city, starts_at=THURSDAY_NEXT, place="和平一校会议室",
                                participants=visit.participants(city))


def cancelled_events():
    return AuditEvent.objects.filter(action="meeting_cancelled")


@pytest.mark.django_db
def test_cancel_tells_everyone_is_audited_and_frees_the_step(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(MONDAY):
        cancel_meeting(meeting=meeting, by=city.city, reason="  学校临时停电，另行安排  ")
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason, meeting.cancelled_by) == (
        MeetingState.CANCELLED, "学校临时停电，另行安排", city.city)
    told = Notification.objects.filter(kind="meeting_cancelled")
    assert {n.recipient_id for n in told} == {visit.expert.pk, visit.inspector.pk, city.head.pk, city.city.pk}
    assert told.first().params["reason"] == "学校临时停电，另行安排"
    event = cancelled_events().get()
    assert (event.actor, event.comment, event.data["meeting"]) == (city.city, "学校临时停电，另行安排", meeting.pk)
    # No reminder for a cancelled meeting, even on the days it would have had one.
    with at(THURSDAY_NEXT - datetime.timedelta(days=1)):
        remind_due()
    assert not Notification.objects.filter(kind="meeting_reminder").exists()
    # The step waits as if nothing were scheduled: 通过 needs a held meeting; a new one may be scheduled.
    with at(MONDAY), pytest.raises(InvalidState):
        services.approve_task(task=open_task(visit.item), by=city.city)
    again = scheduled(visit, city)
    assert again.pk != meeting.pk and Meeting.objects.filter(state=MeetingState.SCHEDULED).count() == 1
    assert reload(visit.item).status == S.ONSITE_VISIT


@pytest.mark.django_db
def test_refusals_write_nothing(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    with at(MONDAY):
        for reason in ("", "   "):
            with pytest.raises(ValidationError) as refused:
                cancel_meeting(meeting=meeting, by=city.city, reason=reason)
            assert "请填写取消会议的理由" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            cancel_meeting(meeting=meeting, by=city.city, reason="长" * 501)
        assert "取消理由不能超过500个字" in str(refused.value)
        with pytest.raises(NotAllowed):  # the school sees the meeting, may not manage it
            cancel_meeting(meeting=meeting, by=city.head, reason="不想开")
        with pytest.raises(NotFound):  # another district's reviewer does not even see it
            cancel_meeting(meeting=meeting, by=city.reviewer_b, reason="不想开")
    with at(THURSDAY_NEXT + datetime.timedelta(minutes=5)), pytest.raises(InvalidState) as late:
        cancel_meeting(meeting=meeting, by=city.city, reason="来不及了")
    assert "会议已开始" in str(late.value)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED and not cancelled_events().exists()
    assert not Notification.objects.filter(kind="meeting_cancelled").exists()
    with at(MONDAY):
        cancel_meeting(meeting=meeting, by=city.city, reason="改期无望")
        with pytest.raises(InvalidState) as twice:
            cancel_meeting(meeting=meeting, by=city.city, reason="再取消一次")
        assert "会议已取消" in str(twice.value)
        with pytest.raises(InvalidState):  # nothing else moves a cancelled meeting either
            record_attendance(meeting=meeting, by=city.city, attendance={visit.expert.pk: "present"})
    assert cancelled_events().count() == 1


@pytest.mark.django_db
def test_the_page_confirms_first_then_cancels(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    page = client_for(city.city)
    with at(MONDAY):
        detail = page.get(f"/work/meetings/{meeting.pk}/").content.decode()
        assert f'href="/work/meetings/{meeting.pk}/cancel/"' in detail
        confirm = page.get(f"/work/meetings/{meeting.pk}/cancel/").content.decode()
        assert "取消后不能恢复：4位参会人都会收到取消通知" in confirm and "确认取消会议" in confirm
        assert Meeting.objects.get().state == MeetingState.SCHEDULED  # looking is not cancelling
        empty = page.post(f"/work/meetings/{meeting.pk}/cancel/", {"reason": ""})
        assert empty.status_code == 400 and "请填写取消会议的理由。" in empty.content.decode()
        assert client_for(city.head).post(f"/work/meetings/{meeting.pk}/cancel/", {"reason": "x"}).status_code == 403
        assert client_for(city.reviewer_b).get(f"/work/meetings/{meeting.pk}/cancel/").status_code == 404
        assert not cancelled_events().exists()
        done = page.post(f"/work/meetings/{meeting.pk}/cancel/", {"reason": "专家组成员变动"})
        assert done.status_code == 302 and done["Location"] == f"/work/meetings/{meeting.pk}/"
        after = page.get(done["Location"]).content.decode()
        assert "已取消" in after and "专家组成员变动" in after and "/cancel/" not in after
        item_page = page.get(f"/work/items/{visit.item.pk}/").content.decode()
        assert f'href="/work/items/{visit.item.pk}/meeting/"' in item_page  # 安排会议 again
        assert page.post(f"/work/meetings/{meeting.pk}/cancel/", {"reason": "再来"}).status_code == 409


@pytest.mark.django_db
def test_the_api_cancels_with_a_reason(visit, city):  # noqa: F811
    meeting = scheduled(visit, city)
    api = client_for(city.city)
    url = f"/api/v1/meetings/{meeting.pk}/cancel/"
    with at(MONDAY):
        assert api.post(url, {}, content_type="application/json").status_code == 400
        assert client_for(city.head).post(url, {"reason": "x"}, content_type="application/json").status_code == 403
        assert client_for(city.reviewer_b).post(url, {"reason": "x"}, content_type="application/json").status_code == 404
        assert not cancelled_events().exists()
        done = api.post(url, {"reason": "专家组成员变动"}, content_type="application/json")
        assert done.status_code == 200 and done.json()["state"] == "cancelled"
        assert done.json()["cancel_reason"] == "专家组成员变动" and done.json()["may_manage"] is True
        assert api.post(url, {"reason": "再来"}, content_type="application/json").status_code == 409


@pytest.mark.django_db(transaction=True)
def test_two_cancels_at_once_one_wins(city):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    meeting = scheduled(visit_at_meeting(city), city)
    barrier, results = threading.Barrier(2), []

    def cancel(user):
        try:
            barrier.wait()
            with at(MONDAY):
                cancel_meeting(meeting=meeting.pk, by=user, reason=f"{user.username}取消")
            results.append("done")
        except (Conflict, InvalidState):
            results.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=cancel, args=(user,)) for user in (city.city, city.city_head)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["done", "refused"]
    assert cancelled_events().count() == 1 and Notification.objects.filter(kind="meeting_cancelled").count() == 4
