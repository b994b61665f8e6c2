"""The engine's domain errors and the HTTP status each maps to.

Views and the API translate with `http_status()`; services never return error codes. Bad input
(a missing comment, a step that may not be returned to) is a django ValidationError (400).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition
from viewflow.workflow.exceptions import FlowLockFailed


class WorkflowError(Exception):
    status_code = 400
    default_message = _("操作无法完成。")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotFound(WorkflowError, Http404):
    """Out of scope or missing: we do not confirm that it exists."""

    status_code = 404
    default_message = _("未找到该事项或待办，或您无权查看。")


class NotAllowed(WorkflowError, PermissionDenied):
    """Visible to the user, but not theirs to act on."""

    status_code = 403
    default_message = _("您无权办理此事项。")


class Conflict(WorkflowError):
    """Somebody else changed it first, or is changing it right now."""

    status_code = 409
    default_message = _("事项已被他人处理，请刷新后查看。")


class Busy(Conflict, FlowLockFailed):
    """The one lock attempt failed: another transaction holds the process. A FlowLockFailed too,
    so viewflow's timer dispatcher skips the task until its next run."""

    default_message = _("其他人正在办理此事项，请稍后刷新。")
    # A check that may turn this into another answer (NotFound), run by the service wrapper once
    # the transaction is rolled back: a held lock is no answer to someone who may not see the task.
    check_after_rollback = None


class TaskClosed(Conflict):
    default_message = _("此待办已办理或已撤销。")


class StaleState(Conflict):
    default_message = _("事项状态已变化，请刷新后重试。")


class InvalidState(Conflict):
    """The item is not in a state that allows this act (e.g. withdrawing after a decision)."""


def http_status(exc: BaseException) -> int | None:
    """The HTTP status for an exception a service may raise, or None if it is not ours."""
    if isinstance(exc, WorkflowError):
        return exc.status_code
    if isinstance(exc, (ConcurrentTransition, FlowLockFailed)):
        return 409
    if isinstance(exc, ValidationError):
        return 400
    if isinstance(exc, Http404):
        return 404
    if isinstance(exc, PermissionDenied):
        return 403
    return None


class TooSoon(Conflict):
    """Asked again before the interval is up (催办). `extra` goes into the API's error body."""

    default_message = _("操作过于频繁，请稍后再试。")

    def __init__(self, message=None, *, next_allowed_at=None):
        super().__init__(message)
        self.next_allowed_at = next_allowed_at
        # Local time, as the API writes every other moment.
        self.extra = {"next_allowed_at": timezone.localtime(next_allowed_at).isoformat()} if next_allowed_at else {}
