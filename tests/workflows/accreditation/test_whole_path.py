"""Issue 14's whole path for five schools in two districts, as the people in it act (the API, the
item page, the public 公示 page without signing in, the beat's timers under time-machine):

    和平一校  starts from 发起申报 over the API, is returned by the district and resubmits (the
              reviewer sees what changed), recommended, passes → approved
    和平二校  recommended, then returned by the city's 形式审查 to the district: its seat is freed
              and refilled by 和平三校; passed again by the district it finds no seat left
    和平三校  recommended into the freed seat → decided → an objection in 公示 is upheld: back at
              the decision, its decision seat freed
    沈河一校  recommended by the other district → approved
    沈河二校  rejected by its district

The decision list's 公示 runs the programme's 7 working days; its end approves the two left, and
the one 决定 (the programme's prefix 沈教发) names exactly them; each has its certificate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.calendar import install_test_calendar
from core.pdf import pdf_text
from tests.sample_files import jpeg, pdf
from tests.workflows.accreditation.helpers import (
    ASSESSMENT,
    DECISION_STEP,
    NOTICE_STEP,
    RECOMMEND_STEP,
    S,
    at,
    build_acc_city,
    ok,
    submitted,
)
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.scoring.helpers import lines
from workflows import tasks
from workflows.accreditation.models import Accreditation
from workflows.engine.certificates.models import Certificate
from workflows.engine.experts import selectors as panels
from workflows.engine.lists.campaign_models import DistrictQuota
from workflows.engine.lists.models import ListMember, MembershipEnd
from workflows.engine.notices.models import Notice
from workflows.engine.tenure.models import Tenure

pytestmark = pytest.mark.django_db


def pdf_bytes(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def started_over_the_api(acc):
    """和平一校's head finds the campaign on 发起申报, writes the draft with the self-assessment per
    indicator, uploads the 自评报告 (an image is refused in that slot), and submits."""
    api = client_for(acc.heads[0])
    offers = ok(api.get("/api/v1/start/"))
    assert [(row["kind"], row["campaign"]["id"], row["remaining"]) for row in offers] == [
        ("accreditation", acc.campaign.pk, 2)]
    fields = {"summary": "办学规范，质量优良。", "features": "书香校园"}
    for code, entry in ASSESSMENT.items():
        fields[f"score_{code}"], fields[f"note_{code}"] = entry["score"], entry["note"]
    item = ok(api.post("/api/v1/items/", {"kind": "accreditation", "campaign": acc.campaign.pk,
                                          "organisation": acc.schools[0].pk, "title": "和平一校新优质学校申报",
                                          "fields": fields}, format="json"), 201)
    draft = ok(api.get(f"/api/v1/items/{item['id']}/draft/"))
    assert [(slot["code"], slot["required"]) for slot in draft["slots"]] == [("report", True), ("photos", False)]
    assert draft["fields"]["score_B2"] == "36"
    early = api.post(f"/api/v1/items/{item['id']}/submit/", {}, format="json")
    assert early.status_code == 400 and "自评报告" in str(early.json())  # the required slot is empty
    wrong = api.post(f"/api/v1/items/{item['id']}/files/", {"slot": "report", "file": SimpleUploadedFile(
        "校园.jpg", jpeg(b"x"))}, format="multipart")
    assert wrong.status_code == 400 and "只接受" in str(wrong.json())
    ok(api.post(f"/api/v1/items/{item['id']}/files/", {"slot": "report", "file": SimpleUploadedFile(
        "自评报告.pdf", pdf("report"))}, format="multipart"), 201)
    ok(api.post(f"/api/v1/items/{item['id']}/submit/", {}, format="json"))
    detail = ok(api.get(f"/api/v1/items/{item['id']}/"))
    assert detail["content"]["self_assessment"]["value"].startswith("A1 校舍：18（生均校舍面积达标）")
    assert detail["content"]["features"] == {"label": "办学特色", "value": "书香校园"}
    return Accreditation.objects.get(pk=item["id"])


def returned_and_resubmitted(acc, item):
    """The district returns it; the head edits the summary and resubmits over the API; the
    reviewer's page shows the change."""
    reviewer = client_for(acc.reviewer)
    task = open_task(item)
    ok(reviewer.post(f"/api/v1/tasks/{task.pk}/return/", {"comment": "请补充办学特色说明。", "to": "revise"},
                     format="json"))
    assert reload(item).status == S.RETURNED
    task = open_task(item)
    ok(client_for(acc.heads[0]).post(f"/api/v1/tasks/{task.pk}/resubmit/", {
        "comment": "已补充。", "fields": {"summary": "办学规范，质量优良；已补充特色课程。"}}, format="json"))
    assert reload(item).status == S.DISTRICT_REVIEW
    page = Client()
    page.force_login(acc.reviewer)
    html = page.get(f"/work/items/{item.pk}/").content.decode()
    assert "本次重新提交的修改" in html and "已补充特色课程" in html and "办学规范，质量优良。" in html
    assert "B2 学生发展：36" in html  # the self-assessment on the item page


