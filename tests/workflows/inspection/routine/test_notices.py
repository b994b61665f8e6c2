"""整改通知书 from issue to confirmation: issued (a 文号 and a PDF whose text is read back), reported,
returned, reported again (late), confirmed; reminders before each round's working-day deadline;
every act audited; attacks and bad input refused with nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.docnumbers.models import DocNumber
from core.pdf import pdf_text
from notifications.models import Notification, ScheduledReminder, ScheduleState
from tests.sample_files import EXE, PDF, upload
from tests.workflows.api.helpers import client_for
from workflows.engine.documents.files import ensure_file
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.inspection.routine import messages, notices
from workflows.inspection.routine.models import NoticeReport, NoticeState, RectificationNotice, ReportOutcome

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _issue(routine, **overrides):
    fields = {"school": routine.city.school_a, "title": "关于和平一校课后服务台账问题的整改通知",
              "problems": "课后服务台账缺少9月第一周记录。", "requirements": "补齐台账并建立每日登记制度。",
              "working_days": 5, **overrides}
    return notices.issue_notice(by=routine.inspector, **fields)


def _reminders(notice, state=ScheduleState.PENDING):
    return ScheduledReminder.objects.filter(key__startswith=f"routine:notice:{notice.pk}:", state=state)


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_issued_reported_returned_reported_again_and_confirmed(routine, clock):
    notice = _issue(routine)
    assert notice.document.number_text == "沈教督改〔2021〕1号"
    # 5 working days after Monday 13 September: Saturday 18 is a make-up working day.
    assert notice.due_at == datetime.datetime(2021, 9, 18, 17, 30, tzinfo=TZ)
    assert notice.state == NoticeState.ISSUED and _told(messages.NOTICE_ISSUED) == ["head"]
    text = pdf_text(ensure_file(notice.document).file.read())
    for words in ("沈阳市教育局文件", "沈教督改〔2021〕1号", "关于和平一校课后服务台账问题的整改通知", "和平一校：",
                  "课后服务台账缺少9月第一周记录。", "补齐台账并建立每日登记制度。", "请于2021-09-18前（5个工作日内）"):
        assert words in text, words
    assert _reminders(notice).filter(key__contains=":r1:due:reminder:").exists()

    report = notices.report_notice(notice=notice, by=routine.head, text="已补齐台账。", files=[upload("台账.pdf", PDF)])
    notice.refresh_from_db()
    assert (notice.state, report.round, report.late) == (NoticeState.REPORTED, 1, False)
    assert [f.name for f in report.files.all()] == ["台账.pdf"]
    assert not _reminders(notice).exists() and _told(messages.NOTICE_REPORTED) == ["马俊"]

    notices.return_notice(notice=notice.pk, by=routine.inspector, comment="缺少登记制度文件。", working_days=3)
    notice.refresh_from_db()
    assert (notice.state, notice.round) == (NoticeState.RETURNED, 2)
    assert notice.due_at == datetime.datetime(2021, 9, 16, 17, 30, tzinfo=TZ)
    assert NoticeReport.objects.get(notice=notice, round=1).outcome == ReportOutcome.RETURNED
    assert _told(messages.NOTICE_RETURNED) == ["head"] and _reminders(notice).filter(key__contains=":r2:").exists()

    clock.move_to(datetime.datetime(2021, 9, 17, 9, 0, tzinfo=TZ))
    notice.refresh_from_db()
    assert notice.is_overdue()
    second = notices.report_notice(notice=notice.pk, by=routine.head, text="已制定每日登记制度。")
    assert (second.round, second.late) == (2, True)

    notices.accept_notice(notice=notice.pk, by=routine.inspector, comment="整改到位。")
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACCEPTED and not notice.is_overdue()
    assert _told(messages.NOTICE_ACCEPTED) == ["head"]
    assert list(AuditEvent.objects.filter(action__startswith="routine_notice_").order_by("seq")
                .values_list("action", "to_status")) == [
        ("routine_notice_issued", "issued"), ("routine_notice_reported", "reported"),
        ("routine_notice_returned", "returned"), ("routine_notice_reported", "reported"),
        ("routine_notice_accepted", "accepted")]


def test_a_report_on_a_confirmed_notice_is_refused_and_writes_nothing(routine):
    notice = _issue(routine)
    notices.report_notice(notice=notice, by=routine.head, text="已整改。")
    notices.accept_notice(notice=notice, by=routine.inspector)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidState) as refused:
        notices.report_notice(notice=notice, by=routine.head, text="再报一次。")
    assert "整改已确认，不能再提交整改报告" in str(refused.value)
    answer = client_for(routine.head).post(f"/api/v1/routine/notices/{notice.pk}/report/", {"text": "再报"})
    assert answer.status_code == 409
    assert NoticeReport.objects.count() == 1 and AuditEvent.objects.count() == events


def test_who_may_act_on_a_notice(routine):
    notice = _issue(routine)
    with pytest.raises(NotAllowed):
        notices.report_notice(notice=notice, by=routine.inspector, text="代报")
    for outsider in (routine.inspector_b, routine.city.head_b, routine.city.reviewer):
        with pytest.raises(NotFound):
            notices.report_notice(notice=notice, by=outsider, text="越权")
        assert client_for(outsider).get(f"/api/v1/routine/notices/{notice.pk}/").status_code == 404
        assert client_for(outsider).get(f"/api/v1/routine/notices/{notice.pk}/pdf/").status_code == 404
    notices.report_notice(notice=notice, by=routine.head, text="已整改。")
    with pytest.raises(NotAllowed):
        notices.accept_notice(notice=notice, by=routine.head)
    with pytest.raises(NotAllowed):
        notices.return_notice(notice=notice, by=routine.manager, comment="督导室代退")
    with pytest.raises(NotFound):
        _issue(routine, school=routine.city.school_b)
    assert RectificationNotice.objects.get().state == NoticeState.REPORTED


@pytest.mark.parametrize("overrides, field", [
    ({"working_days": 0}, "working_days"), ({"working_days": 61}, "working_days"), ({"title": ""}, "title"),
    ({"requirements": " "}, "requirements"), ({"visit": 999999}, "visit"),
])
def test_a_bad_notice_is_refused_and_no_number_is_used(routine, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _issue(routine, **overrides)
    assert field in refused.value.message_dict
    assert not RectificationNotice.objects.exists() and not DocNumber.objects.exists()


def test_a_return_needs_a_reason_and_a_report_a_real_file(routine):
    notice = _issue(routine)
    with pytest.raises(ValidationError) as refused:
        notices.report_notice(notice=notice, by=routine.head, text="见附件", files=[upload("报告.pdf", EXE)])
    assert "内容与扩展名" in " ".join(refused.value.message_dict["files"]) and not NoticeReport.objects.exists()
    notices.report_notice(notice=notice, by=routine.head, text="已整改。")
    with pytest.raises(ValidationError) as refused:
        notices.return_notice(notice=notice, by=routine.inspector, comment="")
    assert "退回时请填写退回理由" in str(refused.value)
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPORTED and notice.round == 1


def test_the_whole_path_over_the_api(routine):
    inspector, head = client_for(routine.inspector), client_for(routine.head)
    created = inspector.post("/api/v1/routine/notices/", {
        "school": routine.city.school_a.pk, "title": "关于校园安全隐患的整改通知", "problems": "消防通道堆放杂物。",
        "requirements": "立即清理。", "working_days": 3}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["number"] == "沈教督改〔2021〕1号" and created.json()["may"] == {"report": False,
                                                                                         "review": False}
    assert head.get(f"/api/v1/routine/notices/{pk}/").json()["may"] == {"report": True, "review": False}
    reported = head.post(f"/api/v1/routine/notices/{pk}/report/", {"text": "已清理。", "files": [upload("现场.pdf", PDF)]},
                         format="multipart")
    assert reported.status_code == 200 and reported.json()["state"] == "reported"
    assert reported.json()["reports"][0]["files"][0]["name"] == "现场.pdf"
    assert inspector.post(f"/api/v1/routine/notices/{pk}/return/", {}, format="json").status_code == 400
    returned = inspector.post(f"/api/v1/routine/notices/{pk}/return/", {"comment": "请附照片。"}, format="json")
    assert returned.json()["state"] == "returned" and returned.json()["round"] == 2
    head.post(f"/api/v1/routine/notices/{pk}/report/", {"text": "附照片。"}, format="multipart")
    accepted = inspector.post(f"/api/v1/routine/notices/{pk}/accept/", {"comment": "同意。"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    pdf = head.get(f"/api/v1/routine/notices/{pk}/pdf/")
    assert pdf.status_code == 200 and "消防通道堆放杂物。" in pdf_text(b"".join(pdf.streaming_content))


def test_the_pages_issue_report_and_confirm(routine, client):
    client.force_login(routine.inspector)
    form = client.get(f"/inspection/routine/notices/new/?school={routine.city.school_a.pk}").content.decode()
    assert "发出整改通知书" in form and "整改期限（工作日）" in form
    response = client.post("/inspection/routine/notices/new/", {
        "school": routine.city.school_a.pk, "title": "关于作业公示的整改通知", "problems": "作业未公示。",
        "requirements": "每日公示。", "working_days": 5})
    notice = RectificationNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspection/routine/notices/{notice.pk}/"
    client.force_login(routine.head)
    page = client.get(f"/inspection/routine/notices/{notice.pk}/").content.decode()
    assert "沈教督改〔2021〕1号" in page and "提交整改报告" in page and "确认整改" not in page
    assert client.post(f"/inspection/routine/notices/{notice.pk}/report/", {"text": ""}).status_code == 400
    assert client.post(f"/inspection/routine/notices/{notice.pk}/report/", {"text": "已公示。"}).status_code == 302
    client.force_login(routine.inspector)
    assert client.post(f"/inspection/routine/notices/{notice.pk}/review/", {"act": "return"}).status_code == 400
    assert client.post(f"/inspection/routine/notices/{notice.pk}/review/", {"act": "accept"}).status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACCEPTED
