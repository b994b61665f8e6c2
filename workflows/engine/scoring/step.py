"""ScoringStep: the item waits here while its panel scores it; the department's close moves it.

    scoring = (
        ScoringStep(RoleAt(Role.CITY_REVIEWER, OWNING_DEPARTMENT), status=S.SCORING, title=_("专家评分"),
                    rubric=rubric_of, grades={"优秀": this.excellent}, limit=WorkingDays(10))
        .Approve(this.approved)   # the verdict passed (and its band, if any, is not in `grades`)
        .Reject(this.rejected)    # the verdict failed
    )

`rubric(item) -> Rubric`: the rubric the item is scored by (a campaign's, a programme's: the
kind's data); the first sheet freezes it (rubrics.services.use_rubric). The task is the
department's (deadline, reminders and timeout as any step: `limit=`, `OnTimeout`), but nobody
decides it: `services.close_scoring` computes the result and moves the item.
"""

from django.utils.translation import gettext as _
from viewflow import this
from viewflow.workflow.base import Edge

from workflows.engine.exceptions import InvalidState
from workflows.engine.nodes import Step, open_task_at


class ScoringStep(Step):
    def __init__(self, actor, *, status: str, rubric, title="", grades=None, **step_options):
        super().__init__(actor, status=status, title=title, **step_options)
        self.rubric_of = rubric
        self._grades = dict(grades or {})

    def _resolve(self, instance):
        super()._resolve(instance)
        self._grades = {label: this.resolve(instance, node) for label, node in self._grades.items()}

    def _outgoing(self):
        yield from super()._outgoing()
        for label, node in self._grades.items():
            yield Edge(src=self, dst=node, edge_class="next", label=label)

    def destination(self, verdict):
        """Where the verdict leads: its band's node if declared, else Approve() or Reject()."""
        if verdict.band and verdict.band in self._grades:
            return self._grades[verdict.band]
        return self.approves_to if verdict.passed else self.rejects_to

    def acts(self) -> tuple:
        """None: the panel's scores decide (services.close_scoring)."""
        return ()

    def route(self, act, task, *, to: str, comment: str):
        raise InvalidState(_("“%(step)s”环节由专家评分结果决定，请在评分结果页确认结果。") % {"step": self.task_title})


def scoring_task(item):
    """The item's open task at a ScoringStep (with its process), or None."""
    return open_task_at(item, ScoringStep)
