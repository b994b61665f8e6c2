"""A demo round of an accreditation campaign: the people of the demo city act through the real
services, one stage at a time, so each item stands where the flow put it (workflows.accreditation).

Two things cannot happen in one seeding run: a meeting that was held, and a 公示 that has ended.
For those the demo does what the calendar would have done: `held_visit` schedules the visit, then
moves its time to yesterday before recording it; `ended_notice` publishes the notice, then moves
its period into the past and lets the beat's own close (`close_notice`) approve the items. Both
are marked in the code below; nothing else is written around the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.orgs.models import User
from core.pdf import new_pdf, pdf_bytes
from core.orgs.roles import Role
from workflows.accreditation.flows import AccreditationFlow
from workflows.accreditation.services import (
    accreditation_create,
    accreditation_decide,
    accreditation_recommend,
    accreditation_submit,
    approval_document,
)
from workflows.demo.guide import holder
from workflows.engine import services
from workflows.engine.experts import selectors as panels
from workflows.engine.experts.draw import draw_panel
from workflows.engine.experts.pool import add_expert
from workflows.engine.experts.pool_models import Expert
from workflows.engine.experts.seats import accept_pledge
from workflows.engine.meetings.models import Meeting
from workflows.engine.meetings.services import close_meeting, record_attendance, record_minutes, schedule_meeting
from workflows.engine.notices.closing import close_notice
from workflows.engine.notices.models import Notice
from workflows.engine.notices.step import publish_notice
from workflows.engine.scoring.services import close_scoring, save_draft, submit_sheet

PASSED = "材料齐全，符合申报条件，同意。"


def evidence_pdf(school, slot_name: str) -> SimpleUploadedFile:
    """A real one-page PDF for an evidence slot, in the school's name (the upload checks read it)."""
    pdf = new_pdf(title=slot_name, author=school.name)
    pdf.multi_cell(0, 8, f"{school.name}\n{slot_name}（演示材料）\n\n本文件由演示数据生成，内容仅供试用。")
    return SimpleUploadedFile(f"{slot_name}.pdf", pdf_bytes(pdf), content_type="application/pdf")


def open_task(item):
    """The item's open human task (NEW or ASSIGNED), or None."""
    process = item.processes.order_by("-pk").first()
    return process and process.task_set.filter(flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]).first()