def district_acts(acc, items):
    """Both districts review; 沈河二校 is rejected; each district head signs its list."""
    for item in items[:4]:
        task = open_task(item)
        ok(client_for(acc.reviewer_of(item.organisation)).post(
            f"/api/v1/tasks/{task.pk}/approve/", {"comment": "同意推荐。"}, format="json"))
    task = open_task(items[4])
    ok(client_for(acc.reviewer_b).post(f"/api/v1/tasks/{task.pk}/reject/", {"comment": "不符合申报条件。"},
                                       format="json"))
    assert reload(items[4]).status == S.REJECTED
    heping = client_for(acc.district_head)
    over = heping.post("/api/v1/lists/", {"step": RECOMMEND_STEP, "items": [i.pk for i in items[:3]]}, format="json")
    assert over.status_code == 400 and "名额" in str(over.json())  # 3 for 2 seats: nothing written
    assert {reload(i).status for i in items[:3]} == {S.DISTRICT_RECOMMEND}
    ok(heping.post("/api/v1/lists/", {"step": RECOMMEND_STEP, "items": [items[0].pk, items[1].pk],
                                      "comment": "经区教育局研究推荐。"}, format="json"), 201)
    ok(client_for(acc.district_head_b).post("/api/v1/lists/", {"step": RECOMMEND_STEP, "items": [items[3].pk]},
                                            format="json"), 201)
    assert [reload(i).status for i in items[:4]] == [S.FORMAL_REVIEW, S.FORMAL_REVIEW, S.DISTRICT_RECOMMEND,
                                                     S.FORMAL_REVIEW]


def formal_review_returns_one_and_the_seat_is_refilled(acc, items):
    city = client_for(acc.city.city)
    task = open_task(items[1])
    ok(city.post(f"/api/v1/tasks/{task.pk}/return/", {"comment": "佐证材料不全，请区县复核。", "to": "district_review"},
                 format="json"))
    assert reload(items[1]).status == S.DISTRICT_REVIEW
    assert DistrictQuota.objects.get(campaign=acc.campaign, district=acc.district_a).reserved == 1  # freed
    ok(client_for(acc.district_head).post("/api/v1/lists/", {"step": RECOMMEND_STEP, "items": [items[2].pk]},
                                          format="json"), 201)
    assert reload(items[2]).status == S.FORMAL_REVIEW
    # 和平二校, passed again by its district, finds no seat left.
    ok(client_for(acc.reviewer).post(f"/api/v1/tasks/{open_task(items[1]).pk}/approve/", {"comment": "已复核。"},
                                     format="json"))
    full = client_for(acc.district_head).post("/api/v1/lists/", {"step": RECOMMEND_STEP, "items": [items[1].pk]},
                                              format="json")
    assert full.status_code == 400 and reload(items[1]).status == S.DISTRICT_RECOMMEND
    for item in (items[0], items[2], items[3]):
        ok(city.post(f"/api/v1/tasks/{open_task(item).pk}/approve/", {"comment": "形式审查通过。"}, format="json"))
        assert reload(item).status == S.EXPERT_REVIEW


def expert_review(acc, items):
    """One panel of the three experts for the three; each scores each; the department confirms."""
    department = client_for(acc.city.city)
    panel = ok(department.post("/api/v1/panels/", {"items": [i.pk for i in items], "size": 3, "reserves": 0,
                                                    "title": "2021年度新优质学校评审组"}, format="json"), 201)
    sheets = {0: (18, 18, 9, 36), 1: (17, 16, 8, 34), 2: (19, 18, 9, 37)}  # 90, 83, 92
    for seat in panels.seats_of(panel["id"]):
        expert = client_for(seat.expert.user)
        ok(expert.post(f"/api/v1/seats/{seat.pk}/accept/", {}, format="json"))
        for n, item in enumerate(items):
            ok(expert.post(f"/api/v1/scoring/{item.pk}/sheet/submit/", {"lines": lines(*sheets[n])}, format="json"))
    for item in items:
        assert ok(department.post(f"/api/v1/scoring/{item.pk}/close/", {}, format="json"))["passed"] is True
        assert reload(item).status == S.CITY_DECISION  # no visit, no 答辩: the programme has neither


