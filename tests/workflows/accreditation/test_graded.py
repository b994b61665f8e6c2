"""幼儿园星级评定, a graded programme: three kindergartens scored on the star rubric (the bands are
its data) land in three bands; the programme asks for an on-site visit (the Optional after the
expert review, a MeetingStep whose 通过 waits for its meeting) and no 答辩; the 公示 shows each
kindergarten's grade, and each approved one gets its certificate."""

import pytest
from django.test import Client

from core.calendar import install_test_calendar
from core.orgs.models import SchoolType
from core.orgs.roles import Role
from tests.factories import OrganisationFactory, person
from tests.workflows.accreditation.helpers import (
    NOTICE_STEP,
    S,
    accreditation_programme,
    at,
    ok,
)
from tests.workflows.api.helpers import client_for
from tests.workflows.engine.campaign_helpers import make_campaign
from tests.workflows.engine.conftest import open_task, reload
from tests.workflows.engine.experts.helpers import build_pool_city
from tests.workflows.engine.meetings.helpers import hold_meeting
from tests.workflows.engine.rubrics.helpers import star_rubric
from workflows import tasks
from workflows.accreditation.flows import AccreditationFlow
from workflows.accreditation.services import (
    accreditation_create,
    accreditation_decide,
    accreditation_recommend,
    accreditation_submit,
    approval_document,
)
from workflows.engine import services
from workflows.engine.certificates.models import Certificate
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.pool import add_expert
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.seats import accept_pledge
from workflows.engine.scoring.services import close_scoring, save_draft, submit_sheet
from workflows.engine.tenure.models import TermsPolicy
from workflows.programmes.models import Outcome
from tests.sample_files import pdf
from django.core.files.uploadedfile import SimpleUploadedFile
from core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
STARS = {"和平一幼": (560, 360), "和平二幼": (480, 320), "和平三幼": (380, 220)}  # 920 五星, 800 三星, 600 一星


def test_three_kindergartens_land_in_three_star_bands(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(at(2021, 6, 1), tick=False)
    install_test_calendar([2021, 2024])
    town = build_pool_city()
    department = town.department
    programme = accreditation_programme(department, town.city.city, code="kindergarten-stars", name="幼儿园星级评定",
                                        rubric=star_rubric(department, town.city.city, year=2021),
                                        school_types=[SchoolType.KINDERGARTEN], outcome=Outcome.GRADED,
                                        onsite_visit=True, notice_days=5)
    campaign = make_campaign(programme=programme, owner_department=department, total_quota=None,
                             opens_at=at(2021, 5, 1), closes_at=at(2021, 7, 1), name="2021年度")
    TermsPolicy.objects.create(kind="accreditation", programme_code=programme.code, name="幼儿园星级（3年复评）",
                               validity_years=3, reminder_days=[90, 30], report_opens="11-01", report_closes="12-31",
                               failures_to_revoke=2, renewal_skips=[], renewal_opens_days=180)
    experts = [add_expert(department=department, user=person(name, Role.EXPERT, home), home=home,
                          by=town.city.city, fields={}).user
               for name, home in (("zj_a", town.school_c1), ("zj_b", town.school_d1), ("zj_c", town.school_c2))]
    items = []
    for n, name in enumerate(STARS, 1):
        school = OrganisationFactory.school(parent=town.district_a, name=name, code=f"21010299{n:02d}",
                                            school_type=SchoolType.KINDERGARTEN)
        head = person(f"yz{n}", Role.SCHOOL_HEAD, school)
        item = accreditation_create(organisation=school, owner_department=department, by=head, title=f"{name}星级评定",
                                    campaign=campaign, self_assessment={"K1": {"score": 550}, "K2": {"score": 350}})
        services.add_evidence(item=item, by=head, slot="report", upload=SimpleUploadedFile("自评报告.pdf", pdf()))
        accreditation_submit(item=item, by=head)
        services.approve_task(task=open_task(item), by=town.reviewer)
        items.append(reload(item))
    accreditation_recommend(items=items, by=town.district_head)  # no district seats: no limit
    for item in items:
        services.approve_task(task=open_task(item), by=town.city.city)
        assert reload(item).status == S.EXPERT_REVIEW

    panel = draw_panel(items=items, size=3, reserves=0, by=town.city.city)
    for seat in panels.seats_of(panel):
        accept_pledge(seat=seat, by=seat.expert.user)
        for item in items:
            k1, k2 = STARS[item.organisation.name]
            save_draft(item=item, by=seat.expert.user, lines={"K1": {"score": k1}, "K2": {"score": k2}})
            submit_sheet(item=item, by=seat.expert.user)
    for item in items:
        close_scoring(item=item, by=town.city.city)
        moved = reload(item)
        assert moved.status == S.ONSITE_VISIT  # the programme's visit, taken after the scores
        assert AuditEvent.objects.filter(action="stage_included", data__step="onsite_visit").count() == items.index(item) + 1
    assert [item.as_kind().grade() for item in items] == ["五星", "三星", "一星"]

    for item in items:
        hold_meeting(item, town.city.city, [(experts[0], "expert"), (town.city.city, "staff")])
        services.approve_task(task=open_task(item), by=town.city.city)
        assert reload(item).status == S.CITY_DECISION  # no 答辩 in this programme: straight to the decision
    decision = accreditation_decide(items=list(reversed(items)), by=town.city_head)  # ranked by score, whatever the order
    assert [m.item_id for m in decision.members.order_by("rank")] == [item.pk for item in items]

    notice = ok(client_for(town.city_head).post("/api/v1/notices/", {
        "step": NOTICE_STEP, "items": [i.pk for i in items], "title": "2021年度幼儿园星级评定结果公示"},
        format="json"), 201)
    page = Client().get(f"/public/notices/{notice['id']}/").content.decode()
    assert "拟评定为五星" in page and "拟评定为三星" in page and "拟评定为一星" in page
    time_machine.move_to(at(2021, 6, 9, 17, 31), tick=False)
    tasks.fire_timers()
    assert [reload(item).status for item in items] == [S.APPROVED] * 3
    assert Certificate.objects.filter(item__in=items).count() == 3
    document = approval_document(list_act=decision, by=town.city_head)  # the programme's type: 决定 (沈教发)
    assert document.number_text == "沈教发〔2021〕1号" and document.title == "关于评定2021年度幼儿园星级评定的决定"
    assert list(document.lines.values_list("text", flat=True)) == ["和平一幼（五星）", "和平二幼（三星）", "和平三幼（一星）"]
    assert AccreditationFlow.visit_switch.task_title == "项目含实地考察"
