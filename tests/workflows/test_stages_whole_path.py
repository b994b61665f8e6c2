"""Issue 12's whole path, as the people in it act: three schools apply in one campaign of the sample
AccreditedHonourFlow (tests/sampleapp/accredited_honours.py) and go

    submit → district review → one panel for the batch (an expert declines the pledge, the reserve
    steps in; the chair returns a sheet, it is corrected) → the department confirms each result →
    the decision list signed and its 决定 with a 文号 → 公示 (the public objects on the public page without
    signing in: one objection upheld, the school back at the decision with its seat freed; one
    dismissed) → the notice's end approves the rest → the approval document (批复) → certificates
    verified on /verify/<code>/ (valid, revoked, expired) → reminders at 90 and 30 days delivered by
    email (time-machine) → renewal, running at its expert review → expiry.

People act through the API and the public pages (the school submits through its service: the
sample kind has no start form); the timers run as the beat runs them. Each stage checks what it
should leave behind: the audit, the messages, what the next person sees."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.calendar import install_test_calendar
from core.docnumbers.models import DocumentType
from core.orgs.roles import Role
from core.pdf import pdf_text
from notifications import delivering
from notifications.models import Delivery, Notification
from tests.factories import OrganisationFactory, person
from tests.sampleapp.accredited_honours import AccreditedHonourFlow
from tests.sampleapp.honours import honour_create, honour_submit
from tests.sampleapp.notice_models import SampleHonour
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.certificates.certificate_helpers import url_in_text
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.experts.helpers import build_pool_city
from tests.workflows.engine.rubrics.helpers import school_rubric
from tests.workflows.engine.scoring.helpers import lines
from workflows import tasks
from workflows.engine import message_kinds
from workflows.engine.certificates.models import Certificate
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.pool import add_expert
from workflows.engine.lists.models import ListAct, ListMember, MembershipEnd
from workflows.engine.tenure.models import Tenure, TenureState, TermsPolicy

pytestmark = pytest.mark.django_db
S = SampleHonour.Status
FLOW = AccreditedHonourFlow
TZ = timezone.get_default_timezone()
# Tuesday 1 June 2021: a notice of 5 working days published at 10:00 ends on Tuesday 8 June, 17:30.
DAY_ONE = datetime.datetime(2021, 6, 1, 10, 0, tzinfo=TZ)
NOTICE_STEP = "tests.sampleapp.accredited_honours.AccreditedHonourFlow.notice"
DECISION_STEP = "tests.sampleapp.accredited_honours.AccreditedHonourFlow.city_decision"
# (username, full name, home): the pool's experts, all outside the schools' districts.
EXPERTS = [("zj_wang", "王建国", "school_c1"), ("zj_li", "李秀英", "school_d1"), ("zj_zhang", "张志强", "school_c2"),
           ("zj_liu", "刘海燕", "district_d")]


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def pdf(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()[:500]
    return response.json()


def the_city():
    """The pool city (two more districts with experts' homes), a third school, the campaign (3
    seats), the department's rubric, the document types and the kind's terms, all data."""
    town = build_pool_city()
    school_a2 = OrganisationFactory.school(parent=town.district_a, name="和平二校", code="2101020002")
    head_a2 = person("head_a2", Role.SCHOOL_HEAD, school_a2)
    for user in (town.head, town.head_b, head_a2):
        user.email = f"{user.username}@school.example.cn"
        user.save(update_fields=["email"])
    campaign = make_campaign(total_quota=3, owner_department=town.department, opens_at=at(2021, 5, 1),
                             closes_at=at(2021, 7, 1), name="2021年度")
    school_rubric(town.department, town.city.city)
    for code, name, prefix in (("decision", "决定", "沈教发"), ("approval", "批复", "沈教批"),
                               ("revocation", "撤销决定", "沈教发")):
        DocumentType.objects.create(code=code, name=name, prefix=prefix)
    TermsPolicy.objects.create(kind=SampleHonour.KIND, programme_code="", name="示例认定（有效期3年）",
                               validity_years=3, reminder_days=[90, 30], report_opens="11-01", report_closes="12-31",
                               failures_to_revoke=2, renewal_skips=["district_review"], renewal_opens_days=180)
    for username, full_name, home in EXPERTS:
        add_expert(department=town.department, user=person(username, Role.EXPERT, getattr(town, home),
                                                            full_name=full_name),
                   home=getattr(town, home), by=town.city.city, fields={})
    schools = [(town.school_a, town.head, town.reviewer), (town.school_b, town.head_b, town.reviewer_b),
               (school_a2, head_a2, town.reviewer)]
    return town, campaign, schools


def submitted_and_reviewed(town, campaign, schools):
    """Each school submits; its district's reviewer passes it over the API: it waits for experts."""
    items = []
    for school, head, reviewer in schools:
        item = honour_create(organisation=school, owner_department=town.department, by=head,
                             title=f"{school.name}新优质学校认定申报", campaign=campaign, flow_class=FLOW)
        honour_submit(item=item, by=head, flow_class=FLOW)
        task = open_task(item)
        assert task.pk in [row["id"] for row in ok(client_for(reviewer).get("/api/v1/tasks/"))["results"]]
        ok(client_for(reviewer).post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": "材料齐全，同意推荐。"},
                                     format="json"))
        item = reload(item)
        assert item.status == S.EXPERT_REVIEW
        items.append(item)
    return items