class Round:
    """The people of one campaign's round: its department's reviewer and head, each district's
    reviewer and head, each school's head."""

    def __init__(self, campaign):
        self.campaign = campaign
        self.department = campaign.owner_department
        self.reviewer = holder(Role.CITY_REVIEWER, self.department)
        self.head = holder(Role.CITY_HEAD, self.department)

    def applied(self, school, *, submit: bool = True):
        """The school head's application (submitted unless `submit` is False: a draft)."""
        head = holder(Role.SCHOOL_HEAD, school)
        programme = self.campaign.programme
        item = accreditation_create(organisation=school, owner_department=self.department, by=head,
                                    title=f"{school.name}{programme.name}申报", campaign=self.campaign,
                                    summary=f"{school.name}申报{programme.year}年度{programme.name}（演示数据）。",
                                    self_assessment=self._self_assessment())
        for slot in programme.slots.filter(required=True):
            services.add_evidence(item=item, by=head, slot=slot.code, upload=evidence_pdf(school, slot.name))
        if submit:
            accreditation_submit(item=item, by=head)
        return type(item).objects.get(pk=item.pk)

    def _self_assessment(self) -> dict:
        """Nine tenths of every leaf's full marks: what a confident school claims."""
        from workflows.accreditation.assessment import indicators_of

        return {spec.code: {"score": str(round(spec.max_score * 9 / 10)), "note": ""}
                for spec in indicators_of(self.campaign)}

    def district_passed(self, item):
        reviewer = holder(Role.DISTRICT_REVIEWER, item.organisation.parent)
        services.approve_task(task=open_task(item), by=reviewer, comment=PASSED)

    def recommended(self, items):
        """The district head's ranked recommendation list (推荐名单) of `items`, one district's."""
        head = holder(Role.DISTRICT_HEAD, items[0].organisation.parent)
        return accreditation_recommend(items=items, by=head, comment="经区县教育局研究，按排序推荐。")

    def formal_passed(self, item):
        services.approve_task(task=open_task(item), by=self.reviewer, comment="形式审查通过。")

    def panel(self, items, *, title: str):
        """A panel of three (and one 候补) for `items`, every member's pledge accepted."""
        self._pool()
        panel = draw_panel(items=items, size=3, reserves=1, by=self.reviewer, title=title, campaign=self.campaign)
        for seat in panels.seats_of(panel):
            if seat.state == "invited":
                accept_pledge(seat=seat, by=seat.expert.user)
        return panel

    def _pool(self):
        """The demo's experts in the department's pool (once)."""
        for user in User.objects.filter(username__startswith="expert_", is_active=True).order_by("username"):
            if not Expert.objects.filter(department=self.department, user=user).exists():
                home = user.active_grants().filter(role=Role.EXPERT).values_list("organisation", flat=True).first()
                if home:
                    add_expert(department=self.department, user=user, home=home, by=self.reviewer, title="高级教师")

    def sheets(self, item, scores: list[dict], *, scorers=None):
        """Each of `scorers` (default: the item's seated experts) submits its sheet of `scores`."""
        for seat, sheet in zip(scorers or panels.scorers(item), scores):
            lines = {code: {"score": str(score), "comment": "（演示）"} for code, score in sheet.items()}
            save_draft(item=item, by=seat.expert.user, lines=lines)
            submit_sheet(item=item, by=seat.expert.user)

    def scored(self, item, scores: list[dict]):
        """Every expert's sheet, then the department's close: the item moves on by its verdict."""
        self.sheets(item, scores)
        return close_scoring(item=item, by=self.reviewer)

    def visit(self, item, *, in_days: int = 3) -> Meeting:
        """The on-site visit (实地考察) scheduled `in_days` ahead, with the panel and the school head."""
        people = [{"user": seat.expert.user_id, "role": "expert"} for seat in panels.scored_by(item)]
        people.append({"user": holder(Role.SCHOOL_HEAD, item.organisation).pk, "role": "item"})
        starts_at = (timezone.localtime() + datetime.timedelta(days=in_days)).replace(hour=9, minute=0)
        return schedule_meeting(item=item, by=self.reviewer, starts_at=starts_at, place=f"{item.organisation.name}",
                                participants=people, agenda="听取汇报、查阅资料、实地查看、访谈师生。")

    def held_visit(self, item):
        """A visit held yesterday, recorded and closed; the reviewer passes the step."""
        meeting = self.visit(item)
        # The demo's one shortcut for meetings: it was held yesterday (attendance needs a begun meeting).
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
        meeting = Meeting.objects.get(pk=meeting.pk)
        record_attendance(meeting=meeting, by=self.reviewer,
                          attendance={row.user_id: "present" for row in meeting.participants.all()})
        record_minutes(meeting=meeting, by=self.reviewer, text="专家组实地查看了校舍、课堂和档案，访谈师生12人，认为符合标准。")
        close_meeting(meeting=meeting, by=self.reviewer)
        services.approve_task(task=open_task(item), by=self.reviewer, comment="实地考察符合要求。")

    def decided(self, items):
        return accreditation_decide(items=items, by=self.head, comment="经处务会研究确定。")

    def noticed(self, items) -> Notice:
        programme = self.campaign.programme
        return publish_notice(step=AccreditationFlow.notice, items=items, by=self.head,
                              title=f"{programme.year}年度{programme.name}拟认定名单公示")

    def ended_notice(self, items) -> Notice:
        """A 公示 that ran its days without objection: the items are approved by its close."""
        notice = self.noticed(items)
        now = timezone.now()
        # The demo's one shortcut for 公示: it was published three weeks ago and has ended.
        Notice.objects.filter(pk=notice.pk).update(starts_at=now - datetime.timedelta(days=21),
                                                   ends_at=now - datetime.timedelta(days=14))
        close_notice(notice=Notice.objects.get(pk=notice.pk))
        return notice

    def approval(self, list_act):
        programme = self.campaign.programme
        return approval_document(list_act=list_act, by=self.head,
                                 title=f"关于认定{programme.year}年度{programme.name}的批复")
