"""The case flow's two steps whose 通过 needs the kind's own records first.

`Filing` (the target's 自评, 整改方案, 整改报告) passes only once its service wrote what it files,
so that the item page's plain 通过 cannot skip the scores or the text; `VisitStep` (督导进校) is a MeetingStep (its 通过 waits for the visit meeting to close) whose 通过
also waits for the team's leader's overall rating; `OpinionStep` (印发督导意见书) passes only
through `services.opinion.issue_opinion`, which numbers the document before it approves.
"""

from django.utils.translation import gettext as _

from workflows.engine import acts
from workflows.engine.exceptions import InvalidState
from workflows.engine.fanout.step import Report
from workflows.engine.meetings.step import MeetingStep
from workflows.engine.nodes import Step
from workflows.inspection.case_models import CaseDetails, RectificationReport


def _details(task) -> CaseDetails:
    return CaseDetails.objects.get(item_id=task.process.artifact_object_id)


class VisitStep(MeetingStep):
    def route(self, act, task, *, to: str, comment: str):
        if act == acts.APPROVE and not _details(task).rating:
            raise InvalidState(_("督导组组长尚未给出总体评价，不能结束进校督导。"))
        return super().route(act, task, to=to, comment=comment)


class OpinionStep(Step):
    def route(self, act, task, *, to: str, comment: str):
        if act == acts.APPROVE and _details(task).opinion_id is None:
            raise InvalidState(_("请先印发督导意见书。"))
        return super().route(act, task, to=to, comment=comment)


FILED = {
    "self_assessment": lambda task: _details(task).self_assessed_at is not None,
    "rectification_plan": lambda task: bool(_details(task).rectification_plan),
    "rectification_report": lambda task: RectificationReport.objects.filter(
        case_id=task.process.artifact_object_id, accepted__isnull=True).exists(),
}


class Filing(Report):
    def route(self, act, task, *, to: str, comment: str):
        filed = FILED.get(self.name)
        if act == acts.APPROVE and filed is not None and not filed(task):
            raise InvalidState(_("请在“%(step)s”页面填写并提交。") % {"step": self.task_title})
        return super().route(act, task, to=to, comment=comment)