def panel_drawn_and_pledged(town, items):
    """One panel of 3 (+1 候补) for the batch; the first member declines, the reserve steps in;
    the others accept the pledge before they see anything."""
    department = client_for(town.city.city)
    panel = ok(department.post("/api/v1/panels/", {"items": [item.pk for item in items], "size": 3, "reserves": 1,
                                                    "title": "2021年度新优质学校评审组"}, format="json"), 201)
    seats = panels.seats_of(panel["id"])
    assert [seat.state for seat in seats] == ["invited"] * 3 + ["reserve"]
    declining, reserve = seats[0].expert.user, seats[3].expert.user
    ok(client_for(declining).post(f"/api/v1/seats/{seats[0].pk}/decline/", {"reason": "评审期间出国访学"}, format="json"))
    assert reload_seat(seats[3]).state == "invited"  # the reserve took the seat and was told
    assert Notification.objects.filter(recipient=reserve, kind=message_kinds.PANEL_RESERVE_CALLED).exists()
    scorers = []
    for seat in panels.seats_of(panel["id"]):
        if seat.state == "invited":
            before = ok(client_for(seat.expert.user).get("/api/v1/seats/"))["results"]
            assert all(row["items"] == [] for row in before)  # nothing shown before the pledge
            ok(client_for(seat.expert.user).post(f"/api/v1/seats/{seat.pk}/accept/", {}, format="json"))
            scorers.append(seat.expert.user)
    assert declining not in scorers and reserve in scorers and len(scorers) == 3
    return panel["id"], scorers


def reload_seat(seat):
    return type(seat).objects.get(pk=seat.pk)


def scored(town, items, panel, scorers):
    """Every expert scores every school over the API; the chair returns one sheet, its expert
    corrects and resubmits it; the department confirms each result, and the panel ends with the last."""
    sheets = {0: (18, 18, 9, 36), 1: (17, 16, 8, 34), 2: (19, 18, 9, 37)}  # totals 90, 83, 92
    for user in scorers:
        for n, item in enumerate(items):
            ok(client_for(user).post(f"/api/v1/scoring/{item.pk}/sheet/submit/", {"lines": lines(*sheets[n])},
                                     format="json"))
    chair = panels.chair(panel).expert.user
    wrong = next(user for user in scorers if user != chair)
    api = client_for(wrong)
    slip = ok(api.get(f"/api/v1/scoring/{items[1].pk}/sheet/"))
    ok(client_for(chair).post(f"/api/v1/score-sheets/{slip['sheet']['id']}/return/",
                              {"reason": "A1与评语不符，请核对后重新提交"}, format="json"))
    refused = client_for(town.city.city).post(f"/api/v1/scoring/{items[1].pk}/close/", {}, format="json")
    assert refused.status_code == 409 and "还有专家未提交评分表" in refused.json()["detail"]
    corrected = ok(api.post(f"/api/v1/scoring/{items[1].pk}/sheet/submit/",
                            {"lines": {"A1": {"score": "14", "comment": "已核对更正"}}}, format="json"))
    assert corrected["sheet"]["state"] == "submitted"
    department = client_for(town.city.city)
    for item in items:
        result = ok(department.post(f"/api/v1/scoring/{item.pk}/close/", {}, format="json"))
        assert result["passed"] is True
        assert reload(item).status == S.CITY_DECISION
    # (83 + 83 + 80) / 3: the returned sheet came back with A1 corrected from 17 to 14 (n < 5: the plain mean)
    result = ok(department.get(f"/api/v1/scoring/{items[1].pk}/result/"))
    assert D(result["total"]) == D("82.00")
    assert sorted(result["experts"]) == sorted(user.full_name for user in scorers)  # names, not usernames
    page = Client()
    page.force_login(town.city.city)
    html = page.get(f"/work/scoring/{items[1].pk}/result/").content.decode()
    assert all(user.full_name in html for user in scorers) and not any(user.username in html for user in scorers)
    assert panels.current_panel(items[0]) is None and not panels.scorers(items[2])  # the panel has ended


