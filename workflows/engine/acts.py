"""The acts a person performs on an open task, as data the nodes declare.

A node says which decisions it offers (`Step.acts()`: 通过 / 退回 / 驳回 as its edges allow,
`Resubmit`: 重新提交, `ListStep`: 退回 / 驳回 only, since it is approved in lists) and what each
does (`node.route(act, ...)`). The item page, the API and the services all read the same
declaration: the page draws a button per offered act, the API lists them on the task, and the
service refuses an act the node does not offer. Who may act at all is workflows.engine.access.

Claiming (认领) is an act on the task's queue, not a decision, so it is not here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from workflows.engine.models import Outcome

# Longest comment any act stores (审批意见, 修改说明, 撤回原因, 转办/委派 opinion).
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Act:
    """One decision a node offers.

    `name` is the outcome written on the Decision and the API path's last part; `label` the
    button; `comment_label` what the comment box is called; `comment_required` whether the
    service refuses an empty comment; `takes_target` whether the act names a step to go to (退回);
    `style` the button's look."""

    name: str
    label: str
    comment_label: str = _("审批意见")
    comment_required: bool = False
    takes_target: bool = False
    style: str = ""

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.name)

    def __str__(self) -> str:
        return str(self.label)


APPROVE = Act(Outcome.APPROVE.value, _("通过"), style="primary")
RETURN = Act(Outcome.RETURN.value, _("退回"), comment_required=True, takes_target=True)
REJECT = Act(Outcome.REJECT.value, _("驳回"), comment_required=True, style="danger")
RESUBMIT = Act(Outcome.RESUBMIT.value, _("重新提交"), comment_label=_("修改说明"), style="primary")

DECISIONS = {act.name: act for act in (APPROVE, RETURN, REJECT, RESUBMIT)}


def act_named(name: str) -> Act | None:
    return DECISIONS.get(name)