def decided(acc, ranked):
    head = client_for(acc.city_head)
    signed = ok(head.post("/api/v1/lists/", {"step": DECISION_STEP, "items": [i.pk for i in ranked],
                                             "comment": "经局长办公会研究确定。"}, format="json"), 201)
    assert {reload(i).status for i in ranked} == {S.NOTICE}
    return signed["id"]


def noticed_with_an_upheld_objection(acc, ranked, after_commit):
    notice = ok(client_for(acc.city_head).post("/api/v1/notices/", {
        "step": NOTICE_STEP, "items": [i.pk for i in ranked], "title": "2021年度新优质均衡(示范)学校拟认定名单公示"},
        format="json"), 201)
    assert Notice.objects.get(pk=notice["id"]).working_days == 7  # the programme's 公示 days, not the step's 5
    entries = {entry["item"]: entry["id"] for entry in notice["entries"]}
    public = Client()
    assert all(i.organisation.name in public.get(f"/public/notices/{notice['id']}/").content.decode() for i in ranked)
    objected = ranked[2]
    answer = public.post(f"/public/notices/{notice['id']}/", {
        "entry": entries[objected.pk], "real_name": "张三", "unit": "沈阳市某公司", "phone": "13800000000",
        "facts": "该校申报材料中的获奖证书与实际不符。", "email": "zhangsan@example.cn"}, REMOTE_ADDR="10.0.0.1")
    assert answer.status_code == 302, answer.content.decode()[:500]
    seen = ok(client_for(acc.city_head).get(f"/api/v1/notices/{notice['id']}/"))
    objection = next(e["objections"][0]["id"] for e in seen["entries"] if e["objections"])
    with after_commit(execute=True):
        ok(client_for(acc.city.city).post(f"/api/v1/objections/{objection}/uphold/",
                                          {"reason": "经核实，获奖证书系伪造，异议成立。"}, format="json"))
    assert reload(objected).status == S.CITY_DECISION
    assert ListMember.objects.get(item=objected, list_act__step="city_decision").end_reason == MembershipEnd.OBJECTION
    return notice


def test_five_schools_in_two_districts_from_application_to_certificates(time_machine,
                                                                         django_capture_on_commit_callbacks):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2024])
    acc = build_acc_city()

    first = started_over_the_api(acc)
    items = [first] + [submitted(acc, n) for n in range(1, 5)]
    returned_and_resubmitted(acc, first)
    district_acts(acc, items)
    formal_review_returns_one_and_the_seat_is_refilled(acc, items)
    scored = [items[0], items[2], items[3]]
    expert_review(acc, scored)
    ranked = [items[3], items[0], items[2]]  # 92 (沈河一校), 90 (和平一校), 83 (和平三校)
    decision = decided(acc, ranked)
    time_machine.move_to(at(2021, 6, 2), tick=False)
    notice = noticed_with_an_upheld_objection(acc, ranked, django_capture_on_commit_callbacks)
    assert notice["ends_at"].startswith("2021-06-11T17:30")  # the programme's 7 working days
    time_machine.move_to(at(2021, 6, 11, 17, 31), tick=False)
    tasks.fire_timers()
    assert [reload(i).status for i in items] == [S.APPROVED, S.DISTRICT_RECOMMEND, S.CITY_DECISION, S.APPROVED,
                                                 S.REJECTED]

    document = ok(client_for(acc.city_head).post(f"/api/v1/lists/{decision}/documents/", {
        "doc_type": acc.programme.doc_type.code, "title": "关于认定2021年度新优质均衡(示范)学校的决定"}, format="json"),
        201)
    assert document["number"] == "沈教发〔2021〕1号"
    text = pdf_text(pdf_bytes(client_for(acc.city_head).get(f"/api/v1/documents/{document['id']}/pdf/")))
    assert "沈教发〔2021〕1号" in text and "沈河一校" in text and "和平一校" in text and "和平三校" not in text
    numbers = []
    for item in (items[3], items[0]):  # approved in the notice's order
        certificate = Certificate.objects.get(item=item)
        numbers.append(certificate.number)
        assert Tenure.objects.get(item=item).terms.programme_code == "new-quality"
        listed = ok(client_for(item.submitter).get("/api/v1/certificates/"))["results"]
        assert [row["number"] for row in listed] == [certificate.number]
    assert numbers == ["NEW-QUALITY-2021-0001", "NEW-QUALITY-2021-0002"]  # one series per programme and year
    assert not Certificate.objects.filter(item__in=[items[1], items[2], items[4]]).exists()