def decided_with_a_number(town, items):
    """The department head signs the decision list (the three, in rank order) and issues its 决定."""
    head = client_for(town.city_head)
    waiting = ok(head.get("/api/v1/lists/"))
    assert [[entry["id"] for entry in row["items"]] for row in waiting if row["step"] == DECISION_STEP] == [
        [item.pk for item in items]]
    signed = ok(head.post("/api/v1/lists/", {"step": DECISION_STEP, "items": [item.pk for item in items],
                                             "comment": "经处务会研究确定。"}, format="json"), 201)
    assert [member["item"] for member in signed["members"]] == [item.pk for item in items]
    assert {reload(item).status for item in items} == {S.NOTICE}
    decision = ListAct.objects.get(pk=signed["id"])
    document = ok(client_for(town.city_head).post(
        f"/api/v1/lists/{decision.pk}/documents/",
        {"doc_type": "decision", "title": "关于2021年度新优质学校认定结果的决定",
         "opening": "经学校申报、区县审核、专家评审和市局研究，决定以下学校拟认定为新优质学校："}, format="json"), 201)
    assert document["number"] == "沈教发〔2021〕1号"
    text = pdf_text(pdf(client_for(town.head).get(f"/api/v1/documents/{document['id']}/pdf/")))
    assert "沈教发〔2021〕1号" in text and all(item.organisation.name in text for item in items)
    return decision


