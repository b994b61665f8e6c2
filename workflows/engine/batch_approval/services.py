"""批量审批: `approve_tasks` approves several tasks of one step with one comment.

Each task is one call of `approve_task` (the one `decide`), so each runs in its own transaction
with every rule of a single approval: scope (404), its own NOWAIT lock (409 while someone else
acts on it), who may act (403: the owner, the queue, a 委托 proxy), the step's own route, the
status change, the decision, the audit event and the messages. One refused task rolls back only
itself; the others stand.

A task still in the queue (可领取) is claimed and approved in that one transaction, as a single
通过 from the queue is (`decide` claims it for the handler): if the approval is refused, nothing
is taken from the queue. No separate 认领 event is written; the decision names who took it.

When the batch is over, one `batch_approve` event on the acting user records what was asked and
what became of each task (its own short transaction, after the tasks'): the single events say
what happened to each item, this one that it was a batch.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit.services import record_event
from workflows.engine.acts import COMMENT_MAX
from workflows.engine.batch_approval import rules
from workflows.engine.exceptions import NotAllowed, NotFound, WorkflowError
from workflows.engine.models import item_of_process
from workflows.engine.services.tasks import approve_task

DONE, REFUSED = "done", "refused"
AUDIT_ACTION = "batch_approve"
AUDIT_LABELS = {AUDIT_ACTION: gettext_lazy("批量通过")}  # the admin's audit log (registered in apps.ready)


@dataclass
class Line:
    """What became of one chosen task. `item` and `decision` only for a task the user may know of
    (a missing task and one outside their scope look the same: `item` None, code not_found)."""

    task_id: int
    result: str
    reason: str = ""
    code: str = ""
    item: object = None
    decision: object = None

    @property
    def done(self) -> bool:
        return self.result == DONE


@dataclass
class BatchResult:
    step: rules.BatchStep | None
    comment: str
    lines: list[Line]

    @property
    def done_count(self) -> int:
        return sum(1 for line in self.lines if line.done)

    @property
    def refused_count(self) -> int:
        return len(self.lines) - self.done_count


def check_comment(comment) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": ValidationError(_("审批意见最多%(max)s字。") % {"max": COMMENT_MAX}, code="max_length")})
    return comment


def approve_tasks(*, tasks, by, comment: str = "") -> BatchResult:
    """通过 each of `tasks` (ids or Task objects) with `comment`, each in its own transaction.

    Refused as a whole (ValidationError, 400, nothing written): no task, more than
    rules.batch_max(), a comment too long, tasks of two steps, a step not approved by 通过 alone.
    Otherwise every task has a Line, in the order given: done, or refused with the reason in
    Chinese (not found, already decided, someone else's, busy, the step's own refusal)."""
    ids = rules.task_ids(getattr(task, "pk", task) for task in tasks)
    comment = check_comment(comment)
    known = rules.known_tasks(by, ids)
    step = rules.common_step(known.values())
    lines = [_approve_one(pk, known, by, comment) for pk in ids]
    result = BatchResult(step=step, comment=comment, lines=lines)
    _record(result, by)
    return result


def _approve_one(pk, known, by, comment) -> Line:
    if pk not in known:  # not asked at all: the same answer as for a task that does not exist
        return Line(pk, REFUSED, str(NotFound.default_message), "not_found")
    try:
        decision = approve_task(task=pk, by=by, comment=comment)
    except (WorkflowError, ValidationError, Http404, PermissionDenied) as exc:
        reason, code = refusal_of(exc)
        item = None if code == "not_found" else item_of_process(known[pk].process)
        return Line(pk, REFUSED, reason, code, item=item)
    return Line(pk, DONE, item=decision.item, decision=decision)


def refusal_of(exc) -> tuple[str, str]:
    """(reason in words, code) of a refused task: the API's codes for the same errors."""
    if isinstance(exc, WorkflowError):
        name = type(exc).__name__
        return str(exc.message), "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    if isinstance(exc, ValidationError):
        errors = [e for group in exc.error_dict.values() for e in group] if hasattr(exc, "error_dict") else exc.error_list
        return " ".join(exc.messages), next((e.code for e in errors if e.code), "invalid")
    if isinstance(exc, Http404):
        return str(NotFound.default_message), "not_found"
    return str(NotAllowed.default_message), "not_allowed"


def _record(result: BatchResult, by) -> None:
    with transaction.atomic():
        record_event(
            action=AUDIT_ACTION, target=by, actor=by, comment=result.comment,
            data={"step": result.step.key if result.step else "",
                  "lines": [{"task": line.task_id, "result": line.result, "code": line.code,
                             "decision": line.decision.pk if line.decision else None} for line in result.lines]},
        )
