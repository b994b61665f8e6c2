"""The case flow's two steps whose 通过 needs the kind's own records first.

`VisitStep` (督导进校) is a MeetingStep (its 通过 waits for the visit meeting to close) whose 通过
also waits for the team's leader's overall rating; `OpinionStep` (印发督导意见书) passes only
through `services.opinion.issue_opinion`, which numbers the document before it approves.
"""

from django.utils.translation import gettext as _

from workflows.engine import acts
from workflows.engine.exceptions import InvalidState
from workflows.engine.meetings.step import MeetingStep
from workflows.engine.nodes import Step
from workflows.inspection.case_models import CaseDetails


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