def noticed_and_objected(town, items, after_commit):
    """The department publishes the 公示; a member of the public, not signed in, reads it and lodges
    two objections on its page; one is upheld, one dismissed, over the API."""
    notice = ok(client_for(town.city_head).post("/api/v1/notices/", {
        "step": NOTICE_STEP, "items": [item.pk for item in items], "title": "2021年度新优质学校拟认定名单公示"},
        format="json"), 201)
    public = Client()
    page = public.get(f"/public/notices/{notice['id']}/").content.decode()
    assert all(item.organisation.name in page for item in items) and "拟认定" in page
    assert not any(item.ref_no in page for item in items)  # only what a notice shows
    entries = {entry["item"]: entry["id"] for entry in notice["entries"]}
    for n, (item, facts) in enumerate([(items[1], "该校申报的课题获奖证书与实际不符。"),
                                       (items[2], "该校去年发生过安全事故。")]):
        answer = public.post(f"/public/notices/{notice['id']}/", {
            "entry": entries[item.pk], "real_name": "张三", "unit": "沈阳市某公司", "phone": f"1380000000{n}",
            "facts": facts, "email": "zhangsan@example.cn"}, REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert answer.status_code == 302, answer.content.decode()[:500]
    seen = ok(client_for(town.city_head).get(f"/api/v1/notices/{notice['id']}/"))
    objections = {entry["item"]: entry["objections"][0]["id"] for entry in seen["entries"] if entry["objections"]}
    assert list(objections) == [items[1].pk, items[2].pk] and "张三" not in public.get(
        f"/public/notices/{notice['id']}/").content.decode()  # the objector's identity is the department's alone
    handler = client_for(town.city.city)
    with after_commit(execute=True):
        ok(handler.post(f"/api/v1/objections/{objections[items[1].pk]}/uphold/",
                        {"reason": "经核实，获奖证书系伪造，异议成立。"}, format="json"))
    sent_back = reload(items[1])
    assert sent_back.status == S.CITY_DECISION  # back at the decision, its seat freed
    assert open_task(sent_back).flow_task == FLOW.city_decision
    member = ListMember.objects.get(item=sent_back)
    assert member.end_reason == MembershipEnd.OBJECTION and member.ended_at is not None
    refused = handler.post(f"/api/v1/objections/{objections[items[2].pk]}/dismiss/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    with after_commit(execute=True):
        ok(handler.post(f"/api/v1/objections/{objections[items[2].pk]}/dismiss/",
                        {"reason": "经核实，该校近两年无安全事故，异议不成立。"}, format="json"))
    told = [message.body for message in mail.outbox if message.to == ["zhangsan@example.cn"]]
    assert len(told) == 2 and "获奖证书系伪造" in told[0] and "异议不成立" in told[1]  # the objector is told
    return notice


def approved_by_the_notice_s_end(items):
    """The notice ends (the beat's timer): the two without an upheld objection are approved, each
    with its tenure and certificate."""
    tasks.fire_timers()
    approved = [reload(items[0]), reload(items[2])]
    assert [item.status for item in approved] == [S.APPROVED, S.APPROVED]
    assert reload(items[1]).status == S.CITY_DECISION
    return approved


def approval_document(town, decision, approved):
    """The 批复 of the decision list names only the schools still on it."""
    document = ok(client_for(town.city_head).post(
        f"/api/v1/lists/{decision.pk}/documents/",
        {"doc_type": "approval", "title": "关于认定2021年度新优质学校的批复"}, format="json"), 201)
    assert document["number"] == "沈教批〔2021〕1号"
    text = pdf_text(pdf(client_for(town.city_head).get(f"/api/v1/documents/{document['id']}/pdf/")))
    assert "沈教批〔2021〕1号" in text and "和平一校" in text and "和平二校" in text
    assert "沈河一校" not in text  # its objection was upheld: not approved


def verified(town, approved):
    """Each certificate's QR address (read from its PDF) shows 有效 to anyone; revoked shows 已撤销."""
    public = Client()
    addresses = {}
    for item in approved:
        certificate = Certificate.objects.get(item=item)
        reader = client_for(item.submitter)
        listed = ok(reader.get("/api/v1/certificates/"))["results"]
        assert [row["number"] for row in listed] == [certificate.number]
        url = url_in_text(pdf(reader.get(f"/api/v1/certificates/{certificate.pk}/download/")))
        addresses[item.pk] = "/verify/" + url.rstrip("/").rsplit("/", 1)[1] + "/"
        page = public.get(addresses[item.pk]).content.decode()
        assert "有效" in page and item.organisation.name in page and certificate.number in page
    revoked = Tenure.objects.get(item=approved[1])
    answer = ok(client_for(town.city_head).post(f"/api/v1/tenures/{revoked.pk}/revoke/",
                                                {"reason": "办学行为不规范，经复核撤销认定。"}, format="json"))
    assert answer["state"] == TenureState.REVOKED
    assert "沈教发〔2021〕2号" in str(answer)  # the 撤销决定's 文号, after the decision's in the same register
    assert "已撤销" in public.get(addresses[approved[1].pk]).content.decode()
    return addresses


def delivered_reminders(user) -> list[str]:
    """Deliver the pending email of `user`'s expiry reminders (as the worker does); their subjects."""
    pending = Delivery.objects.filter(recipient=user, channel="email",
                                      notification__kind=message_kinds.TENURE_EXPIRING, sent_at__isnull=True)
    delivering.deliver(list(pending.values_list("pk", flat=True)))
    return [message.subject for message in mail.outbox if user.email in message.to]


def test_the_whole_path_from_submission_to_renewal(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(DAY_ONE, tick=False)
    install_test_calendar([2021, 2024])
    town, campaign, schools = the_city()

    items = submitted_and_reviewed(town, campaign, schools)
    panel, scorers = panel_drawn_and_pledged(town, items)
    scored(town, items, panel, scorers)
    decision = decided_with_a_number(town, items)
    time_machine.move_to(at(2021, 6, 2), tick=False)
    notice = noticed_and_objected(town, items, django_capture_on_commit_callbacks)
    assert notice["ends_at"].startswith("2021-06-09T17:30")  # 5 working days after publication
    time_machine.move_to(at(2021, 6, 9, 17, 31), tick=False)
    approved = approved_by_the_notice_s_end(items)
    approval_document(town, decision, approved)
    addresses = verified(town, approved)

    kept = Tenure.objects.get(item=approved[0])
    assert kept.valid_until == datetime.date(2024, 6, 8)
    mail.outbox.clear()
    time_machine.move_to(at(2024, 3, 10, 0, 30), tick=False)  # 90 days before the last day
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 1, "report_reminders": 0}
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 0, "report_reminders": 0}  # never twice
    assert len(delivered_reminders(town.head)) == 1
    time_machine.move_to(at(2024, 5, 9, 0, 30), tick=False)  # 30 days before
    assert tasks.tenure_daily() == {"expired": 0, "reminded": 1, "report_reminders": 0}
    assert len(delivered_reminders(town.head)) == 2

    time_machine.move_to(at(2024, 5, 9, 10), tick=False)
    renewed = ok(client_for(town.head).post(f"/api/v1/tenures/{kept.pk}/renew/", {}, format="json"))
    renewal = SampleHonour.objects.get(pk=renewed["renewal_item"])
    assert renewal.status == S.EXPERT_REVIEW  # running, the district's review passed over (the terms' data)
    assert open_task(renewal).flow_task == FLOW.expert_review

    time_machine.move_to(at(2024, 6, 9, 0, 30), tick=False)
    assert tasks.tenure_daily()["expired"] == 1
    assert "已过期" in Client().get(addresses[approved[0].pk]).content.decode()
    assert reload(renewal).status == S.EXPERT_REVIEW  # the renewal goes on; its approval begins the next term
